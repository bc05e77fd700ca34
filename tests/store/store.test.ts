/**
 * The insights store's contract, run against both implementations: SQLite under a temporary
 * DATA_DIR and a database of the throwaway PostgreSQL cluster (tests/support/global-setup.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { BufferedStore } from '../../src/store/store.js';
import { MAX_QUESTION_CHARS } from '../../src/store/text.js';
import type { QuestionRecord, Store } from '../../src/store/types.js';
import { kinds, memoryLogger, newPlace, type Place } from '../support/store-fixture.js';

const DAY = 86_400_000;
/** Noon (UTC) today: the records are recent for the retention purge, and days are whole. */
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY + DAY / 2);
const dayOf = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
const PASSAGE = '"We will not stand by," the secretary said.';

let seq = 0;
/** A question record with realistic ids (snowflakes), overridable field by field. */
function question(over: Partial<QuestionRecord> = {}): QuestionRecord {
  seq += 1;
  return {
    id: `1300000000000${String(seq).padStart(6, '0')}`,
    at: NOW,
    guildId: '900000000000000001',
    channelId: '910000000000000001',
    storyFilter: null,
    question: 'Who is Hegseth?',
    outcome: 'answered',
    top: { storyId: 'war', paragraph: 4, sentence: 1, text: PASSAGE },
    latencyMs: 42,
    memberId: '200000000000000001',
    ...over,
  };
}

