import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_TEXT } from '../../src/bot/dispatch.js';
import { DiscordErrors, FakeDiscord } from '../support/fake-discord.js';
import { member, until } from '../support/bot-harness.js';
import { ROOT, runScript, type ScriptRun } from '../support/spawn-script.js';

/**
 * `npm start` as a process, against the local Discord: a token Discord refuses (at login, or
 * revoked while running) ends it with exit code 1 and a message an operator can act on; SIGTERM
 * lets the answers in flight finish first; and the token never appears in anything it prints,
 * through start-up, errors and shutdown.
 */

const SEEDS = join(ROOT, 'seeds');
const QUESTION = 'How many strikes has the US reported?';
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

let discord: FakeDiscord;
let cwd: string;
let started: ChildProcess[] = [];

beforeEach(async () => {
  discord = await FakeDiscord.start();
  cwd = mkdtempSync(join(tmpdir(), 'story-bot-process-'));
});

afterEach(async () => {
  for (const child of started) child.kill('SIGKILL');
  started = [];
  await discord.stop();
  rmSync(cwd, { recursive: true, force: true });
});

type Run = ScriptRun;

/** `npm start` (src/bot/main.ts) in an empty directory, with only these variables. */
function start(env: Record<string, string>): Run {
  const run = runScript('src/bot/main.ts', cwd, { DISCORD_API_URL: discord.apiUrl, SEEDS_DIR: SEEDS, ...env });
  started.push(run.child);
  return run;
}

async function ready(run: Run): Promise<void> {
  await until(() => run.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 20_000);
}

/** Every part of a token, so that a partial leak is caught too. */
function tokenParts(token: string): string[] {
  return [token, ...token.split('.').filter((part) => part.length >= 6)];
}

describe('a token Discord refuses', () => {
  it('at login: exits 1, saying Discord rejected DISCORD_TOKEN, without printing it', async () => {
    const wrong = 'd3Jvbmc.dG9rZW4.for-this-test-only-not-the-real-one';
    const run = start({ DISCORD_TOKEN: wrong });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/Could not connect to Discord: Discord rejected the token \(401 Unauthorized\): check DISCORD_TOKEN/);
    for (const part of tokenParts(wrong)) expect(run.output()).not.toContain(part);
  });

  it('revoked while running (gateway close 4004): exits 1 with a clear message, without printing it', async () => {
    const token = discord.token;
    const run = start({ DISCORD_TOKEN: token });
    await ready(run);
    discord.revokeToken();
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(
      /Disconnected from Discord for good: Discord rejected the token: check DISCORD_TOKEN.*\(gateway close code 4004\)/,
    );
    for (const part of tokenParts(token)) expect(run.output()).not.toContain(part);
  });
});

describe('one run of npm start: start-up, answers, errors, a lost interaction, shutdown with an answer in flight', () => {
  it('finishes the answer in flight on SIGTERM, and the token is in nothing it printed, even at trace level', async () => {
    const token = discord.token;
    const run = start({ DISCORD_TOKEN: token, LOG_LEVEL: 'trace' });
    await ready(run);
    const ask = (n: number) => discord.sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(n) });
    expect((await ask(1).final()).embeds[0]?.description).toContain('14 strikes');
    // An error the member is told about: a callback failing past discord.js's retries.
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.serverError, 4);
    expect((await ask(2).final()).content).toBe(ERROR_TEXT);
    // An interaction Discord has forgotten.
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.unknownInteraction);
    const lost = ask(3);
    await until(() => run.stdout().includes(lost.id), 'the lost interaction to be logged');
    // A forged button and an unknown command.
    const answer = await ask(4).final();
    await discord.sendButton('ask:ctx:1:1:forged:../../etc/passwd', answer, { userId: member(5) }).final();
    await discord.sendCommand('no-such-command', [], { userId: member(6) }).final();
    // An answer still in flight when SIGTERM comes: its reply waits out a rate limit.
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.rateLimited(1));
    const inFlight = ask(7);
    await until(
      () => discord.requests.some((r) => r.path.startsWith(`/interactions/${inFlight.id}/`) && r.status === 429),
      'the rate-limited reply',
    );
    run.child.kill('SIGTERM');
    expect((await inFlight.final(10_000)).embeds[0]?.description).toContain('14 strikes');
    expect(await run.exit).toBe(0);
    const lines = run.stdout();
    for (const msg of [
      'interaction failed',
      'interaction expired before it was answered',
      'shutting down',
      'finished the answers in flight',
    ]) {
      expect(lines).toContain(`"msg":"${msg}"`);
    }
    for (const part of tokenParts(token)) expect(run.output()).not.toContain(part);
  });
});

const gitAvailable = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() === 'true';

describe('.env', () => {
  it.skipIf(!gitAvailable)('is ignored by git, and not tracked', () => {
    expect(spawnSync('git', ['check-ignore', '--quiet', '.env'], { cwd: ROOT }).status).toBe(0);
    expect(spawnSync('git', ['ls-files', '--', '.env'], { cwd: ROOT, encoding: 'utf8' }).stdout).toBe('');
  });
});

afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
});
