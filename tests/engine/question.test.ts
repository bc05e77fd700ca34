import { describe, expect, it } from 'vitest';
import { buildIndex, readStories } from '../../src/engine/index.js';
import { englishKnowledge } from '../../src/engine/knowledge.js';
import { QuestionReader } from '../../src/engine/question.js';
import { DEFAULT_RANKING } from '../../src/engine/ranking.js';
import { Feature } from '../../src/engine/features.js';

const data = buildIndex(readStories('seeds'));
const reader = new QuestionReader({
  lexicon: englishKnowledge(),
  documentFrequency: data.documentFrequency,
  words: data.words,
  acronyms: data.acronyms,
  passageCount: data.sentences.filter((p) => !p.furniture).length,
  ranking: DEFAULT_RANKING,
});

describe('QuestionReader (understand)', () => {
  it("reads content words as concepts, stop words dropped, typos corrected to the stories' words", () => {
    const question = reader.read('Why did britian stop sharing intelligence?');
    expect(question.concepts.map((c) => c.surface)).toEqual(['britian', 'stop', 'sharing', 'intelligence']);
    const britain = question.concepts[0];
    expect(britain?.present.length).toBeGreaterThan(0);
    expect(question.features & Feature.reason).toBeTruthy();
  });

  it('says what is asked for and what an answer must have', () => {
    const many = reader.read('How many boats were hit?');
    expect(many.required & Feature.count).toBeTruthy();
    const long = reader.read('How long has the UK shared intelligence?');
    expect(long.features & Feature.duration).toBeTruthy();
    expect(long.required & Feature.time).toBe(0);
  });

  it('finds the particular speaker asked about, not a role', () => {
    expect(reader.read('What did Hegseth say about the strikes?').speaker?.map((c) => c.surface)).toEqual(['Hegseth']);
    expect(reader.read('What did the officials say?').speaker).toBeNull();
  });

  it('weighs a rare word of the stories above a common one', () => {
    const [venezuela, said] = reader.read('Venezuela said').concepts;
    expect(venezuela?.importance).toBeGreaterThan(said?.importance ?? 0);
  });

  it('weighs the verb a question asks about ("what closed…", "who started…") above the words that only place it', () => {
    const [started, strikes] = reader.read('who started the strikes').concepts;
    const startedPlain = reader.read('the strikes started').concepts.find((c) => c.surface === 'started');
    expect([started?.surface, strikes?.surface]).toEqual(['started', 'strikes']);
    expect(DEFAULT_RANKING.askedVerbWeight).toBeGreaterThan(1);
    expect(started?.importance).toBeCloseTo((startedPlain?.importance ?? 0) * DEFAULT_RANKING.askedVerbWeight, 5);
    // A noun after the question word is no asked verb: "which boats" weighs as "boats" anywhere.
    const boats = reader.read('which boats were hit').concepts.find((c) => c.surface === 'boats');
    const boatsPlain = reader.read('the boats were hit').concepts.find((c) => c.surface === 'boats');
    expect(boats?.importance).toBeCloseTo(boatsPlain?.importance ?? 0, 5);
  });
});

describe('QuestionReader: words the stories spell another way', () => {
  const story = [
    'Patients at the Millbrook clinic were moved to the guest house on Quay Street after a fire in the car park.',
    'The owner of the guesthouse, Ellen Varga, said every room had been given to the patients free of charge.',
  ].join('\n');
  const source = { id: '001_millbrook', file: '001_millbrook.txt', text: story, meta: { title: 'Millbrook fire' }, version: 'test' };
  const index = buildIndex([source]);
  const millbrook = new QuestionReader({
    lexicon: englishKnowledge(),
    documentFrequency: index.documentFrequency,
    words: index.words,
    acronyms: index.acronyms,
    passageCount: index.sentences.filter((p) => !p.furniture).length,
    ranking: DEFAULT_RANKING,
  });
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
    const source = {
      id: '002_line',
      file: '002_line.txt',
      text: 'It was the third breakdown this year, and a shutdown of the line followed.',
      meta: {},
      version: 'test',
    };
    const line = buildIndex([source]);
    const lineReader = new QuestionReader({
      lexicon: englishKnowledge(),
      documentFrequency: line.documentFrequency,
      words: line.words,
      acronyms: line.acronyms,
      passageCount: 1,
      ranking: DEFAULT_RANKING,
    });
    const find = (question: string, surface: string) => lineReader.read(question).concepts.find((c) => c.surface === surface);
    expect(find('how often has the train broken down', 'broken down')?.alternatives.get('breakdown')).toBe(1);
    expect(find('why are they shutting down the line', 'shutting down')?.alternatives.get('shutdown')).toBe(1);
  });
});