describe.each(kinds())('insights store on %s', (kind) => {
  let place: Place;
  let store: Store;
  let logger: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    place = await newPlace(kind);
    ({ store, logger } = await place.open());
  });
  afterEach(async () => {
    await store.close();
    await place.remove();
  });

  it('says which implementation it is', () => {
    expect(store.kind).toBe(kind);
  });

  it('reports zeros, empty lists and every day at zero when nothing was asked', async () => {
    const report = await store.insights({ days: 7, now: NOW });
    expect(report).toMatchObject({
      days: 7,
      questions: 0,
      members: 0,
      answered: 0,
      refused: 0,
      helpful: 0,
      notHelpful: 0,
      top: [],
      unanswered: [],
      unhelpful: [],
    });
    expect(report.perDay.map((d) => d.day)).toEqual([6, 5, 4, 3, 2, 1, 0].map(dayOf));
    expect(report.perDay.every((d) => d.answered === 0 && d.notAnswered === 0)).toBe(true);
  });

  it('counts questions, distinct members and outcomes, groups the same question however it is written, and lists per day', async () => {
    // 3 × "Who is Hegseth?" (2 members), 1 × "who is  hegseth" (the same question), 2 refused, 1 throttled, one 3 days ago.
    store.recordQuestion(question({ memberId: '200000000000000001' }));
    store.recordQuestion(question({ memberId: '200000000000000001' }));
    store.recordQuestion(question({ memberId: '200000000000000002' }));
    store.recordQuestion(question({ memberId: '200000000000000003', question: 'who is  HEGSETH' }));
    store.recordQuestion(
      question({ question: 'What did the ambassador eat?', outcome: 'refused', top: null, memberId: '200000000000000004' }),
    );
    store.recordQuestion(
      question({ question: 'what did the ambassador eat', outcome: 'refused', top: null, at: new Date(NOW.getTime() - 3 * DAY) }),
    );
    store.recordQuestion(question({ question: 'When is the vote?', outcome: 'throttled', top: null }));

    const report = await store.insights({ days: 7, now: NOW });
    expect(report.questions).toBe(7);
    expect(report.members).toBe(4);
    expect(report.answered).toBe(4);
    expect(report.refused).toBe(2);
    // The wording asked most often stands for its group.
    expect(report.top).toEqual([
      { question: 'Who is Hegseth?', count: 4 },
      { question: 'What did the ambassador eat?', count: 2 },
      { question: 'When is the vote?', count: 1 },
    ]);
    expect(report.unanswered).toEqual([{ question: 'What did the ambassador eat?', count: 2 }]);
    expect(report.perDay).toHaveLength(7);
    expect(report.perDay.at(-1)).toEqual({ day: dayOf(0), answered: 4, notAnswered: 2 });
    expect(report.perDay.at(-4)).toEqual({ day: dayOf(3), answered: 0, notAnswered: 1 });
    const sum = report.perDay.reduce((total, d) => total + d.answered + d.notAnswered, 0);
    expect(sum).toBe(report.questions);
  });

  it('limits the window to the last N days, and filters by server and by story', async () => {
    store.recordQuestion(question({ at: new Date(NOW.getTime() - 10 * DAY) }));
    store.recordQuestion(question({ guildId: '900000000000000002' }));
    store.recordQuestion(question({ guildId: null, question: 'In a DM' }));
    store.recordQuestion(question({ storyFilter: 'budget', top: { storyId: 'budget', paragraph: 1, sentence: 0, text: 'The budget.' } }));
    store.recordQuestion(question({ storyFilter: 'budget', outcome: 'refused', top: null }));

    expect((await store.insights({ days: 7, now: NOW })).questions).toBe(4);
    expect((await store.insights({ days: 30, now: NOW })).questions).toBe(5);
    expect((await store.insights({ days: 30, now: NOW, guildId: '900000000000000001' })).questions).toBe(3);
    expect((await store.insights({ days: 30, now: NOW, guildId: null })).top).toEqual([{ question: 'In a DM', count: 1 }]);
    const budget = await store.insights({ days: 30, now: NOW, storyId: 'budget' });
    expect([budget.questions, budget.answered, budget.refused]).toEqual([2, 1, 1]);
    const war = await store.insights({ days: 30, now: NOW, storyId: 'war' });
    expect(war.questions).toBe(3);
  });

  it('keeps one vote per member per answer, the newer replacing the older, and quotes the passage of answers voted not helpful', async () => {
    const asked = question();
    const other = question({
      question: 'What is the budget?',
      top: { storyId: 'budget', paragraph: 2, sentence: 0, text: 'The budget is 5bn.' },
    });
    store.recordQuestion(asked);
    store.recordQuestion(other);
    const vote = (questionId: string, memberId: string, helpful: boolean, at = NOW) =>
      store.recordVote({ questionId, memberId, helpful, at, guildId: '900000000000000001' });
    vote(asked.id, '200000000000000007', true);
    vote(asked.id, '200000000000000007', false, new Date(NOW.getTime() + 1000)); // changes their mind
    vote(asked.id, '200000000000000008', false);
    vote(other.id, '200000000000000007', true);
    await store.flush();
    // A later batch, with a vote older than the one kept: it does not win.
    vote(asked.id, '200000000000000008', true, new Date(NOW.getTime() - 1000));

    const report = await store.insights({ days: 7, now: NOW });
    expect([report.helpful, report.notHelpful]).toEqual([1, 2]);
    expect(report.unhelpful).toEqual([{ question: 'Who is Hegseth?', passage: PASSAGE, votes: 2 }]);
    expect(await place.count('votes')).toBe(3);

    vote(asked.id, '200000000000000008', true, new Date(NOW.getTime() + 5000));
    const after = await store.insights({ days: 7, now: NOW });
    expect([after.helpful, after.notHelpful]).toEqual([2, 1]);
    expect(after.unhelpful).toEqual([{ question: 'Who is Hegseth?', passage: PASSAGE, votes: 1 }]);
  });

  it('strips mentions, hidden characters and extra space from the question, and caps its length', async () => {
    store.recordQuestion(
      question({
        question:
          '  <@123456789012345678> what did <@!223456789012345678> tell <@&323456789012345678> in <#423456789012345678>?\u200b @everyone @here ',
      }),
    );
    store.recordQuestion(question({ question: `why ${'very '.repeat(200)}long?` }));
    await store.flush();
    const rows = (await place.dump()).questions as { question: string; normalized: string }[];
    const texts = rows.map((r) => r.question).sort();
    expect(texts[0]).toBe('what did tell in ?');
    expect(Array.from(texts[1] as string).length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(texts[1]).toMatch(/^why very very .* very…$/);
    for (const row of rows) expect(`${row.question} ${row.normalized}`).not.toMatch(/<[@#]|@everyone|@here|\u200b/);
  });

  it('keeps no member id in clear anywhere: every column of every table holds only its hash', async () => {
    const members = ['281234567890123456', '381234567890123457', '481234567890123458'];
    for (const memberId of members) {
      const asked = question({ memberId });
      store.recordQuestion(asked);
      store.recordVote({ questionId: asked.id, memberId, helpful: false, at: NOW, guildId: null });
    }
    await store.flush();
    const dump = JSON.stringify(await place.dump());
    expect(dump).toContain('Who is Hegseth?'); // the scan does see the data
    for (const id of members) expect(dump).not.toContain(id);
    if (kind === 'sqlite') {
      // And not in the files themselves (database, WAL, key), in any encoding SQLite might use.
      const dir = place.config.DATA_DIR;
      for (const file of readdirSync(dir)) {
        const bytes = readFileSync(join(dir, file));
        for (const id of members) expect(bytes.includes(id), `${file} holds ${id}`).toBe(false);
      }
    }
    const hashes = ((await place.dump()).questions as { member_hash: string }[]).map((r) => r.member_hash);
    expect(new Set(hashes).size).toBe(3);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes a member the same way after a restart (the generated key is kept), so distinct members stay distinct', async () => {
    store.recordQuestion(question({ memberId: '200000000000000009' }));
    await store.close();
    ({ store } = await place.open());
    store.recordQuestion(question({ memberId: '200000000000000009' }));
    store.recordQuestion(question({ memberId: '200000000000000010' }));
    const report = await store.insights({ days: 7, now: NOW });
    expect([report.questions, report.members]).toEqual([3, 2]);
  });

  it('uses INSIGHTS_SECRET when it is set: another key, other hashes', async () => {
    store.recordQuestion(question({ memberId: '200000000000000011' }));
    await store.close();
    ({ store } = await place.open({ INSIGHTS_SECRET: 'a-key-of-the-operators-own-choosing' }));
    store.recordQuestion(question({ memberId: '200000000000000011' }));
    expect((await store.insights({ days: 7, now: NOW })).members).toBe(2);
  });

  it('purges what is older than the retention, with the votes on it, on demand and when opened', async () => {
    const old = question({ at: new Date(NOW.getTime() - 31 * DAY) });
    const recent = question({ at: new Date(NOW.getTime() - 29 * DAY) });
    store.recordQuestion(old);
    store.recordQuestion(recent);
    store.recordVote({ questionId: old.id, memberId: '1', helpful: true, at: new Date(NOW.getTime() - 31 * DAY + 1000), guildId: null });
    store.recordVote({ questionId: recent.id, memberId: '1', helpful: true, at: new Date(NOW.getTime() - 29 * DAY + 1000), guildId: null });
    await store.flush();
    expect(await store.purge(NOW)).toBe(2);
    expect(await place.count('questions')).toBe(1);
    expect(await place.count('votes')).toBe(1);
    expect(await store.purge(NOW)).toBe(0);

    // At open: a question recorded long ago (by the clock) is gone once the store opens again.
    store.recordQuestion(question({ at: new Date(Date.now() - 40 * DAY) }));
    await store.close();
    const before = await place.count('questions');
    ({ store } = await place.open({ INSIGHTS_RETENTION_DAYS: 30 }));
    expect(await place.count('questions')).toBe(before - 1);
  });

  it('merges paraphrases with the grouper it is given, and falls back to the text when the grouper fails', async () => {
    for (let i = 0; i < 3; i++) store.recordQuestion(question({ question: 'Who is Hegseth?' }));
    for (let i = 0; i < 2; i++) store.recordQuestion(question({ question: 'Tell me about Hegseth' }));
    store.recordQuestion(question({ question: 'What is the budget?' }));
    // Groups every question naming Hegseth under the first of them.
    const grouper = async (qs: readonly string[]) => {
      const first = qs.findIndex((q) => q.includes('hegseth'));
      return qs.map((q, i) => (q.includes('hegseth') ? first : i));
    };
    const grouped = await store.insights({ days: 7, now: NOW }, grouper);
    expect(grouped.top).toEqual([
      { question: 'Who is Hegseth?', count: 5 },
      { question: 'What is the budget?', count: 1 },
    ]);
    const failing = await store.insights({ days: 7, now: NOW }, async () => {
      throw new Error('encoder not loaded');
    });
    expect(failing.top.map((t) => t.count)).toEqual([3, 2, 1]);
    expect(logger.lines.some((l) => l.msg.includes('grouper failed'))).toBe(true);
  });

  it('returns at once from recording, and never throws on a malformed record', async () => {
    const bad = [null, undefined, {}, { id: 1, at: 'yesterday', question: 42, top: { storyId: 'x' } }] as unknown as QuestionRecord[];
    for (const record of bad) expect(() => store.recordQuestion(record)).not.toThrow();
    expect(() => store.recordVote(null as never)).not.toThrow();
    store.recordQuestion(question());
    expect((await store.insights({ days: 7, now: NOW })).questions).toBeGreaterThanOrEqual(1);
  });

  it('applies each migration once, however often it is opened', async () => {
    await store.close();
    for (let i = 0; i < 2; i++) ({ store } = await place.open());
    const migrations = (await place.dump()).store_migrations as { version: number }[];
    expect(migrations.map((m) => Number(m.version))).toEqual([1]);
  });

  it('lists at most `limit` rows', async () => {
    for (let i = 0; i < 15; i++) store.recordQuestion(question({ question: `Question number ${i}?`, outcome: 'refused', top: null }));
    const report = await store.insights({ days: 7, now: NOW, limit: 5 });
    expect(report.top).toHaveLength(5);
    expect(report.unanswered).toHaveLength(5);
    expect((await store.insights({ days: 7, now: NOW })).top).toHaveLength(10);
  });
});

describe('INSIGHTS=off', () => {
  it('records nothing, opens no database and reports zeros', async () => {
    const place = await newPlace('sqlite');
    const store = await openStore({ config: { ...place.config, INSIGHTS: 'off' }, logger: memoryLogger() });
    expect(store.kind).toBe('off');
    store.recordQuestion(question());
    store.recordVote({ questionId: '1', memberId: '2', helpful: true, at: NOW, guildId: null });
    const report = await store.insights({ days: 3, now: NOW });
    expect(report).toMatchObject({ days: 3, questions: 0, members: 0, top: [], unanswered: [], unhelpful: [] });
    expect(report.perDay).toHaveLength(3);
    await store.close();
    expect(readdirSync(place.config.DATA_DIR)).toEqual([]);
    await place.remove();
  });
});

describe('the retention timer', () => {
  it('purges on its own, without a call', async () => {
    const place = await newPlace('sqlite');
    const store = new BufferedStore('sqlite', () => openSqlite(place.config.DATA_DIR), {
      retentionDays: 1,
      logger: memoryLogger(),
      purgeMs: 100,
    });
    await store.start();
    store.recordQuestion(question({ at: new Date(Date.now() - 2 * DAY) }));
    store.recordQuestion(question({ at: new Date() }));
    await store.flush();
    expect(await place.count('questions')).toBe(2);
    await vi.waitFor(async () => expect(await place.count('questions')).toBe(1), { timeout: 5_000, interval: 100 });
    await store.close();
    await place.remove();
  });
});
