import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database, QuestionsTable, VotesTable } from './schema.js';
import type { InsightsTotals } from './types.js';

/** Rows per INSERT: well under SQLite's 32766 and PostgreSQL's 65535 bound parameters. */
const ROWS_PER_INSERT = 500;

function chunks<T>(rows: readonly T[], size = ROWS_PER_INSERT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Writes one batch. A question seen twice (a retried interaction) is kept once; a vote replaces the
 * member's earlier vote on that answer unless the earlier one is newer (two processes may write
 * out of order).
 */
export async function writeBatch(trx: Kysely<Database>, questions: readonly QuestionsTable[], votes: readonly VotesTable[]): Promise<void> {
  for (const rows of chunks(questions)) {
    await trx
      .insertInto('questions')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (const rows of chunks(latestVotes(votes))) {
    await trx
      .insertInto('votes')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['question_id', 'member_hash'])
          .doUpdateSet((eb) => ({
            helpful: eb.ref('excluded.helpful'),
            at: eb.ref('excluded.at'),
            guild_id: eb.ref('excluded.guild_id'),
          }))
          .where((eb) => eb('votes.at', '<=', eb.ref('excluded.at'))),
      )
      .execute();
  }
}

/** One row per (answer, member): the latest. PostgreSQL refuses an upsert that touches a row twice. */
function latestVotes(votes: readonly VotesTable[]): VotesTable[] {
  const latest = new Map<string, VotesTable>();
  for (const vote of votes) {
    const key = `${vote.question_id}\u0000${vote.member_hash}`;
    const seen = latest.get(key);
    if (!seen || seen.at <= vote.at) latest.set(key, vote);
  }
  return [...latest.values()];
}

/** Deletes questions and votes recorded before `cutoff` (and votes on those questions); returns the rows deleted. */
export async function deleteBefore(trx: Kysely<Database>, cutoff: number): Promise<number> {
  const votes = await trx
    .deleteFrom('votes')
    .where((eb) =>
      eb.or([eb('at', '<', cutoff), eb('question_id', 'in', eb.selectFrom('questions').select('id').where('at', '<', cutoff))]),
    )
    .executeTakeFirst();
  const questions = await trx.deleteFrom('questions').where('at', '<', cutoff).executeTakeFirst();
  return Number(votes.numDeletedRows) + Number(questions.numDeletedRows);
}

/** Which questions a report covers. */
export interface Scope {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** undefined: every server; null: outside any server. */
  guildId?: string | null | undefined;
  storyId?: string | undefined;
}

type QuestionsEb = ExpressionBuilder<Database, 'questions'>;

function inScope(scope: Scope) {
  return (eb: QuestionsEb) => {
    const conditions = [eb('questions.at', '>=', scope.start), eb('questions.at', '<', scope.end)];
    if (scope.guildId === null) conditions.push(eb('questions.guild_id', 'is', null));
    else if (scope.guildId !== undefined) conditions.push(eb('questions.guild_id', '=', scope.guildId));
    if (scope.storyId !== undefined) {
      conditions.push(eb.or([eb('questions.story_filter', '=', scope.storyId), eb('questions.top_story', '=', scope.storyId)]));
    }
    return eb.and(conditions);
  };
}

const n = (value: unknown): number => Number(value ?? 0);

export const DAY_MS = 86_400_000;

