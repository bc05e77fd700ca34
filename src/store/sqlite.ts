import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Backend } from './backend.js';
import type { Database } from './schema.js';

export const SQLITE_FILE = 'insights.sqlite';
export const SECRET_FILE = 'insights.secret';

/**
 * How long a write waits for another process's write to finish before its batch is given up.
 * The wait is asynchronous (retries with a growing pause), never SQLite's busy handler, which
 * would sleep on the event loop and delay answers.
 */
const BUSY_BUDGET_MS = 2_000;
const BUSY_FIRST_PAUSE_MS = 5;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Retries `work` while another process holds the write lock, pausing asynchronously in between. */
async function whileBusy<T>(work: () => Promise<T>, budgetMs = BUSY_BUDGET_MS): Promise<T> {
  const deadline = Date.now() + budgetMs;
  let pause = BUSY_FIRST_PAUSE_MS;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (!isBusy(err) || Date.now() + pause > deadline) throw err;
      await sleep(pause * (0.5 + Math.random()));
      pause = Math.min(pause * 2, 200);
    }
  }
}

/** The database file under DATA_DIR, created on first use, in WAL mode so readers never wait for the writer. */
export async function openSqlite(dataDir: string): Promise<Backend> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const connection = new BetterSqlite3(join(dir, SQLITE_FILE));
  try {
    // 0: never block the event loop in SQLite's own busy handler; whileBusy waits instead.
    connection.pragma('busy_timeout = 0');
    await whileBusy(async () => connection.pragma('journal_mode = WAL'));
    // NORMAL in WAL mode: a crash (even SIGKILL) never corrupts the file; a power cut may lose the last commits.
    connection.pragma('synchronous = NORMAL');
  } catch (err) {
    connection.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });

  const exclusive = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    whileBusy(() =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await work(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (err) {
          if (connection.inTransaction) await sql`rollback`.execute(conn);
          throw err;
        }
      }),
    );

  return {
    kind: 'sqlite',
    db,
    write: exclusive,
    exclusive,
    loadSecret: async () => loadSecretFile(join(dir, SECRET_FILE)),
    close: () => db.destroy(),
  };
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
