/**
 * `npm run bench`: speed, memory and scale figures, printed as a table and written to bench/results.json.
 *
 *   story     the engine's latency per question over eval/questions.jsonl beside MiniSearch on its defaults over the
 *             same passages, in the same run; the answer path of `ask --json --batch` per question against raw
 *             MiniSearch, plus one real run of the CLI over the whole batch
 *   build     indexing the story, and where a saved index starts beating a rebuild
 *   bot       process start to clientReady against the local Discord, interaction → reply, a burst of 1000
 *   loop      the bot's event loop (its own "event-loop delay" line) and interaction → answer under a burst of 300,
 *             SEMANTIC on against off
 *   http      the HTTP interactions endpoint (1 and 2 workers) against the gateway bot: interactions/s, p50/p99, RSS
 *   meaning   the sentence encoder: load, the answer path with meaning on and off, encoding 1,000 passages while
 *             answering, vector memory and search by meaning at 10k and 100k passages
 *   scale     synthetic archives of 10k, 100k and 1M passages: build, heap and RSS, query latency, saved index
 *
 * The targets are reported, never asserted: machines differ. Run with --expose-gc (the npm script does) so heap
 * figures are live data.
 */
import { fork, spawn } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { toContract } from '../src/cli/render.js';
import { buildIndex, Engine, type IndexData, loadIndex, readStories } from '../src/engine/index.js';
import { englishKnowledge } from '../src/engine/knowledge.js';
import { type BotFigures, measureBot, measureShardAt, type ShardAtScale } from './bot.js';
import { type HttpBenchFigures, measureHttp, reportHttp } from './http.js';
import { type LoopFigures, measureEventLoop, reportEventLoop } from './event-loop.js';
import { type MeaningFigures, measureMeaning, reportMeaning } from './meaning.js';
import type { BuildResult, LoadResult, ScaleMessage } from './scale.js';
import { type Latency, median, ms, progress, progressDone, round, summarize, table, timed } from './stats.js';
import { writeArchive } from './synthetic.js';

const HELP = `Usage: npm run bench -- [options]

  --quick            skip the 1M-passage step of the scale sweep
  --scale LIST       archive sizes of the sweep, e.g. 10k,100k (default 10k,100k,1M)
  --help, -h         show this help

Writes bench/results.json. README.md, "Speed, memory and scale", says what the figures mean.`;

/** Warm rounds over the question set for the story's latencies. */
const ROUNDS = 30;
/** Heap for the scale children: 1M passages need more than Node's default. */
const SCALE_HEAP_MB = 8192;

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`--scale: "${text}" is not a size like 10k or 1M`);
  const unit = match[2]?.toLowerCase() === 'm' ? 1e6 : match[2]?.toLowerCase() === 'k' ? 1e3 : 1;
  return Math.round(Number(match[1]) * unit);
}

const scaleSizes = (values.scale ?? '10k,100k,1M')
  .split(',')
  .map(parseSize)
  .filter((n) => !(values.quick && n >= 1e6));

