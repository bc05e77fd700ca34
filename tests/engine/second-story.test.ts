import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { SECOND_STORY_FURNITURE } from '../support/second-story.js';

const SEED = '000_71bf02bc287789e0';
const SECOND = '001_kellbridge_water';
const projectDir = join(import.meta.dirname, '../..');

// The engine over both stories, as an operator would run it after dropping the second one into seeds/.
const dir = mkdtempSync(join(tmpdir(), 'second-story-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const ext of ['txt', 'json']) {
  copyFileSync(join(projectDir, 'seeds', `${SEED}.${ext}`), join(dir, `${SEED}.${ext}`));
  copyFileSync(join(projectDir, 'eval/second-story', `${SECOND}.${ext}`), join(dir, `${SECOND}.${ext}`));
}
const engine = loadEngine(dir);
const secondMeta = JSON.parse(readFileSync(join(dir, `${SECOND}.json`), 'utf8')) as { title: string; publisher: string; url: string };
const files = new Map([SEED, SECOND].map((id) => [id, readFileSync(join(dir, `${id}.txt`), 'utf8')]));
const paragraphLines = (id: string) => (files.get(id) ?? '').split('\n').filter((line) => line.trim().length > 0);

const SECOND_FURNITURE: readonly string[] = SECOND_STORY_FURNITURE;

const secondPassages = () => engine.allPassages().filter((p) => p.storyId === SECOND);
const speakerOf = (start: string) => {
  const passage = secondPassages().find((p) => p.text.startsWith(start));
  if (!passage) throw new Error(`no passage starts with ${start}`);
  return passage.speaker;
};

describe('a second story beside the seed', () => {
  it('is listed with its own metadata', () => {
    expect(engine.stories().map((s) => s.id)).toEqual([SEED, SECOND]);
    const info = engine.story(SECOND);
    expect(info?.title).toBe(secondMeta.title);
    expect(info?.publisher).toBe(secondMeta.publisher);
    expect(info?.url).toBe(secondMeta.url);
    expect(info?.passageCount).toBe(secondPassages().length);
    expect(info?.paragraphCount).toBe(paragraphLines(SECOND).length);
  });

  it('answers questions about it with its own title', () => {
    const answers = engine.askByWords('How many residents were told to boil their water?');
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.passage.storyId).toBe(SECOND);
      expect(answer.story.title).toBe(secondMeta.title);
    }
    expect(answers[0]?.passage.text).toContain('40,000 residents');
  });

  it('keeps the stories apart when one is asked for', async () => {
    expect(await engine.ask('How many residents were told to boil their water?', { storyId: SEED })).toEqual([]);
    // The seed answers its own question, and only from itself.
    const answers = await engine.ask('How many boat strikes has the US carried out?', { storyId: SEED });
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.passage.storyId).toBe(SEED);
    expect(answers[0]?.passage.text).toContain('14 strikes');
  });

  it('never answers with its furniture, even when asked in the furniture’s own words', () => {
    const questions = SECOND_FURNITURE.flatMap((line) => [line, line.replace(/^[\p{L}\s]+:\s*/u, ''), `What about ${line.toLowerCase()}?`]);
    for (const question of questions) {
      for (const answer of engine.askByWords(question, { limit: 5 })) {
        expect(answer.passage.furniture, question).toBe(false);
        expect(
          SECOND_FURNITURE.some((line) => line.includes(answer.passage.text)),
          question,
        ).toBe(false);
      }
    }
    // Asked in its own words, a headline of another article matches nothing in the story.
    for (const headline of SECOND_FURNITURE.slice(2, 5)) expect(engine.askByWords(headline), headline).toEqual([]);
  });

  it('has none of its furniture among its passages or in its summary', () => {
    const texts = secondPassages().map((p) => p.text);
    for (const line of SECOND_FURNITURE) expect(texts).not.toContain(line);
    for (const count of [3, 10]) {
      for (const passage of engine.summary({ storyId: SECOND, sentences: count }).passages) {
        expect(passage.storyId).toBe(SECOND);
        expect(SECOND_FURNITURE).not.toContain(passage.text);
      }
    }
  });

  it('resolves the speakers it can, and gives none where no one speaks', () => {
    expect(speakerOf('Marlow Water said the bacteria')).toBe('Marlow Water');
    expect(speakerOf('The regulator, the Drinking Water Inspectorate, said')).toBe('Drinking Water Inspectorate');
    expect(speakerOf('Local MP Priya Raman said')).toBe('Priya Raman');
    expect(speakerOf('A spokesperson for the Department for Environment')).toMatch(/Department for Environment/);
    for (const start of ['Around 40,000 residents', 'The company expects', 'It is the second contamination', 'Bottled water stations']) {
      expect(speakerOf(start), start).toBeNull();
    }
  });
});

describe('passages are verbatim', () => {
  it('every passage of both stories is the exact slice of its file at its offsets, in its paragraph', () => {
    for (const passage of engine.allPassages()) {
      const file = files.get(passage.storyId) ?? '';
      expect(file.slice(passage.start, passage.end)).toBe(passage.text);
      expect(paragraphLines(passage.storyId)[passage.paragraph - 1]).toContain(passage.text);
    }
    expect(new Set(engine.allPassages().map((p) => p.storyId))).toEqual(new Set([SEED, SECOND]));
  });

  it('passages of a story run in file order without overlapping', () => {
    for (const id of [SEED, SECOND]) {
      const passages = engine.allPassages().filter((p) => p.storyId === id);
      for (let i = 1; i < passages.length; i++) {
        expect(passages[i]?.start).toBeGreaterThanOrEqual(passages[i - 1]?.end ?? 0);
      }
    }
  });
});
