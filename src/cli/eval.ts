/**
 * `npm run eval`: answer-quality figures for our engine beside well-known search engines over the same passages.
 * It only measures: nothing here feeds back into the engine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Engine, Passage } from '../engine/index.js';
import { truncate } from '../shared/text.js';
import { buildBaselines } from './baselines.js';
import { loadDotenv, openEngine, readCommandLine, runCli, seedsDir, UsageError } from './common.js';
import { type EvalQuestion, type Metrics, metrics, type Outcome, outcome, parseQuestions, separability } from './eval-metrics.js';

const HELP = `Usage: npm run eval -- [options]

Measures answer quality on question sets: Recall@1, Recall@3 and MRR over in-scope questions,
how often out-of-scope questions get no passage (abstained) and in-scope ones get some (answered),
for our engine and for MiniSearch, Lunr, FlexSearch, Orama and wink-bm25 over the same passages.

With no options it runs every set: eval/questions.jsonl on SEEDS_DIR (default: seeds), then each
folder eval/<name>/ that has a questions.jsonl, on the stories in that folder (held-out stories the
engine was not built on), in name order.

  --questions FILE  run one set: this questions file (one {"q", "gold", "tag"} a line) ...
  --seeds DIR       ... on the stories in DIR (default: SEEDS_DIR, or seeds)
  --json            print the figures as one JSON object
  --help, -h        show this help`;

/** How deep each ranking is read: MRR counts a right passage down to this rank. */
const DEPTH = 10;

interface QuestionSet {
  name: string;
  questionsFile: string;
  seeds: string;
}

interface EngineFigures extends Metrics {
  engine: string;
}

interface Miss {
  q: string;
  tag: string | null;
  /** Rank of the first right passage within DEPTH, or null. */
  rank: number | null;
  /** What came back first, or null when nothing did (abstained). */
  first: { text: string; paragraph: number } | null;
}

/**
 * What our refusal can rest on: how well each signal, taken at its best passage, tells in-scope from out-of-scope
 * questions (area under the ROC curve; 0.5 is chance). Null when the set lacks one side.
 */
interface RefusalSignals {
  /** The best share of the question's meaning a passage's words hold (score.ts). */
  wordCoverage: number | null;
  /** The best cosine between the question and a passage (the sentence encoder). */
  bestCosine: number | null;
}

interface SetReport extends QuestionSet {
  passages: number;
  engines: EngineFigures[];
  refusalSignals: RefusalSignals;
  /** Our in-scope questions without a right passage at rank 1. */
  misses: Miss[];
  /** Our out-of-scope questions that got passages anyway. */
  falseAnswers: Miss[];
}

const flagsSchema = z.object({
  questions: z.string().trim().min(1, 'must name a file').optional(),
  seeds: z.string().trim().min(1, 'must name a folder').optional(),
  json: z.boolean().default(false),
});

async function main(argv: string[]): Promise<void> {
  const line = readCommandLine(argv, { questions: { type: 'string' }, seeds: { type: 'string' }, json: { type: 'boolean' } }, flagsSchema, {
    help: HELP,
    words: false,
  });
  if (!line) return;
  const { flags } = line;
  if (flags.seeds && !flags.questions) throw new UsageError('--seeds needs --questions: which questions to ask of those stories');
  loadDotenv();

  const sets: QuestionSet[] = flags.questions
    ? [{ name: flags.questions, questionsFile: resolve(flags.questions), seeds: resolve(flags.seeds ?? seedsDir()) }]
    : [{ name: 'project story', questionsFile: resolve('eval/questions.jsonl'), seeds: seedsDir() }, ...storyFolderSets(resolve('eval'))];
  const reports: SetReport[] = [];
  for (const set of sets) reports.push(await evaluate(set));
  process.stdout.write(
    flags.json ? `${JSON.stringify({ depth: DEPTH, sets: reports }, null, 2)}\n` : `${reports.map(renderReport).join('\n\n')}\n`,
  );
}

/** Each folder of `evalDir` with a questions.jsonl is a set on the stories in that folder, named after the folder. */
function storyFolderSets(evalDir: string): QuestionSet[] {
  // Without the folder the project set alone is run, and its missing questions file is what gets reported.
  if (!existsSync(evalDir)) return [];
  return readdirSync(evalDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(evalDir, entry.name, 'questions.jsonl')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name: name.replaceAll('-', ' '),
      questionsFile: join(evalDir, name, 'questions.jsonl'),
      seeds: join(evalDir, name),
    }));
}

