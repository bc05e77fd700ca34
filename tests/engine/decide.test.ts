import { describe, expect, it } from 'vitest';
import { type Candidate, decide, type Meaning } from '../../src/engine/decide.js';
import { DEFAULT_RANKING } from '../../src/engine/ranking.js';
import type { Passage } from '../../src/engine/types.js';

const passage = (index: number): Passage => ({
  index,
  storyId: 's',
  text: `passage ${index}`,
  paragraph: index + 1,
  sentence: 1,
  start: 0,
  end: 9,
  speaker: null,
  furniture: false,
});
const P = [0, 1, 2, 3].map(passage);
const lexical = (entries: [number, number, number][]): Candidate[] =>
  entries.map(([i, score, coverage]) => ({ passage: P[i] as Passage, score, coverage, matched: [] }));
const meaning = (cosines: number[]): Meaning => ({
  cosine: (p) => cosines[p.index] ?? 0,
  nearest: P.map((p) => ({ passage: p, cosine: cosines[p.index] ?? 0 })).sort((a, b) => b.cosine - a.cosine),
});
const order = (answers: Candidate[]) => answers.map((a) => a.passage.index);

describe('decide', () => {
  it('by words alone: refuses below the coverage bar, keeps the lexical order above it', () => {
    expect(decide(lexical([[0, 5, 0.5]]), null, DEFAULT_RANKING)).toEqual([]);
    expect(
      order(
        decide(
          lexical([
            [0, 5, 0.9],
            [1, 4, 0.8],
            [2, 3, 0.1],
          ]),
          null,
          DEFAULT_RANKING,
        ),
      ),
    ).toEqual([0, 1]);
  });

  it('refuses when neither the words cover the question nor the encoder is confident', () => {
    expect(decide(lexical([[0, 5, 0.5]]), meaning([0.5, 0.4, 0.3, 0.2]), DEFAULT_RANKING)).toEqual([]);
  });

  it('words just past the coverage bar answer only when the encoder agrees; well past it they answer alone', () => {
    // A near-miss: the story's words, nothing of its meaning.
    expect(decide(lexical([[0, 5, 0.6]]), meaning([0.2, 0.1, 0.1, 0.1]), DEFAULT_RANKING)).toEqual([]);
    expect(order(decide(lexical([[0, 5, 0.6]]), meaning([0.45, 0.1, 0.1, 0.1]), DEFAULT_RANKING))).toEqual([0]);
    expect(order(decide(lexical([[0, 5, 0.8]]), meaning([0.1, 0.05, 0.05, 0.05]), DEFAULT_RANKING))).toEqual([0]);
    // Without the encoder the coverage bar alone decides.
    expect(order(decide(lexical([[0, 5, 0.6]]), null, DEFAULT_RANKING))).toEqual([0]);
  });

  it('answers a paraphrase the words miss when the encoder is confident, the passage found by meaning alone', () => {
    expect(order(decide(lexical([[0, 5, 0.3]]), meaning([0.2, 0.1, 0.7, 0.3]), DEFAULT_RANKING))[0]).toBe(2);
  });

  it('orders by words and meaning together: a close passage by meaning passes a slightly better lexical score', () => {
    const answers = decide(
      lexical([
        [0, 10, 0.9],
        [1, 9, 0.9],
      ]),
      meaning([0.2, 0.6, 0.1, 0.1]),
      DEFAULT_RANKING,
    );
    expect(order(answers).slice(0, 2)).toEqual([1, 0]);
  });

  it('fuses the coverage, not the BM25 score: a passage holding as much of the question, nearer in meaning, goes first', () => {
    // Same share of the question; one scores twenty times the other by term counts and length.
    const answers = decide(
      lexical([
        [0, 100, 0.8],
        [1, 5, 0.8],
      ]),
      meaning([0.3, 0.4, 0.1, 0.1]),
      DEFAULT_RANKING,
    );
    expect(order(answers).slice(0, 2)).toEqual([1, 0]);
    // More of the question still counts: the encoder alone does not reorder a passage holding far less.
    const more = decide(
      lexical([
        [0, 100, 0.9],
        [1, 5, 0.4],
      ]),
      meaning([0.3, 0.4, 0.1, 0.1]),
      DEFAULT_RANKING,
    );
    expect(order(more)[0]).toBe(0);
  });
});

describe('decide at the edges of its refusal bars (derived from the named constants, so a drift shows)', () => {
  const EPS = 1e-6;

  it('once it answers, adds the passages the words missed whose cosine reaches both joining bars, after the better ones', () => {
    const { candidateCosine, candidateRelativeCosine } = DEFAULT_RANKING.meaning;
    const best = 0.8;
    const bar = Math.max(candidateCosine, best * candidateRelativeCosine);
    const answers = decide(lexical([[0, 5, 0.9]]), meaning([best, bar + 0.001, bar - 0.001, 0]), DEFAULT_RANKING);
    expect(order(answers)).toEqual([0, 1]);
    // Far from the best, the absolute bar holds: a weak best cosine does not let everything in.
    const weak = decide(lexical([[0, 5, 0.9]]), meaning([0.3, candidateCosine - 0.001, 0, 0]), DEFAULT_RANKING);
    expect(order(weak)).toEqual([0]);
  });
  const { minCoverage } = DEFAULT_RANKING;
  const { confidentCosine, agreedCoverage, agreementWeight } = DEFAULT_RANKING.meaning;

  it('words alone: refuses just below minCoverage, answers at and just above it', () => {
    expect(decide(lexical([[0, 5, minCoverage - EPS]]), null, DEFAULT_RANKING)).toEqual([]);
    expect(order(decide(lexical([[0, 5, minCoverage]]), null, DEFAULT_RANKING))).toEqual([0]);
    expect(order(decide(lexical([[0, 5, minCoverage + EPS]]), null, DEFAULT_RANKING))).toEqual([0]);
  });

  it('with meaning, at minCoverage: refuses just below the agreeing cosine, answers just above it', () => {
    const agreeing = (agreedCoverage - minCoverage) / agreementWeight;
    expect(decide(lexical([[0, 5, minCoverage]]), meaning([agreeing - 0.001, 0, 0, 0]), DEFAULT_RANKING)).toEqual([]);
    expect(order(decide(lexical([[0, 5, minCoverage]]), meaning([agreeing + 0.001, 0, 0, 0]), DEFAULT_RANKING))).toEqual([0]);
  });

  it('with meaning, no words: refuses just below confidentCosine, answers at it with the nearest passage', () => {
    expect(decide([], meaning([confidentCosine - EPS, 0.1, 0.1, 0.1]), DEFAULT_RANKING)).toEqual([]);
    expect(order(decide([], meaning([0.1, confidentCosine, 0.1, 0.1]), DEFAULT_RANKING))[0]).toBe(1);
  });
});
