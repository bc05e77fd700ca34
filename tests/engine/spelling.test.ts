import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING } from '../../src/engine/ranking.js';
import { readerOver, storyOf } from '../support/question-reader.js';

// Spelling (spelling.ts) is read through the question reader, as the engine uses it.

describe('spelling: words the stories write another way', () => {
  const story = [
    'Patients at the Millbrook clinic were moved to the guest house on Quay Street after a fire in the car park.',
    'The owner of the guesthouse, Ellen Varga, said every room had been given to the patients free of charge.',
  ].join('\n');
  const millbrook = readerOver([storyOf('001_millbrook', story)]).reader;
  const concept = (question: string, surface: string) => millbrook.read(question).concepts.find((c) => c.surface === surface);

  it('reads a long English word one letter from a story word as a slip for it, faintly, beside itself', () => {
    const patents = concept('how many patents were moved', 'patents');
    expect(patents?.alternatives.get('patent')).toBe(1);
    expect(patents?.present).toContainEqual(['patient', DEFAULT_RANKING.realWordTypoWeight]);
    expect(patents?.known).toBe(true);
    // A short word is one edit from too many others: "fire" is not read as "five" or "hire".
    expect(concept('was there a hire car', 'hire')?.present ?? []).toEqual([]);
  });

  it('reads a closed compound as the two words the story writes apart, standing together', () => {
    const carpark = concept('what happened in the carpark', 'carpark');
    expect(carpark?.phrases).toContainEqual({ terms: ['car', 'park'], weight: 1 });
    expect(carpark?.known).toBe(true);
  });

  it('reads two question words as the one word the story writes ("guest house" for "guesthouse")', () => {
    const question = millbrook.read('who owns the guest house');
    const guestHouse = question.concepts.find((c) => c.surface === 'guest house');
    expect(guestHouse?.alternatives.get('guesthous')).toBe(1);
    expect(question.concepts.some((c) => c.surface === 'guest')).toBe(false);
  });

  it('reads a verb and its particle in any form as the noun the story writes ("broken down" for "breakdown")', () => {
    const lineReader = readerOver([
      storyOf('002_line', 'It was the third breakdown this year, and a shutdown of the line followed.'),
    ]).reader;
    const find = (question: string, surface: string) => lineReader.read(question).concepts.find((c) => c.surface === surface);
    expect(find('how often has the train broken down', 'broken down')?.alternatives.get('breakdown')).toBe(1);
    expect(find('why are they shutting down the line', 'shutting down')?.alternatives.get('shutdown')).toBe(1);
  });

  it('meets the degrees of an adjective, in English spelling, and nothing that only looks like one', () => {
    const pricesReader = readerOver([
      storyOf('003_prices', 'Poorer households face the biggest rises, and the happiest towns are large. The matter is urgent.'),
    ]).reader;
    const present = (question: string) => pricesReader.read(question).concepts[0]?.present.map(([term]) => term) ?? [];
    expect(present('poor households')).toContain('poorer');
    expect(present('big rises')).toContain('biggest');
    expect(present('happy towns')).toContain('happiest');
    expect(present('larger towns')).toContain('larg');
    // "matter" is no degree of "mat" (as the last word, "mat" could be "matter" half-typed: not here).
    expect(present('mat sizes')).not.toContain('matter');
  });
});
