import { describe, expect, it } from 'vitest';
import {
  abstentionRate,
  answeredRate,
  firstRelevantRank,
  meanReciprocalRank,
  metrics,
  outcome,
  parseQuestions,
  recallAt,
  separability,
} from '../../src/cli/eval-metrics.js';

const inScope = { gold: ['killed', 'death toll'] };
const outOfScope = { gold: [] };

describe('firstRelevantRank', () => {
  it('is the 1-based rank of the first passage containing any gold string', () => {
    expect(firstRelevantRank(['no match', 'the death toll rose', 'six were killed'], inScope.gold)).toBe(2);
  });
  it('is null when no passage is right, and for an empty ranking', () => {
    expect(firstRelevantRank(['no match'], inScope.gold)).toBeNull();
    expect(firstRelevantRank([], inScope.gold)).toBeNull();
  });
  it('matches gold case-sensitively and verbatim', () => {
    expect(firstRelevantRank(['Death Toll'], inScope.gold)).toBeNull();
  });
});

describe('metrics over hand-made rankings', () => {
  const outcomes = [
    outcome(inScope, ['all were killed', 'x']), // rank 1
    outcome(inScope, ['x', 'y', 'the death toll']), // rank 3
    outcome(inScope, ['x', 'y', 'z', 'killed']), // rank 4: outside R@3, counts 1/4 in MRR
    outcome(inScope, []), // abstained: no rank, not answered
    outcome(outOfScope, []), // abstained: good
    outcome(outOfScope, ['killed']), // answered an out-of-scope question: bad, whatever the text
  ];

  it('Recall@k counts in-scope questions with a right passage within the first k', () => {
    expect(recallAt(outcomes, 1)).toBe(1 / 4);
    expect(recallAt(outcomes, 3)).toBe(2 / 4);
    expect(recallAt(outcomes, 10)).toBe(3 / 4);
  });

  it('MRR averages 1/rank over in-scope questions, 0 for a miss', () => {
    expect(meanReciprocalRank(outcomes)).toBeCloseTo((1 + 1 / 3 + 1 / 4 + 0) / 4, 12);
  });

  it('abstention is measured over out-of-scope questions, answered over in-scope ones', () => {
    expect(abstentionRate(outcomes)).toBe(1 / 2);
    expect(answeredRate(outcomes)).toBe(3 / 4);
  });

  it('metrics() gathers the same figures and the counts', () => {
    expect(metrics(outcomes)).toEqual({
      inScope: 4,
      outOfScope: 2,
      recallAt1: 1 / 4,
      recallAt3: 2 / 4,
      mrr: (1 + 1 / 3 + 1 / 4) / 4,
      oosAbstained: 1 / 2,
      inScopeAnswered: 3 / 4,
      // Useful: the 2 in-scope questions right within 3 and the 1 out-of-scope question refused, of 6.
      useful: 3 / 6,
    });
  });

  it('reports 0, not NaN, for a set with no questions of a kind', () => {
    expect(metrics([outcome(outOfScope, [])])).toMatchObject({ recallAt1: 0, mrr: 0, inScopeAnswered: 0, oosAbstained: 1 });
  });
});

describe('parseQuestions', () => {
  it('reads one question a line and skips blank lines', () => {
    const questions = parseQuestions('{"q":"a?","gold":["x"],"tag":"verbatim"}\n\n{"q":"b?","gold":[]}\n');
    expect(questions).toEqual([
      { q: 'a?', gold: ['x'], tag: 'verbatim' },
      { q: 'b?', gold: [] },
    ]);
  });
  it('names the bad line', () => {
    expect(() => parseQuestions('{"q":"a?","gold":["x"]}\n{"q":"","gold":[]}', 'qs.jsonl')).toThrow(/qs\.jsonl:2: q/);
    expect(() => parseQuestions('{not json', 'qs.jsonl')).toThrow('qs.jsonl:1: not valid JSON');
  });
});

describe('separability (the AUC of a refusal signal)', () => {
  it('is 1 when every in-scope question scores above every out-of-scope one, 0 the other way round', () => {
    expect(separability([0.9, 0.8], [0.1, 0.7])).toBe(1);
    expect(separability([0.1, 0.2], [0.5, 0.6])).toBe(0);
  });

  it('counts ties as half and mixed orders in proportion', () => {
    expect(separability([0.5], [0.5])).toBe(0.5);
    // 0.9 beats both; 0.4 beats 0.3 and loses to 0.6: 3 of 4 pairs.
    expect(separability([0.9, 0.4], [0.3, 0.6])).toBe(0.75);
  });

  it('is null when a side has no questions, never NaN', () => {
    expect(separability([], [0.2])).toBeNull();
    expect(separability([0.2], [])).toBeNull();
  });
});
