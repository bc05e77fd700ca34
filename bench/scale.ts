/**
 * One step of the scale sweep, in a child process of bench/run.ts so each archive size gets a fresh heap (and, for
 * 1M passages, a larger one). Two modes:
 *   build <passages> <root>: writes a synthetic archive under <root>, indexes it from the stories (the real loading
 *     path), measures time, memory and query latency, saves the index snapshot, then times MiniSearch on its defaults
 *     over the same passages and questions;
 *   load <root>: starts from that snapshot, as a restarted bot or a new shard would, and measures the same.
 * Phases and the result go to the parent over IPC.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { buildIndex, Engine, type IndexData, loadIndex, readStories } from '../src/engine/index.js';
import { englishKnowledge } from '../src/engine/knowledge.js';
import { snapshotFile, snapshotKey, writeSnapshot } from '../src/engine/snapshot.js';
import { collect, type Latency, type Memory, memory, summarize, timed } from './stats.js';
import { questionsFor, writeArchive } from './synthetic.js';

export type ScaleMessage =
  | { type: 'phase'; phase: string; detail?: string }
  | { type: 'result'; result: BuildResult | LoadResult }
  | { type: 'error'; message: string };

export interface QueryFigures {
  /** Every question once (or as many as the budget allows), before any warm-up: what the first asker meets. */
  firstPass: Latency;
  /** Warm: further passes over the same questions (fewer on a large archive, see QUERY_BUDGET_MS). */
  warm: Latency;
  /** Share of questions that got at least one passage (the engine abstains on the rest). */
  answered: number;
}

export interface BuildResult {
  mode: 'build';
  passagesRequested: number;
  stories: number;
  passages: number;
  storyBytes: number;
  generateMs: number;
  readMs: number;
  buildMs: number;
  /** After the index is built and garbage collected. */
  memory: Memory;
  /** Highest RSS the process reached (MB), building included. */
  peakRss: number;
  query: QueryFigures;
  snapshot: { writeMs: number; bytes: number };
  minisearch: { buildMs: number; query: QueryFigures; heapUsed: number };
  questions: number;
}

export interface LoadResult {
  mode: 'load';
  /** Reading the stories (needed for the content key) plus reading the snapshot. */
  loadMs: number;
  from: 'snapshot' | 'built';
  memory: Memory;
  peakRss: number;
  query: QueryFigures;
  /** Of the first questions, how many got exactly the answers (passages and scores) the freshly built index gave. */
  sameAnswers: number;
  checkedAnswers: number;
}

/** Warm passes over the questions: up to this many, fewer once QUERY_BUDGET_MS is spent (large archives). */
const WARM_PASSES = 3;
const QUERY_BUDGET_MS = 30_000;
/** Questions always asked, whatever the budget: enough for a p99. */
const MIN_QUESTIONS = 60;
/** Questions whose answers the saved index must reproduce exactly. */
const CHECKED_ANSWERS = 50;

function send(message: ScaleMessage): void {
  process.send?.(message);
}

function phase(name: string, detail?: string): void {
  send(detail === undefined ? { type: 'phase', phase: name } : { type: 'phase', phase: name, detail });
}

function evalQuestions(): string[] {
  return readFileSync('eval/questions.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { q: string }).q);
}

/**
 * Asks every question once (the first pass), then asks them again in up to WARM_PASSES warm passes. On a large archive
 * a budget bounds the run: the first pass stops after `budgetMs` (never before MIN_QUESTIONS), the warm passes too.
 */
function measureQueries(questions: readonly string[], ask: (q: string) => number, budgetMs = QUERY_BUDGET_MS): QueryFigures {
  let answered = 0;
  const started = performance.now();
  const asked: string[] = [];
  const first: number[] = [];
  for (const q of questions) {
    if (asked.length >= MIN_QUESTIONS && performance.now() - started > budgetMs) break;
    const start = performance.now();
    if (ask(q) > 0) answered++;
    first.push(performance.now() - start);
    asked.push(q);
  }
  const warm: number[] = [];
  const warmStarted = performance.now();
  for (let pass = 0; pass < WARM_PASSES && (pass === 0 || performance.now() - warmStarted < budgetMs); pass++) {
    for (const q of asked) {
      const start = performance.now();
      ask(q);
      warm.push(performance.now() - start);
    }
  }
  return { firstPass: summarize(first), warm: summarize(warm), answered: answered / asked.length };
}

function peakRss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1000);
}

