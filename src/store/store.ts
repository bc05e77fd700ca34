import { createHmac } from 'node:crypto';
import type { Backend } from './backend.js';
import { migrate } from './migrate.js';
import { DAY_MS, deleteBefore, writeBatch } from './queries.js';
import { buildReport } from './report.js';
import type { QuestionsTable, VotesTable } from './schema.js';
import { cleanQuestion, normalizeQuestion } from './text.js';
import type { InsightsQuery, InsightsReport, QuestionGrouper, QuestionRecord, Store, VoteRecord } from './types.js';

/** The logging the store needs (a pino logger fits). */
export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BufferedStoreOptions {
  retentionDays: number;
  /** INSIGHTS_SECRET; when unset the backend's generated key is used. */
  secret?: string | undefined;
  logger: StoreLogger;
  /** How often queued records are written. At most this much is lost if the process is killed. */
  flushMs?: number;
  /** How often old records are purged. */
  purgeMs?: number;
  /** Records held while the store is unreachable; past this, new ones are dropped (and counted). */
  maxPending?: number;
}

/** Half a second: a SIGKILL loses at most this much, well inside the "last second" we promise. */
export const FLUSH_MS = 500;
export const PURGE_MS = 3_600_000;
/** A burst this big is written at once rather than at the next tick. */
const BATCH_ROWS = 1_000;
/** About 20 MB of questions: an outage of minutes at a busy server's pace, not unbounded memory. */
const MAX_PENDING = 50_000;
/** Losses are logged at most this often (with the count since the last line), so an outage does not flood the log. */
const LOSS_LOG_MS = 10_000;

const MAX_INT32 = 2_147_483_647;

interface PendingQuestion {
  row: Omit<QuestionsTable, 'member_hash'>;
  memberId: string;
}
interface PendingVote {
  row: Omit<VotesTable, 'member_hash'>;
  memberId: string;
}

const nullableId = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function timeOf(at: unknown): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

function describe(err: unknown): { code?: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: err.message } : { message: err.message };
  }
  return { message: String(err) };
}

/**
 * The store both implementations share: records queue in memory and are written in batches by a
 * timer, so recording costs an answer nothing and a store that is down costs only records.
 */
export class BufferedStore implements Store {
  private backend: Backend | undefined;
  private opening: Promise<Backend> | undefined;
  private secret: string | undefined;
  private questions: PendingQuestion[] = [];
  private votes: PendingVote[] = [];
  private writing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private failing = false;
  private lostSinceLog = 0;
  private lastLossLog = 0;
  private readonly options: Required<Omit<BufferedStoreOptions, 'secret'>> & { secret?: string | undefined };

  constructor(
    readonly kind: 'sqlite' | 'postgres',
    private readonly open: () => Promise<Backend>,
    options: BufferedStoreOptions,
  ) {
    this.options = { flushMs: FLUSH_MS, purgeMs: PURGE_MS, maxPending: MAX_PENDING, ...options };
  }

  /** Opens and migrates, purges what is past retention, and starts the timers. A store that cannot be reached yet is retried at each flush. */
  async start(): Promise<void> {
    try {
      await this.ready();
      await this.purge();
    } catch (err) {
      this.options.logger.error(
        { err: describe(err), store: this.kind },
        'insights store: cannot open it now; recording retries each second, answers are unaffected',
      );
    }
    this.flushTimer = setInterval(() => {
      if (this.questions.length + this.votes.length > 0) void this.flush();
    }, this.options.flushMs);
    this.flushTimer.unref();
    this.purgeTimer = setInterval(() => {
      this.purge().catch((err) =>
        this.options.logger.warn({ err: describe(err), store: this.kind }, 'insights store: purge failed; retrying in an hour'),
      );
    }, this.options.purgeMs);
    this.purgeTimer.unref();
  }

  private ready(): Promise<Backend> {
    if (this.backend) return Promise.resolve(this.backend);
    if (!this.opening) {
      const opening = (async () => {
        const backend = await this.open();
        try {
          await migrate((work) => backend.exclusive(work));
          this.secret = this.options.secret ?? (await backend.loadSecret());
        } catch (err) {
          await backend.close().catch(() => {});
          throw err;
        }
        this.backend = backend;
        return backend;
      })();
      this.opening = opening;
      opening.then(
        () => {
          this.opening = undefined;
        },
        () => {
          this.opening = undefined;
        },
      );
    }
    return this.opening;
  }

