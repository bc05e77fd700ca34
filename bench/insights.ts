/**
 * `npm run bench:insights`: what recording questions costs, on SQLite and on PostgreSQL.
 *
 *   burst       1000 questions from 300 members arriving at BURST_RATE a second: each answered by the
 *               engine and recorded as the bot does, latency measured from its arrival (so a flush that
 *               held the event loop shows up as waiting). Store on against INSIGHTS=off, interleaved
 *               rounds, same run. Then the store's count against the count asked.
 *   throughput  WRITE_N records handed to the store as fast as possible, until all are written.
 *
 * PostgreSQL: BENCH_DATABASE_URL if set (its tables are used as they are: point it at a scratch
 * database), else a throwaway cluster like the tests' (Debian's postgresql). Figures are reported,
 * never asserted; bench/results.insights.json keeps the last run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../src/engine/index.js';
import { openStore, type Store, type StoreConfig } from '../src/store/index.js';
import { type Cluster, createTestDatabase, removeCluster, startCluster } from '../tests/support/postgres.js';
import { ms, round, summarize, table } from './stats.js';

const QUESTIONS = 1000;
const MEMBERS = 300;
/** Arrivals a second in the burst: a busy server's peak, and enough flushes (every 500 ms) to land among the answers. */
const BURST_RATE = 500;
const ROUNDS = 3;
const WRITE_N = 50_000;

const silent = { info: () => {}, warn: (o: object, m: string) => console.warn(m, o), error: (o: object, m: string) => console.error(m, o) };
const engine = loadEngine('seeds');
const asked = readFileSync('eval/questions.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { q: string }).q);

const sleepUntil = (t: number) => new Promise((done) => setTimeout(done, Math.max(0, t - performance.now())));

/** One burst: every question answered and recorded at its arrival time; returns latencies from arrival. */
async function burst(store: Store, round: number): Promise<{ latencies: number[]; loopMaxMs: number; recordUs: number[] }> {
  const latencies: number[] = [];
  const recordUs: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const start = performance.now() + 20;
  await Promise.all(
    Array.from({ length: QUESTIONS }, async (_, i) => {
      const arrival = start + (i * 1000) / BURST_RATE;
      await sleepUntil(arrival);
      const question = asked[i % asked.length] as string;
      const began = Date.now();
      const answers = await engine.ask(question);
      const top = answers[0]?.passage;
      const recording = performance.now();
      store.recordQuestion({
        id: `b${round}-${i}`,
        at: new Date(),
        guildId: '900000000000000001',
        channelId: '910000000000000001',
        storyFilter: null,
        question,
        outcome: top ? 'answered' : 'refused',
        top: top ? { storyId: top.storyId, paragraph: top.paragraph, sentence: top.sentence, text: top.text } : null,
        latencyMs: Date.now() - began,
        memberId: String(200000000000000000n + BigInt(i % MEMBERS)),
      });
      const done = performance.now();
      recordUs.push((done - recording) * 1000);
      // A timer may fire a fraction of a millisecond before its time: that is not a negative latency.
      latencies.push(Math.max(0, done - arrival));
    }),
  );
  loop.disable();
  return { latencies, loopMaxMs: loop.max / 1e6, recordUs };
}

async function throughput(store: Store): Promise<number> {
  const began = performance.now();
  for (let i = 0; i < WRITE_N; i++) {
    store.recordQuestion({
      id: `t${i}`,
      at: new Date(),
      guildId: '900000000000000001',
      channelId: null,
      storyFilter: null,
      question: `Question number ${i % 400}?`,
      outcome: 'answered',
      top: { storyId: 's', paragraph: 1, sentence: 1, text: 'A passage of a story, quoted as it stands.' },
      latencyMs: 3,
      memberId: String(i % MEMBERS),
    });
    if (i % 1000 === 999) await new Promise((done) => setImmediate(done));
  }
  await store.flush();
  return WRITE_N / ((performance.now() - began) / 1000);
}

interface KindFigures {
  kind: string;
  on: ReturnType<typeof summarize>;
  off: ReturnType<typeof summarize>;
  ratioP50: number;
  ratioP99: number;
  loopMaxOnMs: number;
  loopMaxOffMs: number;
  /** Mean time inside recordQuestion, microseconds: what the answer path pays directly. */
  recordCallUs: number;
  asked: number;
  recorded: number;
  writesPerSecond: number;
}

async function measure(kind: string, config: StoreConfig): Promise<KindFigures> {
  const on: number[] = [];
  const off: number[] = [];
  let loopOn = 0;
  let loopOff = 0;
  const recordUs: number[] = [];
  const store = await openStore({ config, logger: silent });
  const offStore = await openStore({ config: { ...config, INSIGHTS: 'off' }, logger: silent });
  await burst(offStore, -1); // warm the engine
  for (let r = 0; r < ROUNDS; r++) {
    const a = await burst(store, r);
    on.push(...a.latencies);
    recordUs.push(...a.recordUs);
    loopOn = Math.max(loopOn, a.loopMaxMs);
    const b = await burst(offStore, r);
    off.push(...b.latencies);
    loopOff = Math.max(loopOff, b.loopMaxMs);
  }
  const recorded = (await store.insights({ days: 1 })).questions;
  const writesPerSecond = await throughput(store);
  await store.close();
  const sOn = summarize(on);
  const sOff = summarize(off);
  return {
    kind,
    on: sOn,
    off: sOff,
    ratioP50: round(sOn.p50 / sOff.p50),
    ratioP99: round(sOn.p99 / sOff.p99),
    loopMaxOnMs: round(loopOn),
    loopMaxOffMs: round(loopOff),
    recordCallUs: round(recordUs.reduce((x, y) => x + y, 0) / recordUs.length),
    asked: QUESTIONS * ROUNDS,
    recorded,
    writesPerSecond: Math.round(writesPerSecond),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'story-bot-bench-insights-'));
const base: StoreConfig = {
  DATA_DIR: dataDir,
  DATABASE_URL: undefined,
  INSIGHTS: 'on',
  INSIGHTS_RETENTION_DAYS: 30,
  INSIGHTS_SECRET: undefined,
};
let cluster: Cluster | undefined;
const results: KindFigures[] = [];
try {
  results.push(await measure('sqlite', base));
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    cluster = startCluster();
    url = (await createTestDatabase(cluster.url)).url;
  }
  results.push(await measure('postgres', { ...base, DATABASE_URL: url }));
} finally {
  if (cluster) removeCluster(cluster);
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(
  `\nInsights store: ${QUESTIONS} questions from ${MEMBERS} members at ${BURST_RATE}/s, ${ROUNDS} rounds each, store on vs INSIGHTS=off`,
);
console.log(
  table(
    ['store', 'p50 on', 'p50 off', 'p99 on', 'p99 off', 'p99 ratio', 'record call', 'loop max on/off', 'asked', 'recorded', 'writes/s'],
    results.map((r) => [
      r.kind,
      ms(r.on.p50),
      ms(r.off.p50),
      ms(r.on.p99),
      ms(r.off.p99),
      String(r.ratioP99),
      `${r.recordCallUs} µs`,
      `${ms(r.loopMaxOnMs)} / ${ms(r.loopMaxOffMs)}`,
      String(r.asked),
      String(r.recorded),
      String(r.writesPerSecond),
    ]),
  ),
);
writeFileSync(
  'bench/results.insights.json',
  `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version }, results }, null, 2)}\n`,
);