/** Latencies, and the answers (passage indexes and scores) to the first questions, to compare built and loaded. */
function engineQueries(data: IndexData, questions: readonly string[]): { query: QueryFigures; answers: string[] } {
  const engine = new Engine(data, englishKnowledge());
  const query = measureQueries(questions, (q) => engine.askByWords(q).length);
  const answers = questions.slice(0, CHECKED_ANSWERS).map((q) =>
    engine
      .askByWords(q)
      .map((a) => `${a.passage.index}:${a.score.toFixed(6)}`)
      .join(' '),
  );
  return { query, answers };
}

function build(passages: number, root: string): BuildResult {
  const dir = join(root, 'stories');
  phase('generating', `${passages} passages`);
  const generated = timed(() =>
    writeArchive(dir, passages, { onProgress: (done) => phase('generating', `${done} / ${passages} passages written`) }),
  );
  const archive = generated.value;
  // Interleaved, so that a budget-cut run on a large archive still asks both kinds.
  const synthetic = questionsFor(archive, 200);
  const fromEval = evalQuestions();
  const questions = synthetic.flatMap((q, i) => (i < fromEval.length ? [q, fromEval[i] as string] : [q]));
  writeFileSync(join(root, 'questions.json'), JSON.stringify(questions));

  phase('reading stories');
  const read = timed(() => readStories(dir));
  const sources = read.value;
  phase('indexing', `${sources.length} stories`);
  const built = timed(() => buildIndex(sources));
  const data = built.value;
  const afterBuild = memory();
  const peak = peakRss();

  phase('querying', `${questions.length} questions, then up to ${WARM_PASSES} warm passes`);
  const { query, answers } = engineQueries(data, questions);
  writeFileSync(join(root, 'answers.json'), JSON.stringify(answers));

  phase('saving the snapshot');
  const file = snapshotFile(join(root, 'cache'), dir, sources);
  const saved = timed(() => writeSnapshot(file, snapshotKey(sources), data, sources));

  phase('MiniSearch defaults');
  const texts = data.sentences.filter((p) => !p.furniture).map((p) => p.text);
  const before = memory().heapUsed;
  const baseline = timed(() => {
    const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    index.addAll(texts.map((text, id) => ({ id, text })));
    return index;
  });
  const heapUsed = memory().heapUsed - before;
  const baselineQuery = measureQueries(questions, (q) => baseline.value.search(q).slice(0, 3).length);

  return {
    mode: 'build',
    passagesRequested: passages,
    stories: sources.length,
    passages: texts.length,
    storyBytes: sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0),
    generateMs: generated.ms,
    readMs: read.ms,
    buildMs: built.ms,
    memory: afterBuild,
    peakRss: peak,
    query,
    snapshot: { writeMs: saved.ms, bytes: statSync(file).size },
    minisearch: { buildMs: baseline.ms, query: baselineQuery, heapUsed },
    questions: questions.length,
  };
}

function load(root: string): LoadResult {
  const questions = JSON.parse(readFileSync(join(root, 'questions.json'), 'utf8')) as string[];
  phase('loading the snapshot');
  collect();
  const loaded = timed(() => loadIndex(join(root, 'stories'), { cache: join(root, 'cache') }));
  const afterLoad = memory();
  const peak = peakRss();
  phase('querying', `${questions.length} questions, then up to ${WARM_PASSES} warm passes`);
  const { query, answers } = engineQueries(loaded.value.data, questions);
  const built = JSON.parse(readFileSync(join(root, 'answers.json'), 'utf8')) as string[];
  return {
    mode: 'load',
    loadMs: loaded.ms,
    from: loaded.value.from,
    memory: afterLoad,
    peakRss: peak,
    query,
    sameAnswers: answers.filter((a, i) => a === built[i]).length,
    checkedAnswers: answers.length,
  };
}

try {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'build' && a && b) send({ type: 'result', result: build(Number(a), b) });
  else if (mode === 'load' && a) send({ type: 'result', result: load(a) });
  else throw new Error('usage: scale.ts build <passages> <root> | load <root>');
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
}
