/**
 * The store under the conditions production meets: several processes writing at once, the
 * database unreachable or locked while members ask, and a process killed in the middle of a burst.
 * Each runs on SQLite and on PostgreSQL.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { StoreConfig } from '../../src/store/index.js';
import { SQLITE_FILE } from '../../src/store/sqlite.js';
import type { QuestionRecord } from '../../src/store/types.js';
import { adminQuery } from '../support/postgres.js';
import { runScript, type ScriptRun } from '../support/spawn-script.js';
import { kinds, newPlace, type Place } from '../support/store-fixture.js';

const WRITER = 'tests/support/store-writer.ts';

function writer(place: Place, env: Record<string, string>): ScriptRun {
  return runScript(WRITER, place.config.DATA_DIR, { ...place.env, LOG_LEVEL: 'info', ...env });
}

/** Resolves when the process has printed `line`. */
function waitFor(run: ScriptRun, line: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "${line}" within ${timeoutMs} ms; output:\n${run.output()}`)), timeoutMs);
    const check = () => {
      if (run.stdout().includes(line)) {
        clearTimeout(timer);
        run.child.stdout?.off('data', check);
        done();
      }
    };
    run.child.stdout?.on('data', check);
    check();
  });
}

let seq = 0;
const question = (over: Partial<QuestionRecord> = {}): QuestionRecord => ({
  id: `r${++seq}`,
  at: new Date(),
  guildId: null,
  channelId: null,
  storyFilter: null,
  question: 'Who is Hegseth?',
  outcome: 'answered',
  top: null,
  latencyMs: 1,
  memberId: '200000000000000001',
  ...over,
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe.each(kinds())('insights store on %s, under stress', (kind) => {
  let place: Place;
  beforeEach(async () => {
    place = await newPlace(kind);
  });
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await place.remove();
  });

  it('keeps every row when two processes open a new store and write at once', { timeout: 60_000 }, async () => {
    const runs = ['a', 'b'].map((prefix) => writer(place, { WRITER_COUNT: '1500', WRITER_PREFIX: prefix, WRITER_MEMBERS: '40' }));
    const codes = await Promise.all(runs.map((r) => r.exit));
    expect(codes, runs.map((r) => r.output()).join('\n')).toEqual([0, 0]);
    for (const run of runs) expect(run.stderr()).not.toContain('records lost');
    const rows = (await place.dump()).questions as { id: string }[];
    expect(rows).toHaveLength(3000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3000);
    // Both migrated against one fresh store: the schema was still applied once.
    expect(((await place.dump()).store_migrations ?? []).length).toBe(1);
    // And both used one generated key: 40 members each, the same 40.
    expect(new Set((rows as unknown as { member_hash: string }[]).map((r) => r.member_hash)).size).toBe(40);
  });

  it('loses only what is recorded while the store is unreachable, never throws, and writes again once it is back', {
    timeout: 60_000,
  }, async () => {
    const { store, logger } = await place.open({}, 100);
    store.recordQuestion(question({ id: 'before' }));
    await store.flush();

    let release: () => Promise<void>;
    if (kind === 'sqlite') {
      // Another process holding the write lock longer than the store waits for it.
      const holder = new BetterSqlite3(join(place.config.DATA_DIR, SQLITE_FILE));
      holder.exec('begin exclusive');
      release = async () => {
        holder.exec('commit');
        holder.close();
      };
    } else {
      const admin = inject('postgresUrl');
      await adminQuery(admin, `alter database ${place.database} allow_connections false`);
      await adminQuery(admin, `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${place.database}'`);
      release = () => adminQuery(admin, `alter database ${place.database} allow_connections true`).then(() => {});
    }

    const started = performance.now();
    for (let i = 0; i < 50; i++) expect(() => store.recordQuestion(question({ id: `during-${i}` }))).not.toThrow();
    expect(performance.now() - started).toBeLessThan(50); // recording does not wait for the store
    await store.flush();
    for (let i = 0; i < 3; i++) {
      store.recordQuestion(question({ id: `during-more-${i}` }));
      await store.flush();
    }
    // Four failed batches, one log line: an outage does not flood the log.
    expect(logger.lines.filter((l) => l.level === 'warn' && l.msg.includes('records lost'))).toHaveLength(1);
    if (kind === 'sqlite') {
      // WAL: a locked writer does not stop readers; the report shows what was written.
      expect((await store.insights({ days: 1 })).questions).toBe(1);
    } else {
      await expect(store.insights({ days: 1 })).rejects.toThrow();
    }

    await release();
    store.recordQuestion(question({ id: 'after' }));
    await store.flush();
    const ids = ((await place.dump()).questions as { id: string }[]).map((r) => r.id).sort();
    expect(ids).toContain('before');
    expect(ids).toContain('after');
    expect(ids.filter((id) => id.startsWith('during-')).length).toBeLessThan(53);
    expect(logger.lines.some((l) => l.msg.includes('writing again'))).toBe(true);
    expect((await store.insights({ days: 1 })).questions).toBe(ids.length);
    await store.close();
  });

  it('starts even when the store cannot be reached, and records once it can', { timeout: 60_000 }, async () => {
    let unreachable: Partial<StoreConfig>;
    let repair: () => Promise<void>;
    if (kind === 'sqlite') {
      // DATA_DIR names a file: the directory cannot be created.
      const blocked = join(place.config.DATA_DIR, 'blocked');
      writeFileSync(blocked, '');
      unreachable = { DATA_DIR: blocked };
      repair = async () => rmSync(blocked);
    } else {
      // A database that does not exist yet.
      const url = new URL(place.config.DATABASE_URL as string);
      const name = `${place.database}_later`;
      url.pathname = `/${name}`;
      unreachable = { DATABASE_URL: url.toString() };
      repair = async () => {
        await adminQuery(inject('postgresUrl'), `create database ${name}`);
      };
      cleanups.push(() => adminQuery(inject('postgresUrl'), `drop database if exists ${name} with (force)`).then(() => {}));
    }
    const { store, logger } = await place.open(unreachable, 100);
    expect(logger.lines.some((l) => l.level === 'error' && l.msg.includes('cannot open it now'))).toBe(true);
    expect(() => store.recordQuestion(question({ id: 'lost' }))).not.toThrow();
    await store.flush();
    await expect(store.insights({ days: 1 })).rejects.toThrow();

    await repair();
    store.recordQuestion(question({ id: 'kept' }));
    const report = await store.insights({ days: 1 });
    expect(report.questions).toBe(1);
    await store.close();
  });

  it('opens cleanly after SIGKILL in the middle of a burst, missing at most the last second', { timeout: 60_000 }, async () => {
    const run = writer(place, { WRITER_COUNT: '100000', WRITER_RATE: '1000', WRITER_PREFIX: 'k', WRITER_MEMBERS: '300' });
    await waitFor(run, 'recorded k-1500');
    // Which ids had been handed to the store, and when.
    const lines = run
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('recorded '));
    const safeBefore = lines.length;
    await sleep(1_100);
    run.child.kill('SIGKILL');
    expect(await run.exit).toBe(null);

    const { store } = await place.open();
    if (kind === 'sqlite') {
      const db = new BetterSqlite3(join(place.config.DATA_DIR, SQLITE_FILE), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
    const ids = new Set(((await place.dump()).questions as { id: string }[]).map((r) => r.id));
    // Everything recorded more than a second before the kill is there.
    const missing = lines
      .slice(0, safeBefore)
      .map((l) => l.slice('recorded '.length))
      .filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(safeBefore);
    // The store works on: a new record lands.
    store.recordQuestion(question({ id: 'after-kill' }));
    await store.flush();
    expect((await place.dump()).questions?.some((r) => r.id === 'after-kill')).toBe(true);
    await store.close();
  });
});
