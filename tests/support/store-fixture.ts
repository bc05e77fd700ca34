/** Opens a store of either kind in a fresh place (a temporary DATA_DIR, or a new database) for one test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type StoreConfig } from '../../src/store/index.js';
import { SQLITE_FILE } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { createTestDatabase } from './postgres.js';

export type Kind = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL unless the run was started with STORE_TESTS_SKIP_POSTGRES=1. */
export function kinds(): Kind[] {
  return inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export function memoryLogger() {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  };
}

export interface Place {
  kind: Kind;
  /** The environment that names this store for a spawned process. */
  env: Record<string, string>;
  config: StoreConfig;
  /** For PostgreSQL: the database's name, to cut it off in tests. */
  database?: string;
  open(overrides?: Partial<StoreConfig>, flushMs?: number): Promise<{ store: Store; logger: ReturnType<typeof memoryLogger> }>;
  /** Every row of every table, for scans. */
  dump(): Promise<Record<string, Record<string, unknown>[]>>;
  count(table: string): Promise<number>;
  remove(): Promise<void>;
}

export async function newPlace(kind: Kind): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'story-bot-store-'));
  let url: string | undefined;
  let drop = async () => {};
  let database: string | undefined;
  if (kind === 'postgres') {
    const created = await createTestDatabase(inject('postgresUrl'));
    url = created.url;
    drop = created.drop;
    database = created.name;
  }
  const config: StoreConfig = {
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    INSIGHTS: 'on',
    INSIGHTS_RETENTION_DAYS: 30,
    INSIGHTS_SECRET: undefined,
  };
  const env: Record<string, string> = { DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) };

  const dump = async (): Promise<Record<string, Record<string, unknown>[]>> => {
    const out: Record<string, Record<string, unknown>[]> = {};
    if (kind === 'sqlite') {
      const db = new BetterSqlite3(join(dataDir, SQLITE_FILE), { readonly: true });
      try {
        const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
        for (const { name } of tables) out[name] = db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const tables = await client.query("select table_name from information_schema.tables where table_schema = 'public'");
        for (const { table_name } of tables.rows) out[table_name] = (await client.query(`select * from "${table_name}"`)).rows;
      } finally {
        await client.end();
      }
    }
    return out;
  };

  return {
    kind,
    env,
    config,
    ...(database ? { database } : {}),
    open: async (overrides = {}, flushMs) => {
      const logger = memoryLogger();
      const store = await openStore({ config: { ...config, ...overrides }, logger, ...(flushMs ? { flushMs } : {}) });
      return { store, logger };
    },
    dump,
    count: async (table) => ((await dump())[table] ?? []).length,
    remove: async () => {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
