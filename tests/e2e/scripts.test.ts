import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/bot/registry.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { ROOT, runScript, type ScriptRun } from '../support/spawn-script.js';

/**
 * `npm start` and `npm run deploy-commands` as operators run them: separate processes, reading
 * the environment. They run in an empty directory so a developer's own .env cannot leak in.
 */

const SEEDS = join(ROOT, 'seeds');

let discord: FakeDiscord;
let cwd: string;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  cwd = mkdtempSync(join(tmpdir(), 'story-bot-'));
});

afterAll(async () => {
  await discord?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

type Run = ScriptRun;

function run(script: string, env: Record<string, string>): Run {
  return runScript(script, cwd, { DISCORD_TOKEN: '', ...env });
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start', () => {
  it('without a token exits at once, naming DISCORD_TOKEN and the offline npm run ask', async () => {
    const start = run('src/bot/main.ts', { SEEDS_DIR: SEEDS });
    expect(await start.exit).toBe(1);
    expect(start.stderr()).toContain('DISCORD_TOKEN');
    expect(start.stderr()).toContain('npm run ask -- "your question"');
    // It never got as far as connecting.
    expect(discord.requests.filter((r) => r.path === '/gateway/bot')).toEqual([]);
  });

  it('lists every bad variable at once and never prints the token', async () => {
    const start = run('src/bot/main.ts', {
      DISCORD_TOKEN: 'secret token with spaces',
      DISCORD_API_URL: 'not a url',
      LOG_LEVEL: 'loud',
      SEEDS_DIR: SEEDS,
    });
    expect(await start.exit).toBe(1);
    for (const name of ['DISCORD_TOKEN', 'DISCORD_API_URL', 'LOG_LEVEL']) expect(start.stderr()).toContain(name);
    expect(start.stderr() + start.stdout()).not.toContain('secret token');
  });

  it('names the story file it cannot load', async () => {
    const seeds = mkdtempSync(join(cwd, 'seeds-'));
    writeFileSync(join(seeds, 'broken.txt'), 'A paragraph.\n');
    writeFileSync(join(seeds, 'broken.json'), '{ not json');
    const start = run('src/bot/main.ts', { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, SEEDS_DIR: seeds });
    expect(await start.exit).toBe(1);
    expect(start.stderr()).toContain('broken.json');
  });

  it('connects, answers, and shuts down cleanly on SIGTERM', async () => {
    const start = run('src/bot/main.ts', {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SEEDS_DIR: SEEDS,
      LOG_LEVEL: 'info',
    });
    try {
      await until(() => start.stdout().includes('"msg":"bot ready"'), 'the bot to be ready');
      const answer = await discord.sendCommand('ask', [{ name: 'question', value: 'How many strikes has the US reported?' }]).final(10_000);
      expect(answer.embeds[0]?.description).toContain('14 strikes');
      start.child.kill('SIGTERM');
      expect(await start.exit).toBe(0);
      expect(start.stdout()).toContain('"msg":"shutting down"');
      expect(start.stdout()).not.toContain(discord.token);
    } finally {
      start.child.kill('SIGKILL');
    }
  });
});

describe('npm run deploy-commands', () => {
  it('needs the token and the client id', async () => {
    const deploy = run('src/bot/deploy-commands.ts', { DISCORD_API_URL: discord.apiUrl });
    expect(await deploy.exit).toBe(1);
    expect(deploy.stderr()).toContain('DISCORD_TOKEN');
    expect(deploy.stderr()).toContain('DISCORD_CLIENT_ID');
  });

  it('registers the registry’s commands in the guild and says what it registered', async () => {
    const deploy = run('src/bot/deploy-commands.ts', {
      DISCORD_TOKEN: discord.token,
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(await deploy.exit).toBe(0);
    const names = loadRegistry()
      .payload()
      .map((c) => c.name);
    expect(discord.registeredCommands()?.body.map((c) => (c as { name: string }).name)).toEqual(names);
    expect(deploy.stdout()).toContain(`Registered ${names.length} commands in server ${discord.guildId}`);
    expect(deploy.stdout()).toContain('/ask');
    expect(deploy.stdout()).toContain('Ask the story (message menu)');
  });

  it('reports a refused token without printing it', async () => {
    const deploy = run('src/bot/deploy-commands.ts', {
      DISCORD_TOKEN: 'not-the-right-token',
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(await deploy.exit).toBe(1);
    expect(deploy.stderr()).toContain('Check DISCORD_TOKEN');
    expect(deploy.stderr()).not.toContain('not-the-right-token');
  });
});

it('leaves no stray files in the working directory: only the insights store, in DATA_DIR’s default data/', () => {
  expect(readdirSync(cwd).filter((f) => !f.startsWith('seeds-'))).toEqual(['data']);
  expect(readdirSync(join(cwd, 'data')).filter((f) => !f.startsWith('insights.'))).toEqual([]);
});