const questions = readFileSync('eval/questions.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { q: string }).q);

// ------------------------------------------------------------------------------------------- story

interface StoryFigures {
  passages: number;
  questions: number;
  rounds: number;
  engine: { firstPass: Latency; warm: Latency; insideMiniSearch: Latency };
  /** What /summary (3, 5 and 10 passages) and the question autocomplete (each question typed a few letters at a time) cost, warm. */
  commands: { summary: Latency; suggest: Latency };
  minisearch: Latency;
  /** Warm engine over warm MiniSearch, by mean and by median. */
  ratio: { mean: number; p50: number };
  answerPath: {
    /** Per question: the line trimmed, engine.ask, the JSON contract stringified — what `ask --json --batch` does. */
    perQuestion: Latency;
    rawMiniSearch: Latency;
    ratio: { mean: number; p50: number };
    cli: { questions: number; wallMs: number; emptyBatchWallMs: number; perQuestionMs: number };
  };
}

/** Wraps the index's own MiniSearch search to time the share of the engine's work that is MiniSearch's. */
function timeInnerSearch(data: IndexData): number[] {
  const samples: number[] = [];
  const search = data.search.search.bind(data.search);
  data.search.search = ((...args: Parameters<typeof search>) => {
    const start = performance.now();
    const results = search(...args);
    samples.push(performance.now() - start);
    return results;
  }) as typeof data.search.search;
  return samples;
}

async function measureStory(): Promise<StoryFigures> {
  progress('story: engine and MiniSearch');
  const data = buildIndex(readStories('seeds'));
  const inner = timeInnerSearch(data);
  const engine = new Engine(data, englishKnowledge());
  const passages = engine.allPassages();
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  mini.addAll(passages.map((p) => ({ id: p.index, text: p.text })));

  const firstPass = questions.map((q) => timed(() => engine.askByWords(q)).ms);
  inner.length = 0;
  const engineWarm: number[] = [];
  const miniWarm: number[] = [];
  const pathWarm: number[] = [];
  const rawWarm: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      // Interleaved, so both meet the same machine noise.
      engineWarm.push(timed(() => engine.askByWords(q)).ms);
      miniWarm.push(timed(() => mini.search(q)).ms);
      const line = ` ${q}\r`;
      pathWarm.push(
        timed(() => {
          const question = line.trim();
          return JSON.stringify(toContract(question, engine.askByWords(question, { limit: 3 })));
        }).ms,
      );
      rawWarm.push(timed(() => mini.search(line.trim())).ms);
    }
  }
  const summaries: number[] = [];
  const suggestions: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const sentences of [3, 5, 10]) summaries.push(timed(() => engine.summary({ sentences })).ms);
  }
  for (const q of questions) {
    for (let typed = 3; typed < q.length; typed += 4) suggestions.push(timed(() => engine.suggest(q.slice(0, typed), 25)).ms);
  }
  const engineStats = summarize(engineWarm);
  const miniStats = summarize(miniWarm);
  const pathStats = summarize(pathWarm);
  const rawStats = summarize(rawWarm);
  return {
    passages: passages.length,
    questions: questions.length,
    rounds: ROUNDS,
    engine: { firstPass: summarize(firstPass), warm: engineStats, insideMiniSearch: summarize(inner) },
    commands: { summary: summarize(summaries), suggest: summarize(suggestions) },
    minisearch: miniStats,
    ratio: { mean: round(engineStats.mean / miniStats.mean), p50: round(engineStats.p50 / miniStats.p50) },
    answerPath: {
      perQuestion: pathStats,
      rawMiniSearch: rawStats,
      ratio: { mean: round(pathStats.mean / rawStats.mean), p50: round(pathStats.p50 / rawStats.p50) },
      cli: await measureCli(),
    },
  };
}

/** One real `ask --json --batch` over the questions, and one over an empty batch (start-up alone). */
async function measureCli(): Promise<StoryFigures['answerPath']['cli']> {
  progress('story: the CLI over the batch');
  const run = (input: string) =>
    new Promise<{ ms: number; lines: number }>((resolve, reject) => {
      const started = performance.now();
      const child = spawn('node_modules/.bin/tsx', ['src/cli/ask.ts', '--json', '--batch'], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, SEEDS_DIR: 'seeds' },
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code !== 0) reject(new Error(`ask --json --batch exited with ${code}`));
        else resolve({ ms: performance.now() - started, lines: out.split('\n').filter((l) => l.trim() !== '').length });
      });
      child.stdin.end(input);
    });
  const full = await run(`${questions.join('\n')}\n`);
  if (full.lines !== questions.length) throw new Error(`ask --json --batch printed ${full.lines} lines for ${questions.length} questions`);
  const empty = await run('');
  return {
    questions: questions.length,
    wallMs: Math.round(full.ms),
    emptyBatchWallMs: Math.round(empty.ms),
    perQuestionMs: round((full.ms - empty.ms) / questions.length),
  };
}

// ------------------------------------------------------------------------------------------- build

