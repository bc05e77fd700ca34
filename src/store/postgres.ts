import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Backend } from './backend.js';
import { lockForMigration } from './migrate.js';
import type { Database } from './schema.js';

/**
 * A small pool: the store writes one batch at a time and reads a report now and then. Short
 * timeouts, so a PostgreSQL that is down or stuck costs a batch quickly instead of piling up.
 */
const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 3_000;
const QUERY_TIMEOUT_MS = 10_000;
const IDLE_MS = 10_000;

const INT8 = 20;

export interface PostgresOptions {
  url: string;
  /** Errors of idle connections (the server restarted, the network dropped): reported, never thrown. */
  onIdleError(err: Error): void;
}

/** The store in PostgreSQL: every process and machine pointed at one DATABASE_URL shares it. */
export async function openPostgres({ url, onIdleError }: PostgresOptions): Promise<Backend> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_MS,
    application_name: 'story-bot insights',
    // Times and counts are bigints; every one we keep fits a double exactly.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', onIdleError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }

  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> => db.transaction().execute(work);

  return {
    kind: 'postgres',
    db,
    write,
    exclusive: (work) =>
      write(async (trx) => {
        await lockForMigration(trx);
        return work(trx);
      }),
    // One row every process reads; the first to start inserts it, the others keep theirs out.
    loadSecret: async () => {
      await db
        .insertInto('insights_secret')
        .values({ id: 1, value: randomBytes(32).toString('base64url') })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const row = await db.selectFrom('insights_secret').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
      return row.value;
    },
    close: () => db.destroy(),
  };
}
