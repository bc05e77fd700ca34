/**
 * The SQLite store full while members ask (issue 9: "a store that is down, locked or full costs that
 * record (logged), never the answer"). `npm start` against the local Discord, and the store made
 * full two ways: capped by INSIGHTS_MAX_MB and filled to the cap from another connection (runs
 * everywhere), and on a real disk that is full, a small tmpfs filled by another file (where the test
 * may mount one: it runs as root in CI). Either way the bot's writes fail with SQLITE_FULL,
 * SQLite's "database or disk is full". Every question is answered meanwhile, the loss is logged
 * once for the burst (with a count), nothing crashes, and once room is made recording resumes and
 * says how much it lost.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../src/store/sqlite.js';
import { member, until } from '../support/bot-harness.js';
import { FakeDiscord, type InteractionHandle } from '../support/fake-discord.js';
import { botPid, logLines, startNpmBot } from '../support/npm-bot.js';
import type { ScriptRun } from '../support/spawn-script.js';

const QUESTION = 'How many strikes has the US reported?';
const ANSWER = '14 strikes';
const CAP_MB = 1;
const BURST = 30;
/** 30 questions over about 2 s: four or five of the store's batches, each failing. */
const BURST_SPACING_MS = 70;
const LOST_MSG = 'insights store: records lost';

let discord: FakeDiscord | undefined;
let home: string | undefined;
let run: ScriptRun;
let file: string;
let asked = 0;
let unmount: (() => void) | undefined;

afterEach(async () => {
  if (run && run.child.exitCode === null) {
    process.kill(botPid(run), 'SIGKILL');
    await run.exit;
  }
  await discord?.stop();
  discord = undefined;
  unmount?.();
  unmount = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function fake(): FakeDiscord {
  if (!discord) throw new Error('the local Discord is not running');
  return discord;
}

/** `npm start` with its store in `dataDir`. */
async function start(dataDir: string, env: Record<string, string> = {}): Promise<void> {
  discord = await FakeDiscord.start();
  file = join(dataDir, SQLITE_FILE);
  run = await startNpmBot(discord, home as string, { DATA_DIR: dataDir, ...env });
}

function ask(): InteractionHandle {
  asked += 1;
  return fake().sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(asked) });
}

/**
 * Asks `count` questions `spacingMs` apart and checks every one is answered with the story's words.
 * Spaced over a few seconds, a burst spans several of the store's half-second batches.
 */
async function burst(count: number, spacingMs = 0): Promise<string[]> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < count; i++) {
    handles.push(ask());
    if (spacingMs > 0) await new Promise((done) => setTimeout(done, spacingMs));
  }
  for (const handle of handles) expect((await handle.final(10_000)).embeds[0]?.description).toContain(ANSWER);
  return handles.map((h) => h.id);
}

/** A connection of our own to the bot's store file, as another process on the machine has. */
function withDb<T>(work: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('busy_timeout = 5000');
    return work(db);
  } finally {
    db.close();
  }
}

const storedIds = (): Set<string> =>
  withDb((db) => new Set((db.prepare('select id from questions').all() as { id: string }[]).map((r) => r.id)));

/**
 * Fills the file to the cap with rows shaped like the bot's (same guild, earlier ids and times, a
 * passage as long), until SQLite refuses one with SQLITE_FULL: the bot's later rows, which sort
 * after these in every index, need a page that is not there.
 */
function fillToCap(): number {
  return withDb((db) => {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.pragma(`max_page_count = ${Math.floor((CAP_MB * 1024 * 1024) / pageSize)}`);
    const insert = db.prepare(
      `insert into questions (id, at, guild_id, channel_id, story_filter, question, normalized, outcome, top_story,
         top_paragraph, top_sentence, top_text, latency_ms, member_hash)
       values (?, ?, ?, ?, null, ?, ?, 'answered', 'filler', 1, 0, ?, 5, ?)`,
    );
    const at = Date.now() - 60_000;
    for (let i = 0; ; i++) {
      try {
        insert.run(
          `0${String(i).padStart(18, '0')}`,
          at,
          fake().guildId,
          fake().channelId,
          QUESTION,
          QUESTION.toLowerCase(),
          'x'.repeat(300),
          'f'.repeat(64),
        );
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SQLITE_FULL');
        return i;
      }
    }
  });
}