interface BuildFigures {
  story: { readMs: number; buildMs: number; snapshotLoadMs: number };
  /** Rebuilding against loading a saved index, at sizes around the default threshold. */
  crossover: { passages: number; storyBytes: number; buildMs: number; snapshotLoadMs: number }[];
}

function buildVsSnapshot(
  dir: string,
  cacheDir: string,
  runs: number,
): { buildMs: number; snapshotLoadMs: number; passages: number; storyBytes: number } {
  const sources = readStories(dir);
  const builds: number[] = [];
  for (let i = 0; i < runs; i++) builds.push(timed(() => loadIndex(dir, { cache: false })).ms);
  loadIndex(dir, { cache: cacheDir });
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const loaded = timed(() => loadIndex(dir, { cache: cacheDir }));
    if (loaded.value.from !== 'snapshot') throw new Error(`the snapshot of ${dir} was not used: ${loaded.value.note}`);
    loads.push(loaded.ms);
  }
  return {
    passages: buildIndex(sources).sentences.filter((p) => !p.furniture).length,
    storyBytes: sources.reduce((sum, s) => sum + s.text.length, 0),
    buildMs: median(builds),
    snapshotLoadMs: median(loads),
  };
}

function measureBuild(): BuildFigures {
  progress('build: the story');
  const root = mkdtempSync(join(tmpdir(), 'story-bot-bench-'));
  try {
    const reads: number[] = [];
    const builds: number[] = [];
    for (let i = 0; i < 20; i++) {
      const read = timed(() => readStories('seeds'));
      reads.push(read.ms);
      builds.push(timed(() => buildIndex(read.value)).ms);
    }
    const story = buildVsSnapshot('seeds', join(root, 'cache-story'), 10);
    const crossover = [500, 2_000, 5_000, 20_000].map((passages) => {
      progress(`build: saved index against rebuilding, ${passages} passages`);
      const dir = join(root, `archive-${passages}`);
      writeArchive(dir, passages);
      return buildVsSnapshot(dir, join(root, `cache-${passages}`), 3);
    });
    return {
      story: { readMs: median(reads), buildMs: median(builds), snapshotLoadMs: story.snapshotLoadMs },
      crossover: [{ ...story }, ...crossover],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------- scale

interface ScaleFigures {
  passages: number;
  build: BuildResult;
  load: LoadResult;
  /** The real bot process (a shard) started over the archive from its saved index. */
  shard: ShardAtScale;
}

function runScaleChild(args: string[], label: string): Promise<BuildResult | LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./scale.ts', import.meta.url), args, {
      execArgv: ['--import', 'tsx', '--expose-gc', `--max-old-space-size=${SCALE_HEAP_MB}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const started = performance.now();
    let current = 'starting';
    const show = () => progress(`scale ${label}: ${current} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    const ticker = setInterval(show, 2_000);
    let result: BuildResult | LoadResult | undefined;
    let failure: string | undefined;
    child.on('message', (message: ScaleMessage) => {
      if (message.type === 'phase') {
        current = message.detail ? `${message.phase}: ${message.detail}` : message.phase;
        show();
      } else if (message.type === 'result') {
        result = message.result;
        child.disconnect();
      } else failure = message.message;
    });
    child.once('exit', (code, signal) => {
      clearInterval(ticker);
      if (result) resolve(result);
      else reject(new Error(`scale ${label} failed (${signal ?? code}): ${failure ?? 'no result'}`));
    });
  });
}

function label(passages: number): string {
  return passages >= 1e6 ? `${passages / 1e6}M` : passages >= 1e3 ? `${passages / 1e3}k` : String(passages);
}

async function measureScale(passages: number): Promise<ScaleFigures> {
  const root = mkdtempSync(join(tmpdir(), `story-bot-scale-${label(passages)}-`));
  try {
    const build = (await runScaleChild(['build', String(passages), root], label(passages))) as BuildResult;
    const load = (await runScaleChild(['load', root], `${label(passages)} (saved index)`)) as LoadResult;
    progress(`scale ${label(passages)}: a shard process over the archive, from the saved index`);
    const sample = (JSON.parse(readFileSync(join(root, 'questions.json'), 'utf8')) as string[]).slice(0, 10);
    const shard = await measureShardAt(join(root, 'stories'), join(root, 'cache'), sample, SCALE_HEAP_MB);
    return { passages, build, load, shard };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------- report

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

function targets(
  story: StoryFigures,
  meaning: MeaningFigures,
  bot: BotFigures,
  loop: LoopFigures,
  http: HttpBenchFigures,
  scale: ScaleFigures[],
): Target[] {
  const million = scale.find((s) => s.passages >= 1e6);
  const list: Target[] = [
    {
      name: 'answer path (ask --json --batch) vs raw MiniSearch, per question',
      target: '≤ 3×',
      measured: `${story.answerPath.ratio.mean}× (mean), ${story.answerPath.ratio.p50}× (p50)`,
      met: story.answerPath.ratio.mean <= 3,
    },
    { name: 'engine p99 on the story (warm)', target: '< 1 ms', measured: ms(story.engine.warm.p99), met: story.engine.warm.p99 < 1 },
    {
      name: 'SEMANTIC=off: answer path vs raw MiniSearch, per question',
      target: '≤ 3×',
      measured: `${meaning.story.offRatio.mean}× (mean), ${meaning.story.offRatio.p50}× (p50)`,
      met: meaning.story.offRatio.mean <= 3,
    },
    {
      name: 'meaning on: answer path p50',
      target: '≤ 15 ms',
      measured: ms(meaning.story.answerPathOn.p50),
      met: meaning.story.answerPathOn.p50 <= 15,
    },
    {
      name: 'meaning on: answer path p99',
      target: '≤ 50 ms',
      measured: ms(meaning.story.answerPathOn.p99),
      met: meaning.story.answerPathOn.p99 <= 50,
    },
    {
      name: 'event loop while 1,000 passages are encoded (worker thread)',
      target: '< 50 ms stall',
      measured: `${ms(meaning.encoding.maxEventLoopDelayMs)} (${ms(meaning.encoding.maxEventLoopDelayIdleMs)} without encoding)`,
      met: meaning.encoding.maxEventLoopDelayMs < 50,
    },
    {
      name: `meaning on: no event-loop stall in the bot during a burst of ${loop.burst} (median of runs)`,
      target: '< 50 ms',
      measured: `${ms(loop.on.maxMs)} (SEMANTIC=off ${ms(loop.off.maxMs)})`,
      met: loop.on.maxMs < 50,
    },
    {
      name: 'meaning on: interaction → answer p99 in the bot, one at a time (median of runs)',
      target: '< 100 ms',
      measured: `${ms(loop.on.oneAtATimeP99)} (SEMANTIC=off ${ms(loop.off.oneAtATimeP99)})`,
      met: loop.on.oneAtATimeP99 < 100,
    },
    {
      name: `meaning on: interaction → answer p99 in the bot, burst of ${loop.burst} (median of runs)`,
      target: '(none)',
      measured: `${ms(loop.on.answerP99)} (SEMANTIC=off ${ms(loop.off.answerP99)})`,
      met: null,
    },
    {
      name: 'start to clientReady on the story (npm start and each shard: node --import tsx)',
      target: '< 1 s',
      measured: ms(bot.start.shard.clientReady),
      met: bot.start.shard.clientReady < 1000,
    },
    {
      name: 'start to clientReady through the tsx wrapper (tsx src/bot/main.ts, a second process)',
      target: '(none)',
      measured: ms(bot.start.npmStart.clientReady),
      met: null,
    },
    ...http.modes
      .filter((m) => m.mode.startsWith('HTTP'))
      .map((m) => ({
        name: `${m.mode}: a burst of ${m.burst.sent} signed interactions, each first response within 3 s`,
        target: 'all',
        measured: `${m.burst.answered - m.burst.late}/${m.burst.sent}, last after ${ms(m.burst.lastMs)}`,
        met: m.burst.late === 0 && m.burst.failed === 0,
      })),
  ];
  if (million) {
    list.push(
      {
        name: '1M passages: build from the stories',
        target: '< 60 s',
        measured: ms(million.build.readMs + million.build.buildMs),
        met: million.build.readMs + million.build.buildMs < 60_000,
      },
      {
        name: '1M passages: start from the saved index',
        target: '< 60 s',
        measured: ms(million.load.loadMs),
        met: million.load.loadMs < 60_000,
      },
      {
        name: '1M passages: a shard from the saved index, start → clientReady',
        target: '(none)',
        measured: `${ms(million.shard.clientReady)}, RSS ${million.shard.rssAfterQuestions ?? '?'} MB`,
        met: null,
      },
      {
        name: '1M passages: query p99 (warm)',
        target: '< 50 ms',
        measured: ms(million.build.query.warm.p99),
        met: million.build.query.warm.p99 < 50,
      },
      {
        name: '1M passages: RSS once built',
        target: '< 3 GB',
        measured: `${million.build.memory.rss} MB (peak ${million.build.peakRss} MB)`,
        met: million.build.memory.rss < 3000,
      },
      {
        name: '1M passages: RSS started from the saved index',
        target: '< 3 GB',
        measured: `${million.load.memory.rss} MB (peak ${million.load.peakRss} MB)`,
        met: million.load.memory.rss < 3000,
      },
    );
  } else list.push({ name: '1M passages', target: 'see above', measured: 'not run (--quick or --scale)', met: null });
  return list;
}

function report(
  story: StoryFigures,
  build: BuildFigures,
  meaning: MeaningFigures,
  bot: BotFigures,
  loop: LoopFigures,
  http: HttpBenchFigures,
  scale: ScaleFigures[],
  goals: Target[],
): string {
  const lat = (l: Latency) => [ms(l.p50), ms(l.p99), ms(l.mean)];
  const sections = [
    `Story: ${story.passages} passages, ${story.questions} questions × ${story.rounds} warm rounds`,
    table(
      ['', 'p50', 'p99', 'mean'],
      [
        ['engine.ask (warm)', ...lat(story.engine.warm)],
        ['engine.ask (first pass, cold)', ...lat(story.engine.firstPass)],
        ['  of which MiniSearch inside the engine', ...lat(story.engine.insideMiniSearch)],
        ['engine.summary (3, 5, 10 passages; /summary)', ...lat(story.commands.summary)],
        ['engine.suggest (questions as typed; autocomplete)', ...lat(story.commands.suggest)],
        ['MiniSearch defaults', ...lat(story.minisearch)],
        ['ratio engine / MiniSearch', `${story.ratio.p50}×`, '', `${story.ratio.mean}×`],
        ['answer path: trim + ask + JSON', ...lat(story.answerPath.perQuestion)],
        ['raw MiniSearch', ...lat(story.answerPath.rawMiniSearch)],
        ['ratio answer path / raw MiniSearch', `${story.answerPath.ratio.p50}×`, '', `${story.answerPath.ratio.mean}×`],
      ],
    ),
    `CLI: ask --json --batch over ${story.answerPath.cli.questions} questions: ${ms(story.answerPath.cli.wallMs)} wall, ${ms(story.answerPath.cli.emptyBatchWallMs)} of it start-up (empty batch), ${ms(story.answerPath.cli.perQuestionMs)} a question`,
    '',
    `Build: the story reads in ${ms(build.story.readMs)} and indexes in ${ms(build.story.buildMs)}`,
    table(
      ['passages', 'story text', 'rebuild', 'saved index'],
      build.crossover.map((c) => [String(c.passages), `${Math.round(c.storyBytes / 1024)} KB`, ms(c.buildMs), ms(c.snapshotLoadMs)]),
    ),
    '',
    reportMeaning(meaning),
    '',
    'Bot against the local Discord',
    table(
      ['', 'p50', 'p99', 'mean'],
      [
        [`tsx main.ts: start → stories indexed (median of ${bot.start.runs})`, ms(bot.start.npmStart.storiesIndexed), '', ''],
        ['tsx main.ts: start → clientReady', ms(bot.start.npmStart.clientReady), '', ''],
        ['tsx main.ts: start → READY + guilds sent by Discord', ms(bot.start.npmStart.gatewayReady), '', ''],
        ['npm start (node --import tsx main.ts): start → stories indexed', ms(bot.start.shard.storiesIndexed), '', ''],
        ['npm start (node --import tsx main.ts): start → clientReady', ms(bot.start.shard.clientReady), '', ''],
        [`interaction → first response (${bot.interactions.count})`, ...lat(bot.interactions.toFirstResponse)],
        [`interaction → answer (${bot.interactions.count})`, ...lat(bot.interactions.toAnswer)],
        [`burst of ${bot.burst.sent}: → answer`, ...lat(bot.burst.toAnswer)],
      ],
    ),
    `Burst: ${bot.burst.answered} answered, ${bot.burst.busy} told "busy", ${bot.burst.errors} errors, ${bot.burst.unanswered} unanswered; last answer after ${ms(bot.burst.toLastAnswer)}; ${bot.burst.lateFirstResponses} first responses later than 3 s`,
    `Bot RSS: ${bot.rss.ready ?? '?'} MB ready, ${bot.rss.afterBurst ?? '?'} MB after the burst`,
    '',
    reportEventLoop(loop),
    '',
    reportHttp(http),
    '',
    'Scale (synthetic archives)',
    table(
      [
        'passages',
        'build',
        'heap',
        'RSS',
        'peak RSS',
        'query p50',
        'query p99',
        'MiniSearch p50/p99',
        'saved index: load',
        'RSS',
        'size',
        'shard: ready',
        'shard RSS',
      ],
      scale.map((s) => [
        label(s.passages),
        ms(s.build.readMs + s.build.buildMs),
        `${s.build.memory.heapUsed} MB`,
        `${s.build.memory.rss} MB`,
        `${s.build.peakRss} MB`,
        ms(s.build.query.warm.p50),
        ms(s.build.query.warm.p99),
        `${ms(s.build.minisearch.query.warm.p50)} / ${ms(s.build.minisearch.query.warm.p99)}`,
        `${s.load.from === 'snapshot' ? '' : 'rebuilt! '}${ms(s.load.loadMs)}, ${s.load.sameAnswers}/${s.load.checkedAnswers} same`,
        `${s.load.memory.rss} MB`,
        `${Math.round(s.build.snapshot.bytes / 1e6)} MB`,
        ms(s.shard.clientReady),
        `${s.shard.rssAfterQuestions ?? '?'} MB`,
      ]),
    ),
    '',
    'Targets (reported, not asserted)',
    table(
      ['', 'target', 'measured', ''],
      goals.map((g) => [g.name, g.target, g.measured, g.met === null ? '' : g.met ? 'met' : 'MISSED']),
    ),
  ];
  return sections.join('\n');
}

const started = new Date();
const story = await measureStory();
const build = measureBuild();
const meaning = await measureMeaning(questions, 5, [10_000, 100_000]);
const bot = await measureBot({ startRuns: 5, interactions: 200, burst: 1000 });
const loop = await measureEventLoop({ burst: 300, rounds: 2 });
const http = await measureHttp({ interactions: 200, burst: 1000, workers: [1, 2] });
const scale: ScaleFigures[] = [];
for (const passages of scaleSizes) scale.push(await measureScale(passages));
progressDone();

const goals = targets(story, meaning, bot, loop, http, scale);
const results = {
  date: started.toISOString(),
  durationS: Math.round((Date.now() - started.getTime()) / 1000),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, memoryGB: Math.round(totalmem() / 1e9), node: process.version },
  story,
  build,
  meaning,
  bot,
  loop,
  http,
  scale,
  targets: goals,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(
  `${report(story, build, meaning, bot, loop, http, scale, goals)}\n\nWritten to bench/results.json (${results.durationS} s).\n`,
);
