/**
 * `npm run people` and `npm run quotes` as users and outside tools meet them: real processes over the real stories,
 * the JSON contracts of PRODUCT.md exactly (no key more, no key less), one line on stderr and a non-zero exit for a
 * bad flag or an unknown speaker.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadEngine } from '../../src/engine/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SEEDS = join(ROOT, 'seeds');
const STORY_ID = '000_71bf02bc287789e0';
const TITLE = 'UK pauses some intelligence sharing with US over Caribbean boat strikes';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: 'people' | 'quotes', args: string[], seeds = SEEDS): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `src/cli/${script}.ts`, ...args],
      { cwd: ROOT, env: { ...process.env, SEEDS_DIR: seeds, NO_COLOR: '' } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const personSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['person', 'body']),
  role: z.string().min(1).nullable(),
  story: z.string(),
  storyId: z.string(),
  firstParagraph: z.number().int().min(1),
  statements: z.number().int().min(0),
});
const peopleSchema = z.strictObject({ people: z.array(personSchema) });
const quotesSchema = z.strictObject({
  speaker: z.string(),
  quotes: z.array(
    z.strictObject({
      text: z.string(),
      story: z.string(),
      storyId: z.string(),
      paragraph: z.number().int().min(1),
      speaker: z.string().nullable(),
      score: z.number(),
    }),
  ),
});

const engine = loadEngine(SEEDS, { cache: false });
let people: Run;
let quotes: Run;

beforeAll(async () => {
  [people, quotes] = await Promise.all([run('people', ['--json', '--story', STORY_ID]), run('quotes', ['--json', '--speaker', 'hegseth'])]);
});

describe('npm run people', () => {
  it('prints exactly the JSON contract, in order of first mention, and nothing else', () => {
    expect(people.code).toBe(0);
    expect(people.stderr).toBe('');
    const parsed = peopleSchema.parse(JSON.parse(people.stdout));
    expect(parsed.people.map((p) => p.name)).toEqual(engine.people(STORY_ID).map((p) => p.name));
    expect(parsed.people.find((p) => p.name === 'Pete Hegseth')).toEqual({
      name: 'Pete Hegseth',
      kind: 'person',
      role: 'US secretary of war',
      story: TITLE,
      storyId: STORY_ID,
      firstParagraph: 19,
      statements: 5,
    });
    const firsts = parsed.people.map((p) => p.firstParagraph);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    // Named only in page furniture ("Listen to The World with Richard Engel and Yalda Hakim…"): not people of the story.
    expect(parsed.people.map((p) => p.name)).not.toContain('Richard Engel');
  });

  it('reads as lines for people on a terminal', async () => {
    const pretty = await run('people', []);
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toContain(`${TITLE} — Sky News`);
    expect(pretty.stdout).toContain('  Pete Hegseth — US secretary of war · 5 statements · first ¶19');
  });

  it('says what is wrong with a bad flag or an unknown story in one line on stderr, exit 2', async () => {
    const cases = [['--nope'], ['--story', 'no-such-story'], ['stray']];
    const runs = await Promise.all(cases.map((args) => run('people', args)));
    for (const [i, bad] of runs.entries()) {
      const args = cases[i] as string[];
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/^people: /);
    }
  });
});

describe('npm run quotes', () => {
  it('prints the speaker and each statement with the fields of an ask answer, verbatim and in story order', () => {
    expect(quotes.code).toBe(0);
    const parsed = quotesSchema.parse(JSON.parse(quotes.stdout));
    expect(parsed.speaker).toBe('Pete Hegseth');
    const expected = engine.quotes('Pete Hegseth').quotes;
    expect(parsed.quotes.map((q) => [q.text, q.paragraph, q.speaker, q.storyId, q.story])).toEqual(
      expected.map((q) => [q.passage.text, q.passage.paragraph, 'Pete Hegseth', STORY_ID, TITLE]),
    );
    expect(parsed.quotes.map((q) => q.paragraph)).toEqual([19, 21, 22, 22, 22]);
  });

  it('gives a body the words of its unnamed officials', async () => {
    const body = quotesSchema.parse(JSON.parse((await run('quotes', ['--json', '--speaker', 'Number 10'])).stdout));
    expect(body.quotes.map((q) => q.paragraph)).toEqual([15, 16, 17]);
  });

  it('names the closest speakers for an unknown one, in one line on stderr, exit 1', async () => {
    const unknown = await run('quotes', ['--speaker', 'Hegsteh']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('quotes: no speaker "Hegsteh"');
    expect(unknown.stderr).toContain('Pete Hegseth');
  });

  it('exits 2 with one line when the speaker is missing or a flag is bad', async () => {
    const cases = [[], ['--speaker'], ['--speaker', 'Hegseth', '--limit', '3'], ['Hegseth']];
    const runs = await Promise.all(cases.map((args) => run('quotes', args)));
    for (const [i, bad] of runs.entries()) {
      const args = cases[i] as string[];
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/^quotes: .*\(see --help\)$/m);
    }
  });
});
