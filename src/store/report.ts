import type { Kysely } from 'kysely';
import { DAY_MS, mostAsked, perDay, type Scope, totals, unhelpful, type Variant, variants } from './queries.js';
import type { Database } from './schema.js';
import type { InsightsQuery, InsightsReport, QuestionGrouper } from './types.js';

export const MIN_DAYS = 1;
export const MAX_DAYS = 90;
export const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/**
 * How many of the most asked distinct questions go to the paraphrase grouper: the long tail of
 * questions asked once cannot climb into a top 10 unless it merges with a head question, and this
 * many keeps one encoder call small.
 */
const GROUPING_CANDIDATES = 300;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));

/**
 * The window a report covers: `days` whole UTC days ending with today (so the per-day rows add up
 * to the totals), in the given server and story.
 */
export function scopeOf(query: InsightsQuery): { days: number; limit: number; scope: Scope } {
  const days = clamp(Number.isFinite(query.days) ? query.days : 30, MIN_DAYS, MAX_DAYS);
  const limit = clamp(query.limit ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
  const now = (query.now ?? new Date()).getTime();
  const end = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const start = end - days * DAY_MS;
  return { days, limit, scope: { start, end, guildId: query.guildId, storyId: query.storyId } };
}

const isoDay = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

function zeroDays(scope: Scope): InsightsReport['perDay'] {
  const rows: InsightsReport['perDay'] = [];
  for (let t = scope.start; t < scope.end; t += DAY_MS) rows.push({ day: isoDay(t / DAY_MS), answered: 0, notAnswered: 0 });
  return rows;
}

/** The report of a store that holds nothing (INSIGHTS=off, or no store yet): zeros, empty lists, every day at zero. */
export function emptyReport(query: InsightsQuery): InsightsReport {
  const { days, scope } = scopeOf(query);
  return {
    days,
    questions: 0,
    members: 0,
    answered: 0,
    refused: 0,
    helpful: 0,
    notHelpful: 0,
    top: [],
    unanswered: [],
    unhelpful: [],
    perDay: zeroDays(scope),
  };
}

/** The grouper's answer, checked: one index per question, each pointing at a representative within range. */
async function representatives(
  questions: string[],
  group: QuestionGrouper | undefined,
  onError: (err: unknown) => void,
): Promise<number[]> {
  const alone = questions.map((_, i) => i);
  if (!group || questions.length < 2) return alone;
  try {
    const reps = await group(questions);
    if (reps.length !== questions.length || reps.some((r) => !Number.isInteger(r) || r < 0 || r >= questions.length)) {
      throw new Error(`the grouper returned ${reps.length} indexes for ${questions.length} questions, or one out of range`);
    }
    // Follow chains (a → b → c) to their end, so every member of a group names the same representative.
    return reps.map((start) => {
      let r = start;
      for (let hops = 0; reps[r] !== r && hops < reps.length; hops++) r = reps[r] as number;
      return r;
    });
  } catch (err) {
    onError(err);
    return alone;
  }
}

/** Most asked first; ties in the order of the text, so a report reads the same every time. */
function byCount<T extends { count: number; question: string }>(a: T, b: T): number {
  return b.count - a.count || a.question.localeCompare(b.question);
}

/**
 * Counts per group and, for each group, the wording most often asked (ties: the first in code-point
 * order, where a capitalised "What…?" comes before "what…").
 */
function rank(groupOf: Map<string, string>, written: readonly Variant[], countOf: (v: Variant) => number, limit: number) {
  const groups = new Map<string, { count: number; best: Variant | undefined; bestCount: number }>();
  for (const variant of written) {
    const count = countOf(variant);
    if (count === 0) continue;
    const key = groupOf.get(variant.normalized) ?? variant.normalized;
    const group = groups.get(key) ?? { count: 0, best: undefined, bestCount: 0 };
    group.count += count;
    const best = group.best;
    if (!best || count > group.bestCount || (count === group.bestCount && variant.question < best.question)) {
      group.best = variant;
      group.bestCount = count;
    }
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ question: g.best?.question ?? '', count: g.count }))
    .sort(byCount)
    .slice(0, limit);
}

export async function buildReport(
  db: Kysely<Database>,
  query: InsightsQuery,
  group: QuestionGrouper | undefined,
  onGrouperError: (err: unknown) => void,
): Promise<InsightsReport> {
  const { days, limit, scope } = scopeOf(query);
  const sums = await totals(db, scope);
  const candidates = Math.max(GROUPING_CANDIDATES, limit);
  const [asked, refused, voted, daily] = [
    await mostAsked(db, scope, candidates, false),
    await mostAsked(db, scope, candidates, true),
    await unhelpful(db, scope, limit),
    await perDay(db, scope),
  ];

  const distinct = [...new Set([...asked, ...refused].map((row) => row.normalized))];
  const reps = await representatives(distinct, group, onGrouperError);
  const groupOf = new Map(distinct.map((question, i) => [question, distinct[reps[i] as number] as string]));
  const written = await variants(db, scope, distinct);

  const days_ = zeroDays(scope);
  const startDay = scope.start / DAY_MS;
  for (const row of daily) {
    const slot = days_[row.day - startDay];
    if (slot) {
      slot.answered = row.answered;
      slot.notAnswered = row.total - row.answered;
    }
  }

  return {
    days,
    ...sums,
    top: rank(groupOf, written, (v) => v.count, limit),
    unanswered: rank(groupOf, written, (v) => v.refused, limit),
    unhelpful: voted,
    perDay: days_,
  };
}
