import { type Kysely, sql } from 'kysely';

/** The questions and votes, with the indexes the report and the retention purge read by. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('guild_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('story_filter', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('top_story', 'text')
    .addColumn('top_paragraph', 'integer')
    .addColumn('top_sentence', 'integer')
    .addColumn('top_text', 'text')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('member_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('questions_at').on('questions').column('at').execute();
  await db.schema.createIndex('questions_guild_at').on('questions').columns(['guild_id', 'at']).execute();

  await db.schema
    .createTable('votes')
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('member_hash', 'text', (c) => c.notNull())
    .addColumn('helpful', 'smallint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('guild_id', 'text')
    .addPrimaryKeyConstraint('votes_pk', ['question_id', 'member_hash'])
    .execute();
  await db.schema.createIndex('votes_at').on('votes').column('at').execute();

  await db.schema
    .createTable('insights_secret')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