  recordQuestion(record: QuestionRecord): void {
    try {
      if (this.closed || !this.room(1)) return;
      const top = record.top ?? null;
      const text = cleanQuestion(String(record.question ?? ''));
      this.questions.push({
        memberId: String(record.memberId),
        row: {
          id: String(record.id),
          at: timeOf(record.at),
          guild_id: nullableId(record.guildId),
          channel_id: nullableId(record.channelId),
          story_filter: nullableId(record.storyFilter),
          question: text,
          normalized: normalizeQuestion(text),
          outcome: String(record.outcome),
          top_story: top ? String(top.storyId) : null,
          top_paragraph: top ? Math.trunc(Number(top.paragraph)) || 0 : null,
          top_sentence: top ? Math.trunc(Number(top.sentence)) || 0 : null,
          top_text: top ? String(top.text) : null,
          latency_ms: Math.min(MAX_INT32, Math.max(0, Math.round(Number(record.latencyMs) || 0))),
        },
      });
      this.soon();
    } catch (err) {
      this.lose(1, err);
    }
  }

  recordVote(vote: VoteRecord): void {
    try {
      if (this.closed || !this.room(1)) return;
      this.votes.push({
        memberId: String(vote.memberId),
        row: {
          question_id: String(vote.questionId),
          helpful: vote.helpful ? 1 : 0,
          at: timeOf(vote.at),
          guild_id: nullableId(vote.guildId),
        },
      });
      this.soon();
    } catch (err) {
      this.lose(1, err);
    }
  }

  /** False (and the record counted as lost) when the queue is full: memory stays bounded through an outage. */
  private room(count: number): boolean {
    if (this.questions.length + this.votes.length + count <= this.options.maxPending) return true;
    this.lose(count, new Error(`${this.options.maxPending} records already waiting for the store`));
    return false;
  }

  /** A burst is written as soon as it fills a batch, not only at the next tick. */
  private soon(): void {
    if (this.questions.length + this.votes.length === BATCH_ROWS) void this.flush();
  }

  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.drain());
    return this.writing;
  }

  /** Writes everything queued, a batch at a time; a batch that fails is lost and logged, never thrown. */
  private async drain(): Promise<void> {
    while (this.questions.length + this.votes.length > 0) {
      const questions = this.questions.splice(0, BATCH_ROWS);
      const votes = this.votes.splice(0, BATCH_ROWS);
      try {
        const backend = await this.ready();
        const secret = this.secret as string;
        const hash = (id: string) => createHmac('sha256', secret).update(id).digest('hex');
        await backend.write((trx) =>
          writeBatch(
            trx,
            questions.map((q) => ({ ...q.row, member_hash: hash(q.memberId) })),
            votes.map((v) => ({ ...v.row, member_hash: hash(v.memberId) })),
          ),
        );
        if (this.failing) {
          this.failing = false;
          this.options.logger.info({ store: this.kind, lostMeanwhile: this.lostSinceLog }, 'insights store: writing again');
          this.lostSinceLog = 0;
        }
      } catch (err) {
        this.failing = true;
        this.lose(questions.length + votes.length, err);
      }
    }
  }

  /** Counts lost records and logs at most once per LOSS_LOG_MS, with the count since the last line. */
  private lose(count: number, err: unknown): void {
    this.lostSinceLog += count;
    const now = Date.now();
    if (now - this.lastLossLog < LOSS_LOG_MS) return;
    this.lastLossLog = now;
    this.options.logger.warn(
      { store: this.kind, lost: this.lostSinceLog, err: describe(err) },
      'insights store: records lost (the store is unavailable, locked or full); answers are unaffected',
    );
    this.lostSinceLog = 0;
  }

  async insights(query: InsightsQuery, group?: QuestionGrouper): Promise<InsightsReport> {
    await this.flush();
    const backend = await this.ready();
    return buildReport(backend.db, query, group, (err) =>
      this.options.logger.warn({ err: describe(err) }, 'insights store: the question grouper failed; grouping by normalised text'),
    );
  }

  async purge(now: Date = new Date()): Promise<number> {
    const backend = await this.ready();
    const cutoff = now.getTime() - this.options.retentionDays * DAY_MS;
    return backend.write((trx) => deleteBefore(trx, cutoff));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.flushTimer);
    clearInterval(this.purgeTimer);
    await this.flush();
    await this.opening?.catch(() => {});
    await this.backend?.close();
    this.backend = undefined;
  }
}