async function evaluate(set: QuestionSet): Promise<SetReport> {
  const questions = readQuestions(set.questionsFile);
  const engine = await openEngine(set.seeds, true);
  const passages = answerablePassages(engine);
  const texts = passages.map((p) => p.text);

  const oursRankings: Passage[][] = [];
  for (const question of questions) oursRankings.push((await engine.ask(question.q, { limit: DEPTH })).map((a) => a.passage));
  const wordsRankings = questions.map((question) => engine.askByWords(question.q, { limit: DEPTH }).map((a) => a.passage));
  const rows = (rankings: Passage[][]) =>
    metrics(
      questions.map((question, i) =>
        outcome(
          question,
          (rankings[i] ?? []).map((p) => p.text),
        ),
      ),
    );
  const cosines = await questionCosines(engine, questions, passages);
  const engines: EngineFigures[] = [
    { engine: 'ours (hybrid)', ...rows(oursRankings) },
    { engine: 'ours, words only (SEMANTIC=off)', ...rows(wordsRankings) },
    { engine: 'encoder alone', ...rows(encoderRankings(cosines, passages)) },
  ];
  const refusalSignals = refusalSignalsOf(engine, questions, cosines);
  for (const baseline of buildBaselines(texts.map((text, id) => ({ id, text })))) {
    const outcomes: Outcome[] = [];
    for (const question of questions) {
      const ids = await baseline.search(question.q, DEPTH);
      outcomes.push(
        outcome(
          question,
          ids.map((id) => texts[id] ?? ''),
        ),
      );
    }
    engines.push({ engine: baseline.name, ...metrics(outcomes) });
  }

  const misses: Miss[] = [];
  const falseAnswers: Miss[] = [];
  questions.forEach((question, i) => {
    const ranking = oursRankings[i] ?? [];
    const result = outcome(
      question,
      ranking.map((p) => p.text),
    );
    const first = ranking[0] ? { text: ranking[0].text, paragraph: ranking[0].paragraph } : null;
    const miss = { q: question.q, tag: question.tag ?? null, rank: result.rank, first };
    if (result.inScope && result.rank !== 1) misses.push(miss);
    if (!result.inScope && result.returned > 0) falseAnswers.push(miss);
  });
  return { ...set, passages: passages.length, engines, refusalSignals, misses, falseAnswers };
}

/** Each question's cosine with every passage (in `passages` order), the question encoded once for every use. */
async function questionCosines(engine: Engine, questions: readonly EvalQuestion[], passages: readonly Passage[]): Promise<number[][]> {
  const vectors = engine.passageVectors();
  const queries = await engine.encode(questions.map((q) => q.q));
  if (!vectors || !queries) throw new Error('the sentence encoder is not available');
  return queries.map((query) => passages.map((_, i) => vectors.cosine(i, query)));
}

function refusalSignalsOf(engine: Engine, questions: readonly EvalQuestion[], cosines: readonly number[][]): RefusalSignals {
  const coverage = questions.map((q) => Math.max(0, ...engine.explain(q.q).map((c) => c.coverage)));
  const cosine = cosines.map((row) => Math.max(...row));
  const split = (values: number[]) =>
    [values.filter((_, i) => (questions[i]?.gold.length ?? 0) > 0), values.filter((_, i) => questions[i]?.gold.length === 0)] as const;
  return { wordCoverage: separability(...split(coverage)), bestCosine: separability(...split(cosine)) };
}

/** The sentence encoder alone: every passage by cosine with the question, no refusal. */
function encoderRankings(cosines: readonly number[][], passages: readonly Passage[]): Passage[][] {
  return cosines.map((row) =>
    passages
      .map((passage, i) => ({ passage, cosine: row[i] ?? 0 }))
      .sort((a, b) => b.cosine - a.cosine)
      .slice(0, DEPTH)
      .map((entry) => entry.passage),
  );
}

function readQuestions(file: string): EvalQuestion[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return parseQuestions(text, file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Every passage the engine may answer with (page furniture is never an answer), in story order. */
function answerablePassages(engine: Engine): Passage[] {
  return engine.allPassages().filter((passage) => !passage.furniture);
}

function renderReport(report: SetReport): string {
  const first = report.engines[0];
  const lines = [
    `${report.name}: ${first?.inScope ?? 0} in-scope and ${first?.outOfScope ?? 0} out-of-scope questions, ${report.passages} passages`,
    `  (${report.questionsFile} on ${report.seeds})`,
    '',
    table(
      ['engine', 'R@1', 'R@3', 'MRR', 'OOS abstained', 'in-scope answered', 'useful'],
      report.engines.map((e) => [
        e.engine,
        percent(e.recallAt1),
        percent(e.recallAt3),
        e.mrr.toFixed(3),
        percent(e.oosAbstained),
        percent(e.inScopeAnswered),
        percent(e.useful),
      ]),
    ),
  ];
  const auc = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));
  lines.push(
    '',
    `Refusal signals (AUC, in-scope above out-of-scope; 0.5 = chance): word coverage ${auc(report.refusalSignals.wordCoverage)}, best cosine ${auc(report.refusalSignals.bestCosine)}`,
  );
  lines.push('', `Ours, not right at rank 1 (${report.misses.length}):`);
  for (const miss of report.misses) {
    const verdict = miss.rank ? `right passage at rank ${miss.rank}` : miss.first ? `no right passage in the top ${DEPTH}` : 'abstained';
    lines.push(...describe(miss, verdict));
  }
  lines.push('', `Ours, answered although out of scope (${report.falseAnswers.length}):`);
  for (const miss of report.falseAnswers) lines.push(...describe(miss, 'should abstain'));
  return lines.join('\n');
}

function describe(miss: Miss, verdict: string): string[] {
  const got = miss.first ? `¶${miss.first.paragraph} ${truncate(miss.first.text, 110)}` : '(nothing)';
  return [`  - ${miss.q}  [${miss.tag ?? 'untagged'}; ${verdict}]`, `      first: ${got}`];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

runCli('eval', () => main(process.argv.slice(2)));