/** Fills the tmpfs under DATA_DIR with another file until the disk has not a byte left. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (let size = chunk.length; size > 0; ) {
      try {
        written += writeSync(fd, chunk, 0, size);
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
        size = Math.floor(size / 2);
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/** A tmpfs of `size` at `dir`, or undefined where this process may not mount one. */
function mountTmpfs(dir: string, size: string): (() => void) | undefined {
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
}

/**
 * With the bot running and recording: `fill` makes the store full, a burst is asked, `free` makes
 * room, another burst is asked; checks the answers, the log and the store at each step.
 */
async function fullThenRoom(fill: () => void, free: () => void): Promise<void> {
  // Recording works before the store is full.
  const [first] = await burst(1);
  await until(() => storedIds().has(first as string), 'the first question to be recorded');

  fill();
  // Full: every member still gets the answer…
  const lost = await burst(BURST, BURST_SPACING_MS);
  // …the batches (written at least every 500 ms) fail, and are logged once, with SQLite's code…
  await until(() => logLines(run).some((l) => String(l.msg).startsWith(LOST_MSG)), 'the loss to be logged');
  await new Promise((done) => setTimeout(done, 1_500));
  const warnings = logLines(run).filter((l) => String(l.msg).startsWith(LOST_MSG));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ store: 'sqlite', err: { code: 'SQLITE_FULL' } });
  expect(Number(warnings[0]?.lost)).toBeGreaterThan(0);
  const stored = storedIds();
  expect(lost.filter((id) => stored.has(id))).toEqual([]);
  // …and nothing crashed: the bot's process is the one that started, still answering.
  expect(run.child.exitCode).toBe(null);
  expect(() => process.kill(botPid(run), 0)).not.toThrow();

  free();
  const kept = await burst(10);
  await until(() => kept.every((id) => storedIds().has(id)), 'the questions asked after room was made to be recorded');
  const resumed = logLines(run).find((l) => l.msg === 'insights store: writing again');
  // Every question of the full burst is accounted for: the first lost batch, logged at once, then
  // the later batches, counted silently and reported when writing resumed.
  expect(Number(resumed?.lostMeanwhile)).toBeGreaterThan(0);
  expect(Number(warnings[0]?.lost) + Number(resumed?.lostMeanwhile)).toBe(BURST);
  expect(logLines(run).filter((l) => String(l.msg).startsWith(LOST_MSG))).toHaveLength(1);

  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(0);
  expect(withDb((db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
}

describe('the SQLite store full while members ask (npm start)', () => {
  it('capped by INSIGHTS_MAX_MB: answers every question, logs the loss once for the burst, records again once there is room', {
    timeout: 90_000,
  }, async () => {
    home = mkdtempSync(join(tmpdir(), 'story-bot-full-'));
    await start(join(home, 'data'), { INSIGHTS_MAX_MB: String(CAP_MB) });
    await fullThenRoom(
      () => expect(fillToCap()).toBeGreaterThan(100),
      // Room again (the retention purge or an operator deletes old rows): freed pages are reused.
      () => withDb((db) => db.prepare("delete from questions where top_story = 'filler'").run()),
    );
  });

  it('on a disk that is full: the same, and recording resumes once the disk has room', { timeout: 90_000 }, async (ctx) => {
    home = mkdtempSync(join(tmpdir(), 'story-bot-full-'));
    const disk = join(home, 'disk');
    unmount = mountTmpfs(disk, '4m');
    if (!unmount)
      ctx.skip('this process may not mount a tmpfs (needs root and CAP_SYS_ADMIN); the INSIGHTS_MAX_MB case covers SQLITE_FULL');
    await start(join(disk, 'data'));
    const filler = join(disk, 'filler');
    await fullThenRoom(
      () => expect(fillDisk(filler)).toBeGreaterThan(1024 * 1024),
      () => rmSync(filler),
    );
  });
});
