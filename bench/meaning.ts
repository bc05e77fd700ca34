/**
 * Meaning figures for `npm run bench`: the sentence encoder's load and encoding speed, the answer path with meaning on
 * against words only and raw MiniSearch, answering while passage vectors are being computed (the event loop stays
 * free: the encoder runs in its worker thread), and vector memory and search-by-meaning cost at 10k and 100k passages.
 *
 * Part of `npm run bench`; alone: `npm run bench:meaning` (about a minute).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { toContract } from '../src/cli/render.js';
import { buildIndex, DIMENSIONS, loadEngine, PassageVectors, readStories, sharedEncoder, startMeaning } from '../src/engine/index.js';
import { type Latency, ms, progress, progressDone, round, summarize, table } from './stats.js';
import { prng, writeArchive } from './synthetic.js';

export interface MeaningFigures {
  /** The encoder thread's first answer after start: model load included. */
  modelLoadMs: number;
  story: {
    /** Trim + await ask + JSON contract, meaning on (what `ask --json --batch` does per question). */
    answerPathOn: Latency;
    /** The same by words only (SEMANTIC=off). */
    answerPathOff: Latency;
    rawMiniSearch: Latency;
    /** Words-only answer path over raw MiniSearch (the ≤ 3× target of SEMANTIC=off). */
    offRatio: { mean: number; p50: number };
  };
  encoding: {
    passages: number;
    ms: number;
    msPer1000: number;
    /** Answers by words asked while those passages were encoded (the bot answers lexically meanwhile). */
    answersWhileEncoding: Latency;
    /** The longest the main thread's event loop was held up during the encoding… */
    maxEventLoopDelayMs: number;
    /** …and during as long a time of answering without encoding (the machine's own noise, for comparison). */
    maxEventLoopDelayIdleMs: number;
  };
  scale: { passages: number; vectorMB: number; searchByMeaning: Latency }[];
}

const time = async <T>(fn: () => Promise<T> | T): Promise<number> => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

export async function measureMeaning(questions: readonly string[], rounds: number, sizes: readonly number[]): Promise<MeaningFigures> {
  progress('meaning: loading the encoder');
  const encoder = sharedEncoder();
  const modelLoadMs = await time(() => encoder.encode(['warm up']));
  const story = await storyLatencies(questions, rounds);
  const encoding = await encodingWhileAnswering(questions);
  const scale = sizes.map((passages) => {
    progress(`meaning: vectors of ${passages} passages`);
    return vectorsAtScale(passages);
  });
  return { modelLoadMs: Math.round(modelLoadMs), story, encoding, scale };
}

