import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { summarize } from '../../src/engine/summary.js';
import type { Passage } from '../../src/engine/types.js';

function passages(texts: readonly string[], furniture: readonly number[] = []): Passage[] {
  let offset = 0;
  return texts.map((text, i) => {
    const passage = {
      index: i,
      storyId: 'test',
      text,
      paragraph: i + 1,
      sentence: 1,
      start: offset,
      end: offset + text.length,
      speaker: null,
      furniture: furniture.includes(i),
    };
    offset += text.length + 1;
    return passage;
  });
}

/** A story about a harbour strike, with asides that share none of its words. */
const STRIKE = [
  'Dock workers at the harbour walked out on Monday.',
  'The weather was cold and wet all week.',
  'Shipping firms said cargo was piling up at the harbour.',
  'A local bakery opened a new shop in the square.',
  'Union leaders said the workers wanted better pay.',
  'The harbour strike by dock workers over pay is the longest in a decade.',
  'Traffic on the coast road was light.',
  'Talks on pay between the union and the harbour owners resume on Friday.',
  'A concert in the park drew a large crowd.',
];
const ASIDES = new Set([1, 3, 6, 8]);

describe('summarize', () => {
  it('picks the passage that gathers the story’s main words, and no aside', () => {
    for (const count of [2, 3, 4, 5]) {
      const chosen = summarize(passages(STRIKE), count).map((p) => p.index);
      expect(chosen, `count ${count}`).toContain(5);
      expect(
        chosen.filter((i) => ASIDES.has(i)),
        `count ${count}`,
      ).toEqual([]);
    }
  });

  it('finds the central passage wherever it stands', () => {
    // Put the central sentence last: the lead prior must not hide it.
    const reordered = [...STRIKE.filter((_, i) => i !== 5), STRIKE[5] as string];
    const chosen = summarize(passages(reordered), 3).map((p) => p.text);
    expect(chosen).toContain(STRIKE[5]);
  });

  it('returns exactly N passages in story order', () => {
    const story = passages([...STRIKE, ...STRIKE.map((text) => text.replace('.', ' again.'))]);
    for (let count = 3; count <= 10; count++) {
      const chosen = summarize(story, count);
      expect(chosen).toHaveLength(count);
      const indexes = chosen.map((p) => p.index);
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      expect(new Set(indexes).size).toBe(count);
    }
  });

  it('returns the whole story when it has no more passages than asked', () => {
    const story = passages(STRIKE.slice(0, 3));
    expect(summarize(story, 5).map((p) => p.index)).toEqual([0, 1, 2]);
  });

  it('never returns furniture, even when it repeats the story’s words', () => {
    const withFurniture = [...STRIKE, 'Follow our harbour strike coverage: dock workers, pay, union talks and harbour owners'];
    const story = passages(withFurniture, [withFurniture.length - 1]);
    for (let count = 3; count <= 10; count++) {
      const chosen = summarize(story, count);
      expect(chosen.some((p) => p.furniture)).toBe(false);
      expect(chosen).toHaveLength(Math.min(count, STRIKE.length));
    }
  });

  it('is deterministic', () => {
    const story = passages(STRIKE);
    const first = summarize(story, 4);
    for (let run = 0; run < 3; run++) expect(summarize(story, 4)).toEqual(first);
  });
});

describe('the seed story summary', () => {
  const seeds = join(import.meta.dirname, '../../seeds');
  const engine = loadEngine(seeds);
  const [story] = engine.stories();
  const file = readFileSync(join(seeds, `${story?.id}.txt`), 'utf8');

  it('gives N verbatim passages of the story in order, no furniture, for N from 3 to 10', () => {
    for (let count = 3; count <= 10; count++) {
      const summary = engine.summary({ sentences: count });
      expect(summary.story.id).toBe(story?.id);
      expect(summary.passages).toHaveLength(count);
      const order = summary.passages.map((p) => p.start);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const passage of summary.passages) {
        expect(passage.furniture).toBe(false);
        expect(file.slice(passage.start, passage.end)).toBe(passage.text);
      }
    }
  });

  it('is the same from a second engine over the same files', () => {
    const again = loadEngine(seeds);
    for (const count of [3, 5, 10]) {
      expect(again.summary({ sentences: count }).passages).toEqual(engine.summary({ sentences: count }).passages);
    }
  });

  it('opens with the story’s main fact', () => {
    // The first paragraph states what the story is about; it shares most of the title's words.
    expect(engine.summary({ sentences: 3 }).passages[0]?.paragraph).toBe(1);
  });
});
