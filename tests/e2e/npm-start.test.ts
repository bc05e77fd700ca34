import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { member, until } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { ROOT, runNpm, type ScriptRun } from '../support/spawn-script.js';

/**
 * The bot as operators run it: `npm start` and `npm run start:sharded` typed as such, in the
 * project root, against the local Discord. A stories folder changed under the running bot is
 * answered from within 10 s (new, changed by write-then-rename, removed; a bad file named in the
 * log while the last good stories keep answering), and SIGTERM or SIGKILL sent to npm alone —
 * as `docker stop` or a supervisor does — stops the bot, leaving no process behind.
 */

const SEED = join(ROOT, 'seeds', '000_71bf02bc287789e0');
const SECOND = join(ROOT, 'eval', 'second-story', '001_kellbridge_water');
const SECOND_QUESTION = 'How many residents of Kellbridge were told to boil their water?';
const SECOND_ANSWER = 'Around 40,000 residents of Kellbridge';
const SEED_QUESTION = 'How many strikes has the US reported?';
const SEED_ANSWER = '14 strikes';
/** What the acceptance allows for a change to be answered. */
const PICKUP_MS = 10_000;

let discord: FakeDiscord;
let home: string;
let seeds: string;
const runs: ScriptRun[] = [];

beforeEach(async () => {
  discord = await FakeDiscord.start();
  home = mkdtempSync(join(tmpdir(), 'story-bot-npm-'));
  seeds = join(home, 'seeds');
  execFileSync('mkdir', [seeds]);
  for (const ext of ['.txt', '.json']) copyFileSync(SEED + ext, join(seeds, `000_71bf02bc287789e0${ext}`));
});