async function storyLatencies(questions: readonly string[], rounds: number): Promise<MeaningFigures['story']> {
  progress('meaning: the answer path on the story, meaning on and off');
  const cache = mkdtempSync(join(tmpdir(), 'story-bot-vectors-'));
  try {
    const on: number[] = [];
    const off: number[] = [];
    const raw: number[] = [];
    // Words only (SEMANTIC=off) and raw MiniSearch: one warm engine, interleaved question by question.
    const words = loadEngine('seeds');
    const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    mini.addAll(words.allPassages().map((p) => ({ id: p.index, text: p.text })));
    for (let round = 0; round < rounds * 6; round++) {
      for (const q of questions) {
        const line = ` ${q}\r`;
        off.push(await time(() => JSON.stringify(toContract(line.trim(), words.askByWords(line.trim(), { limit: 3 })))));
        raw.push(await time(() => mini.search(line.trim())));
      }
    }
    // Meaning on: a fresh engine each round (it remembers recent questions' vectors), so every question is encoded.
    for (let round = 0; round < rounds; round++) {
      const engine = loadEngine('seeds');
      await startMeaning(engine, { cacheDir: cache });
      for (const q of questions) {
        const line = ` ${q}\r`;
        on.push(await time(async () => JSON.stringify(toContract(line.trim(), await engine.ask(line.trim(), { limit: 3 })))));
      }
    }
    const offStats = summarize(off);
    const rawStats = summarize(raw);
    return {
      answerPathOn: summarize(on),
      answerPathOff: offStats,
      rawMiniSearch: rawStats,
      offRatio: { mean: round(offStats.mean / rawStats.mean), p50: round(offStats.p50 / rawStats.p50) },
    };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** Encodes 1,000 synthetic passages while the main thread answers questions by words every few milliseconds. */
async function encodingWhileAnswering(questions: readonly string[]): Promise<MeaningFigures['encoding']> {
  progress('meaning: encoding 1,000 passages while answering');
  const root = mkdtempSync(join(tmpdir(), 'story-bot-meaning-'));
  try {
    writeArchive(root, 1000);
    const texts = buildIndex(readStories(root))
      .sentences.filter((p) => !p.furniture)
      .map((p) => p.text);
    const engine = loadEngine('seeds');
    const answers: number[] = [];
    const whileAsking = async (work: () => Promise<unknown>) => {
      const delay = monitorEventLoopDelay({ resolution: 5 });
      let done = false;
      const asking = (async () => {
        for (let i = 0; !done; i++) {
          answers.push(await time(() => engine.askByWords(questions[i % questions.length] as string)));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      delay.enable();
      const ms = await time(work);
      delay.disable();
      done = true;
      await asking;
      return { ms, maxDelayMs: round(delay.max / 1e6) };
    };
    const encoding = await whileAsking(() => sharedEncoder().encode(texts));
    const answered = summarize(answers);
    const idle = await whileAsking(() => new Promise((resolve) => setTimeout(resolve, encoding.ms)));
    return {
      passages: texts.length,
      ms: Math.round(encoding.ms),
      msPer1000: Math.round((encoding.ms * 1000) / texts.length),
      answersWhileEncoding: answered,
      maxEventLoopDelayMs: encoding.maxDelayMs,
      maxEventLoopDelayIdleMs: idle.maxDelayMs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Int8 vectors of `passages` random unit vectors: their memory, and one search by meaning over all of them. */
function vectorsAtScale(passages: number): MeaningFigures['scale'][number] {
  const random = prng(passages);
  const unit = () => {
    const v = new Float32Array(DIMENSIONS);
    let norm = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      v[d] = random() - 0.5;
      norm += (v[d] as number) ** 2;
    }
    return v.map((x) => x / Math.sqrt(norm));
  };
  const vectors = PassageVectors.quantize(Array.from({ length: passages }, unit));
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const query = unit();
    const started = performance.now();
    vectors.cosines(query);
    samples.push(performance.now() - started);
  }
  return { passages, vectorMB: round(vectors.bytes() / 1e6), searchByMeaning: summarize(samples) };
}

const label = (passages: number) => (passages >= 1e3 ? `${passages / 1e3}k` : String(passages));

export function reportMeaning(meaning: MeaningFigures): string {
  const lat = (l: Latency) => [ms(l.p50), ms(l.p99), ms(l.mean)];
  return [
    `Meaning: the encoder thread answers first after ${ms(meaning.modelLoadMs)} (model load); ${meaning.encoding.passages} passages encode in ${ms(meaning.encoding.ms)} (${ms(meaning.encoding.msPer1000)} per 1,000)`,
    table(
      ['', 'p50', 'p99', 'mean'],
      [
        ['answer path, meaning on: trim + ask + JSON', ...lat(meaning.story.answerPathOn)],
        ['answer path, SEMANTIC=off', ...lat(meaning.story.answerPathOff)],
        ['raw MiniSearch', ...lat(meaning.story.rawMiniSearch)],
        ['ratio SEMANTIC=off / raw MiniSearch', `${meaning.story.offRatio.p50}×`, '', `${meaning.story.offRatio.mean}×`],
        ['answers by words while passages encode', ...lat(meaning.encoding.answersWhileEncoding)],
      ],
    ),
    `Longest event-loop delay while encoding: ${ms(meaning.encoding.maxEventLoopDelayMs)} (as long without encoding: ${ms(meaning.encoding.maxEventLoopDelayIdleMs)})`,
    table(
      ['passages', 'int8 vectors', 'search by meaning p50', 'p99'],
      meaning.scale.map((s) => [label(s.passages), `${s.vectorMB} MB`, ms(s.searchByMeaning.p50), ms(s.searchByMeaning.p99)]),
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const questions = readFileSync('eval/questions.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { q: string }).q);
  const figures = await measureMeaning(questions, 5, [10_000, 100_000]);
  progressDone();
  process.stdout.write(`${reportMeaning(figures)}\n`);
}
