/**
 * The command-line tools as a user and outside tools meet them: real processes, real stories, the JSON contract.
 * Each spawn costs about half a second, so each one serves several assertions.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '../..');
const SEEDS = join(ROOT, 'seeds');
const STORY_ID = '000_71bf02bc287789e0';
const STORY_TEXT = readFileSync(join(SEEDS, `${STORY_ID}.txt`), 'utf8');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI script as `npm run` would, with stdin a pipe fed `input` (never a terminal). */
function run(script: 'ask' | 'summary', args: string[], options: { input?: string; seeds?: string } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', `src/cli/${script}.ts`, ...args],
      { cwd: ROOT, env: { ...process.env, SEEDS_DIR: options.seeds ?? SEEDS, NO_COLOR: '' } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** The JSON contract of PRODUCT.md, exactly: no key more, no key less. */
const contractSchema = z.strictObject({
  question: z.string(),
  answers: z.array(
    z.strictObject({
      text: z.string().min(1),
      story: z.string().min(1),
      storyId: z.string().min(1),
      paragraph: z.number().int().positive(),
      speaker: z.string().min(1).nullable(),
      score: z.number().finite(),
    }),
  ),
});

describe('ask --json', () => {
  let result: Run;
  beforeAll(async () => {
    result = await run('ask', ['--json', 'How many strikes has the US reported since September?']);
  });

  it('prints exactly one JSON object of the contract, and nothing else', () => {
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = contractSchema.parse(JSON.parse(lines[0] ?? ''));
    expect(parsed.question).toBe('How many strikes has the US reported since September?');
    expect(parsed.answers.length).toBeGreaterThan(0);
    expect(parsed.answers.length).toBeLessThanOrEqual(3);
  });

  it('quotes passages verbatim from the story file, best first, with the story named', () => {
    const { answers } = contractSchema.parse(JSON.parse(result.stdout));
    for (const answer of answers) {
      expect(STORY_TEXT).toContain(answer.text);
      expect(answer.storyId).toBe(STORY_ID);
      const line = STORY_TEXT.split('\n').filter((l) => l.trim() !== '')[answer.paragraph - 1];
      expect(line).toContain(answer.text);
    }
    const scores = answers.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('ask --batch', () => {
  const questions = ['What did the UK stop doing?', 'What is the recipe for pancakes?', 'Who will Yvette Cooper meet at the G7?'];
  let result: Run;
  beforeAll(async () => {
    // A blank line between questions is skipped, not answered.
    result = await run('ask', ['--batch', '--json', '--limit', '2'], { input: `${questions[0]}\n\n${questions[1]}\r\n${questions[2]}` });
  });

  it('answers one question a line, in order, one JSON object a line', () => {
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => contractSchema.parse(JSON.parse(line)).question)).toEqual(questions);
  });

  it('--limit caps the answers per question', () => {
    const counts = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => contractSchema.parse(JSON.parse(line)).answers.length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('abstains with "answers": [] on a question the story does not answer', () => {
    const pancakes = contractSchema.parse(JSON.parse(result.stdout.split('\n')[1] ?? ''));
    expect(pancakes.answers).toEqual([]);
  });
});

describe('ask for a person', () => {
  it('prints passages with attribution, without ANSI codes when not on a terminal, and says plainly when the story does not say', async () => {
    const result = await run('ask', ['--batch'], { input: 'Who will Yvette Cooper meet at the G7?\nWhat is the recipe for pancakes?\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b[');
    const [answered, unanswered] = result.stdout.split('\n\nQ: ');
    expect(answered).toMatch(
      /^Q: Who will Yvette Cooper meet at the G7\?\n1\. .+\n {3}— .*UK pauses some intelligence sharing.* — Sky News, ¶\d+/,
    );
    expect(unanswered).toBe("What is the recipe for pancakes?\nThe story doesn't say.\n");
  });
});

describe('ask usage errors: one line on stderr, nothing on stdout, exit 2', () => {
  it.concurrent.each([
    ['an unknown flag', ['--frobnicate', 'what happened?'], /--frobnicate/],
    ['an empty question', ['   '], /question is empty/],
    ['a --limit of 0', ['--limit', '0', 'what happened?'], /--limit: must be from 1 to \d+/],
    ['a --limit that is not a number', ['--limit', 'lots', 'what happened?'], /--limit: must be a whole number/],
    ['an unknown --story', ['--story', 'nope', 'what happened?'], /--story: no story "nope"/],
    ['no question and no --batch, stdin not a terminal', [], /no question/],
  ])('%s', async (_name, args, message) => {
    const result = await run('ask', args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('stories that cannot be loaded: exit 1, the file named', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-seeds-'));
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'story.txt'), 'A paragraph of a story that is fine.\n');
    writeFileSync(join(dir, 'broken', 'story.json'), '{"title": ');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a broken metadata file, without a stack trace', async () => {
    const result = await run('ask', ['--json', 'what happened?'], { seeds: join(dir, 'broken') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(join(dir, 'broken', 'story.json'));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing seeds folder', async () => {
    const result = await run('summary', [], { seeds: join(dir, 'missing') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(dir, 'missing'));
  });
});

describe('summary --json', () => {
  it('gives the requested number of verbatim passages in story order', async () => {
    const result = await run('summary', ['--json', '--sentences', '3']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { story: { id: string }; passages: { text: string; paragraph: number }[] };
    expect(summary.story.id).toBe(STORY_ID);
    expect(summary.passages).toHaveLength(3);
    for (const passage of summary.passages) expect(STORY_TEXT).toContain(passage.text);
    const offsets = summary.passages.map((p) => STORY_TEXT.indexOf(p.text));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('refuses --sentences outside 3–10 with exit 2', async () => {
    const result = await run('summary', ['--sentences', '11']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--sentences: must be from 3 to 10/);
  });
});