afterEach(async () => {
  for (const run of runs.splice(0)) {
    for (const pid of descendants(run.child.pid)) killQuietly(pid);
    run.child.kill('SIGKILL');
  }
  await discord.stop();
  rmSync(home, { recursive: true, force: true });
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Every process below `pid` (children first found by `ps`), so a test can check none is left. */
function descendants(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function start(script: 'start' | 'start:sharded', env: Record<string, string> = {}): ScriptRun {
  const run = runNpm(script, home, {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SEEDS_DIR: seeds,
    LOG_LEVEL: 'info',
    ASK_COOLDOWN_SECONDS: '0',
    ...env,
  });
  runs.push(run);
  return run;
}

let asked = 0;
/** The answer's passages, or '' for a refusal. */
async function ask(question: string): Promise<string> {
  asked += 1;
  const reply = await discord.sendCommand('ask', [{ name: 'question', value: question }], { userId: member(asked) }).final(5_000);
  return reply.embeds[0]?.description ?? '';
}

/** Asks until the answer satisfies `ok`, within the time the README promises. */
async function askUntil(question: string, ok: (answer: string) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + PICKUP_MS;
  for (;;) {
    if (ok(await ask(question))) return;
    if (Date.now() > deadline) throw new Error(`not within ${PICKUP_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function storyList(): Promise<string> {
  asked += 1;
  const reply = await discord.sendCommand('story', [], { userId: member(asked) }).final(5_000);
  return JSON.stringify(reply.embeds);
}

describe('npm start, its stories folder changed while it runs', () => {
  it('answers a new story, a changed one and a removed one within 10 s, and names a bad file while answering', async () => {
    const run = start('start');
    await until(() => run.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 30_000);
    expect(await ask(SECOND_QUESTION)).not.toContain(SECOND_ANSWER);

    // A plain copy of a new story.
    copyFileSync(`${SECOND}.json`, join(seeds, '001_kellbridge_water.json'));
    copyFileSync(`${SECOND}.txt`, join(seeds, '001_kellbridge_water.txt'));
    await askUntil(SECOND_QUESTION, (a) => a.includes(SECOND_ANSWER), 'the new story answered');
    expect(await storyList()).toContain('Kellbridge');
    expect(run.stdout()).toContain('"msg":"stories re-indexed"');

    // Changed, as editors and deploy tools write: a temporary file renamed over the old one.
    const changed = readFileSync(`${SECOND}.txt`, 'utf8').replace('Around 40,000 residents', 'Around 52,000 residents');
    writeFileSync(join(seeds, 'tmp-edit'), changed);
    renameSync(join(seeds, 'tmp-edit'), join(seeds, '001_kellbridge_water.txt'));
    await askUntil(SECOND_QUESTION, (a) => a.includes('Around 52,000 residents'), 'the changed text answered');

    // A binary file: named in the log, and the last good stories keep answering.
    writeFileSync(join(seeds, 'scan.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff]));
    await until(() => run.stdout().includes('scan.txt'), 'the bad file to be logged', PICKUP_MS);
    expect(run.stdout()).toMatch(/story file rejected: [^"]*scan\.txt/);
    expect(await ask(SEED_QUESTION)).toContain(SEED_ANSWER);
    expect(await ask(SECOND_QUESTION)).toContain('Around 52,000 residents');

    // Both removed: the story's questions are refused again, the seed's still answered.
    unlinkSync(join(seeds, 'scan.txt'));
    unlinkSync(join(seeds, '001_kellbridge_water.txt'));
    unlinkSync(join(seeds, '001_kellbridge_water.json'));
    await askUntil(SECOND_QUESTION, (a) => !a.includes('residents'), 'the removed story refused');
    expect(await storyList()).not.toContain('Kellbridge');
    expect(await ask(SEED_QUESTION)).toContain(SEED_ANSWER);
  }, 90_000);
});

describe('stopping npm start and npm run start:sharded by signalling npm alone', () => {
  it('SIGTERM to npm start: the bot logs its shutdown, exits, and no process is left', async () => {
    const run = start('start');
    await until(() => run.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 30_000);
    const below = descendants(run.child.pid);
    expect(below.length).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('"msg":"shutting down"');
    // The event loop's figures since ready, logged once more as the bot stops.
    const line = run
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"event-loop delay"'));
    expect(line).toBeDefined();
    const { eventLoop, final } = JSON.parse(line as string) as { eventLoop: Record<string, unknown>; final?: boolean };
    expect(final).toBe(true);
    for (const field of ['maxMs', 'p99Ms', 'meanMs', 'samples', 'sinceMs']) expect(eventLoop[field]).toEqual(expect.any(Number));
    expect(eventLoop.maxMs as number).toBeGreaterThanOrEqual(eventLoop.p99Ms as number);
    await until(() => below.every((pid) => !alive(pid)), 'every process of the bot to exit', 10_000);
  }, 60_000);

  it('SIGKILL to npm start (nothing passed on): the orphaned bot stops by itself within seconds', async () => {
    const run = start('start');
    await until(() => run.stdout().includes('"msg":"bot ready"'), 'the bot to be ready', 30_000);
    const below = descendants(run.child.pid);
    run.child.kill('SIGKILL');
    await until(() => below.every((pid) => !alive(pid)), 'the orphaned bot to exit', 10_000);
  }, 60_000);

  it('SIGTERM to npm run start:sharded: the manager stops every shard and nothing is left', async () => {
    const run = start('start:sharded', { SHARD_COUNT: '1', SHARD_SPAWN_DELAY_MS: '0' });
    await until(() => run.stdout().includes('"msg":"every shard ready"'), 'the shard to be ready', 45_000);
    expect(await ask(SEED_QUESTION)).toContain(SEED_ANSWER);
    const below = descendants(run.child.pid);
    expect(below.length).toBeGreaterThan(1);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    await until(() => below.every((pid) => !alive(pid)), 'the manager and its shard to exit', 15_000);
  }, 90_000);
});

describe('npm start with a story it cannot load', () => {
  it('names the file, with the path through the same token scrub as the logs', async () => {
    // An operator who pasted the token into a folder name: the path is printed, the token is not.
    const folder = join(home, `stories-${discord.token}`);
    execFileSync('mkdir', [folder]);
    writeFileSync(join(folder, 'broken.txt'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
    const run = start('start', { SEEDS_DIR: folder });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/Cannot load the stories: .*\[redacted\].*broken\.txt/);
    expect(run.output()).not.toContain(discord.token);
  }, 30_000);
});
