import { describe, expect, it } from 'vitest';
import { readStories } from '../../src/engine/index.js';
import { DEFAULT_RANKING } from '../../src/engine/ranking.js';
import { Feature } from '../../src/engine/features.js';
import { readerOver } from '../support/question-reader.js';

const { reader } = readerOver(readStories('seeds'));

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

  it('leaves out the words that frame a question in time ("so far", "in the meantime", "still"): they name no topic', () => {
    const surfaces = (question: string) => reader.read(question).concepts.map((c) => c.surface);
    expect(surfaces('how many strikes so far')).toEqual(['strikes']);
    expect(surfaces('who will share intelligence in the meantime')).toEqual(['share', 'intelligence']);
    expect(surfaces('is the UK still sharing intelligence again')).toEqual(['UK', 'sharing', 'intelligence']);
  });

  it('leaves out the verb of lasting in a "how long" question: it only repeats what "how long" asks', () => {
    const surfaces = (question: string) => reader.read(question).concepts.map((c) => c.surface);
    expect(surfaces('how long will the pause last')).toEqual(['pause']);
    expect(surfaces('how long did the strikes go on for')).toEqual(['strikes']);
    // Elsewhere "last" is a word of the question: "the last strike".
    expect(surfaces('when was the last strike')).toContain('last');
  });
});
