/**
 * The evaluation sets are data that `npm run eval` trusts: a gold string that is not in the story, spans two
 * sentences or sits in page furniture can never be matched, and the figures would quietly measure the data, not
 * the engine. Every set is checked: eval/questions.jsonl on seeds/, and each eval/<folder>/questions.jsonl on the
 * stories in its folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evalQuestionSchema } from '../../src/cli/eval-metrics.js';
import { detectFurniture } from '../../src/engine/furniture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EVAL_DIR = join(ROOT, 'eval');

/** The tags eval/README.md documents. */
const TAGS = ['paraphrase', 'typo', 'partial', 'alias', 'number', 'speaker', 'when', 'where', 'why', 'verbatim', 'oos'] as const;

/** Stricter than what `npm run eval` accepts: no stray keys, gold without surrounding blanks, tags from the README. */
const questionLineSchema = evalQuestionSchema
  .extend({
    gold: z.array(
      z
        .string()
        .min(1)
        .refine((g) => g.trim() === g, 'a gold string must not start or end with whitespace'),
    ),
    tag: z.enum(TAGS).optional(),
  })
  .strict()
  .refine((q) => q.tag === undefined || (q.tag === 'oos') === (q.gold.length === 0), {
    message: 'tag "oos" goes with "gold": [] and only with it',
  });
type QuestionLine = z.infer<typeof questionLineSchema>;

interface EvalSet {
  name: string;
  questionsFile: string;
  storiesDir: string;
}

/** The project set, then every folder of eval/ that has a questions.jsonl, in name order (as `npm run eval` finds them). */
function findEvalSets(): EvalSet[] {
  const sets: EvalSet[] = [
    { name: 'eval/questions.jsonl', questionsFile: join(EVAL_DIR, 'questions.jsonl'), storiesDir: join(ROOT, 'seeds') },
  ];
  const folders = readdirSync(EVAL_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const folder of folders) {
    const questionsFile = join(EVAL_DIR, folder, 'questions.jsonl');
    if (existsSync(questionsFile)) sets.push({ name: `eval/${folder}`, questionsFile, storiesDir: join(EVAL_DIR, folder) });
  }
  return sets;
}

interface StoryLine {
  file: string;
  number: number;
  text: string;
  furniture: boolean;
}

/** Every non-blank line of every story in the folder, marked as furniture the way the engine marks its paragraphs. */
function readStoryLines(dir: string): { texts: string[]; lines: StoryLine[] } {
  const texts: string[] = [];
  const lines: StoryLine[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    texts.push(text);
    const paragraphs = text
      .split('\n')
      .map((line, i) => ({ text: line.replace(/\r$/, ''), number: i + 1 }))
      .filter((line) => line.text.trim() !== '');
    const furniture = detectFurniture(paragraphs.map((p) => p.text));
    paragraphs.forEach((p, i) => {
      lines.push({ file, number: p.number, text: p.text, furniture: furniture[i] ?? false });
    });
  }
  return { texts, lines };
}

function readQuestionLines(file: string): { line: number; value: unknown }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, line }) => {
      try {
        return { line, value: JSON.parse(text) as unknown };
      } catch {
        return { line, value: text };
      }
    });
}

/**
 * Where a sentence ends inside `text`: a full stop, "!" or "?" (and a closing quote) before a capital or a digit — unless
 * the word before the stop is an abbreviation or an initial ("Dr. Helen", "U.S. tariffs", "Rachel T. Okonjo").
 * Deliberately independent of the engine's splitter: the data is checked against how a reader sees sentences.
 */
function sentenceBreakIn(text: string): string | null {
  for (const match of text.matchAll(/(?<!\S)(\S+?)([.!?])(?=[”’"]?\s+[“‘"]?[\p{Lu}\p{N}])/gu)) {
    const [whole, word = '', stop] = match;
    const abbreviation = stop === '.' && /^(?:\p{Lu}\p{Ll}{0,3}|(?:\p{L}\.)+\p{L})$/u.test(word);
    if (!abbreviation) return whole;
  }
  return null;
}

const sets = findEvalSets();

describe('the evaluation sets found', () => {
  it('are the project set and every story folder, the held-out ones included', () => {
    expect(sets.map((set) => set.name)).toEqual(
      expect.arrayContaining(['eval/questions.jsonl', 'eval/second-story', 'eval/third-story', 'eval/fourth-story']),
    );
  });
});

describe('sentenceBreakIn', () => {
  it('finds a sentence end followed by a new sentence', () => {
    expect(sentenceBreakIn('he said. He added')).toBe('said.');
    expect(sentenceBreakIn('in a row,” he said. “The bigger')).toBe('said.');
    expect(sentenceBreakIn('lightly. The market')).toBe('lightly.');
    expect(sentenceBreakIn('in 2022. 14 times')).toBe('2022.');
    expect(sentenceBreakIn('Is it? Yes')).toBe('it?');
  });
  it('passes abbreviations, initials and lowercase continuations', () => {
    expect(sentenceBreakIn('Dr. Rachel T. Okonjo, an analyst')).toBeNull();
    expect(sentenceBreakIn('higher U.S. tariffs at 7:30 a.m. on Thursday')).toBeNull();
    expect(sentenceBreakIn('Det. Insp. Lucy Brennan')).toBeNull();
  });
});

describe.each(sets)('$name', (set) => {
  const { texts, lines } = readStoryLines(set.storiesDir);
  const parsed = readQuestionLines(set.questionsFile).map(({ line, value }) => ({ line, result: questionLineSchema.safeParse(value) }));
  const questions: QuestionLine[] = parsed.flatMap(({ result }) => (result.success ? [result.data] : []));

  it('has stories to ask about', () => {
    expect(lines.filter((line) => !line.furniture).length).toBeGreaterThan(0);
  });

  it('has only valid question lines', () => {
    const problems = parsed.flatMap(({ line, result }) =>
      result.success
        ? []
        : [`line ${line}: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ')}`],
    );
    expect(problems).toEqual([]);
    expect(questions.length).toBeGreaterThan(0);
  });

  it('has both in-scope and out-of-scope questions', () => {
    expect(questions.filter((q) => q.gold.length > 0).length).toBeGreaterThan(0);
    expect(questions.filter((q) => q.gold.length === 0).length).toBeGreaterThan(0);
  });

  it('asks each question once', () => {
    const asked = questions.map((q) => q.q.trim().toLowerCase());
    expect(asked.filter((q, i) => asked.indexOf(q) !== i)).toEqual([]);
  });

  it('has every gold string verbatim within one line of a story, never in page furniture', () => {
    const problems: string[] = [];
    for (const question of questions) {
      for (const gold of question.gold) {
        const holders = lines.filter((line) => line.text.includes(gold));
        const where = `"${gold}" (for "${question.q}")`;
        if (holders.length === 0) {
          problems.push(`${where} ${texts.some((text) => text.includes(gold)) ? 'spans two lines' : 'is not in any story'}`);
        }
        for (const line of holders.filter((holder) => holder.furniture)) {
          problems.push(`${where} is in page furniture: ${line.file}:${line.number}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no gold string that spans two sentences', () => {
    const problems = questions.flatMap((question) =>
      question.gold.flatMap((gold) => {
        const found = sentenceBreakIn(gold);
        return found ? [`"${gold}" (for "${question.q}") crosses a sentence end after "${found}"`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });
});
