import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { Backend } from './backend.js';
import type { Database } from './schema.js';
import { SqliteThreadDialect } from './sqlite-thread.js';

export const SQLITE_FILE = 'insights.sqlite';
export const SECRET_FILE = 'insights.secret';

/**
 * How long a write waits for another process's write lock before its batch is given up. SQLite's
 * own busy handler does the waiting, on the store's thread (sqlite-thread.ts), never the bot's.
 */
const BUSY_TIMEOUT_MS = 2_000;
const MB = 1024 * 1024;

/**
 * The database file under DATA_DIR, created on first use, in WAL mode so readers never wait for the
 * writer. Every query runs on a worker thread: the bot's event loop never waits for the disk.
 * `maxMb` (INSIGHTS_MAX_MB) caps the file: past it a write fails as on a full disk (SQLITE_FULL).
 */
export async function openSqlite(dataDir: string, maxMb?: number): Promise<Backend> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new Kysely<Database>({ dialect: new SqliteThreadDialect(join(dir, SQLITE_FILE)) });
  try {
    await sql`pragma busy_timeout = ${sql.lit(BUSY_TIMEOUT_MS)}`.execute(db);
    await sql`pragma journal_mode = WAL`.execute(db);
    // NORMAL in WAL mode: a crash (even SIGKILL) never corrupts the file; a power cut may lose the last commits.
    await sql`pragma synchronous = NORMAL`.execute(db);
    if (maxMb !== undefined) await capSize(db, maxMb);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  // BEGIN IMMEDIATE (the dialect's transactions): the write lock is taken at the start, so a
  // transaction never fails half-way for want of it.
  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> => db.transaction().execute(work);
  return {
    kind: 'sqlite',
    db,
    write,
    exclusive: write,
    loadSecret: async () => loadSecretFile(join(dir, SECRET_FILE)),
    close: () => db.destroy(),
  };
}

/**
 * SQLite's own size cap for this connection, in pages: a write that would grow the file past it
 * fails with SQLITE_FULL, the error a full disk gives, and costs its batch like one. Pages freed by
 * the retention purge (or an operator's delete) are reused, so recording resumes once there is room.
 * A file already past the cap keeps its size (SQLite never lowers the cap below it) and grows no more.
 */
async function capSize(db: Kysely<Database>, maxMb: number): Promise<void> {
  const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(db);
  const pageSize = Number(rows[0]?.page_size) || 4096;
  await sql`pragma max_page_count = ${sql.lit(Math.max(1, Math.floor((maxMb * MB) / pageSize)))}`.execute(db);
}

/**
 * The generated INSIGHTS_SECRET, kept beside the database (mode 0600) rather than in it, so a copy
 * of the database alone does not carry the key. Two processes starting at once agree on one key:
 * each writes a candidate and links it into place, and link() refuses to replace an existing file.
 */
export function loadSecretFile(file: string): string {
  try {
    return readSecret(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(candidate, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(candidate, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(candidate);
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  const value = readFileSync(file, 'utf8').trim();
  if (value.length < 16) throw new Error(`insights store: ${file} does not hold a usable key; delete it to generate a new one`);
  return value;
}