export async function totals(db: Kysely<Database>, scope: Scope): Promise<InsightsTotals> {
  const asked = await db
    .selectFrom('questions')
    .where(inScope(scope))
    .select((eb) => [
      eb.fn.countAll().as('questions'),
      eb.fn.count('questions.member_hash').distinct().as('members'),
      sql<number>`sum(case when outcome = 'answered' then 1 else 0 end)`.as('answered'),
      sql<number>`sum(case when outcome = 'refused' then 1 else 0 end)`.as('refused'),
    ])
    .executeTakeFirstOrThrow();
  const voted = await db
    .selectFrom('votes')
    .innerJoin('questions', 'questions.id', 'votes.question_id')
    .where((eb) => inScope(scope)(eb as unknown as QuestionsEb))
    .select([
      sql<number>`sum(case when votes.helpful = 1 then 1 else 0 end)`.as('helpful'),
      sql<number>`sum(case when votes.helpful = 0 then 1 else 0 end)`.as('notHelpful'),
    ])
    .executeTakeFirstOrThrow();
  return {
    questions: n(asked.questions),
    members: n(asked.members),
    answered: n(asked.answered),
    refused: n(asked.refused),
    helpful: n(voted.helpful),
    notHelpful: n(voted.notHelpful),
  };
}

export interface Asked {
  normalized: string;
  count: number;
}

/** The most asked normalised questions (only refused ones with `refusedOnly`), most first. */
export async function mostAsked(db: Kysely<Database>, scope: Scope, limit: number, refusedOnly: boolean): Promise<Asked[]> {
  let query = db.selectFrom('questions').where(inScope(scope));
  if (refusedOnly) query = query.where('outcome', '=', 'refused');
  const rows = await query
    .select((eb) => ['normalized', eb.fn.countAll().as('count')])
    .groupBy('normalized')
    .orderBy('count', 'desc')
    .orderBy('normalized')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ normalized: row.normalized, count: n(row.count) }));
}

export interface Variant {
  normalized: string;
  question: string;
  count: number;
  refused: number;
}

/** How each of these normalised questions was actually written, and how often. */
export async function variants(db: Kysely<Database>, scope: Scope, normalized: readonly string[]): Promise<Variant[]> {
  if (normalized.length === 0) return [];
  const out: Variant[] = [];
  for (const keys of chunks(normalized)) {
    const rows = await db
      .selectFrom('questions')
      .where(inScope(scope))
      .where('normalized', 'in', keys)
      .select((eb) => [
        'normalized',
        'question',
        eb.fn.countAll().as('count'),
        sql<number>`sum(case when outcome = 'refused' then 1 else 0 end)`.as('refused'),
      ])
      .groupBy(['normalized', 'question'])
      .execute();
    for (const row of rows) out.push({ normalized: row.normalized, question: row.question, count: n(row.count), refused: n(row.refused) });
  }
  return out;
}

/** Answers voted not helpful: the question, the passage it got, and the votes, most first. */
export async function unhelpful(db: Kysely<Database>, scope: Scope, limit: number) {
  const rows = await db
    .selectFrom('votes')
    .innerJoin('questions', 'questions.id', 'votes.question_id')
    .where((eb) => inScope(scope)(eb as unknown as QuestionsEb))
    .where('votes.helpful', '=', 0)
    .where('questions.top_text', 'is not', null)
    .select((eb) => [eb.fn.min('questions.question').as('question'), 'questions.top_text', eb.fn.countAll().as('votes')])
    .groupBy(['questions.normalized', 'questions.top_text'])
    .orderBy('votes', 'desc')
    .orderBy('question')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ question: String(row.question), passage: row.top_text ?? '', votes: n(row.votes) }));
}

/** Questions per UTC day (epoch day number), answered against the rest. */
export async function perDay(db: Kysely<Database>, scope: Scope) {
  // A literal, not a parameter: the same expression must appear in SELECT and GROUP BY, and SQLite
  // would divide by a bound number as a real.
  const day = sql<number>`questions.at / ${sql.lit(DAY_MS)}`;
  const rows = await db
    .selectFrom('questions')
    .where(inScope(scope))
    .select([
      day.as('day'),
      sql<number>`sum(case when outcome = 'answered' then 1 else 0 end)`.as('answered'),
      sql<number>`count(*)`.as('total'),
    ])
    .groupBy(day)
    .execute();
  return rows.map((row) => ({ day: Math.floor(n(row.day)), answered: n(row.answered), total: n(row.total) }));
}
