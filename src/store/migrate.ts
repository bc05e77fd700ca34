import { type Kysely, sql } from 'kysely';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Brings the schema up to date. `exclusive` runs its function in one write transaction that no
 * other process can run at the same time (BEGIN IMMEDIATE on SQLite, an advisory lock on
 * PostgreSQL), so two processes starting together apply each migration exactly once: the second
 * waits, then finds nothing left to do.
 */
export async function migrate(
  exclusive: (work: (trx: Kysely<Database>) => Promise<void>) => Promise<void>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const applied: number[] = [];
  await exclusive(async (trx) => {
    await trx.schema
      .createTable('store_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const done = new Set((await trx.selectFrom('store_migrations').select('version').execute()).map((row) => Number(row.version)));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new Error(
        `insights store: the database is at schema version ${newest}, newer than this program knows (${known}); upgrade the bot`,
      );
    }
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx
        .insertInto('store_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: Date.now() })
        .execute();
      applied.push(migration.version);
    }
  });
  return applied;
}

/** PostgreSQL's advisory lock key for migrations (any constant; this one spells "insights"). */
export const MIGRATION_LOCK_KEY = 0x696e7369;

export async function lockForMigration(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
}
