import { describe, expect, it } from 'vitest';
import { buildIndex, PassageVectors, readStories } from '../../src/engine/index.js';
import { englishKnowledge } from '../../src/engine/knowledge.js';
import { QuestionReader } from '../../src/engine/question.js';
import { DEFAULT_RANKING } from '../../src/engine/ranking.js';
import { lexicalCandidates, meaningCandidates } from '../../src/engine/retrieve.js';
import { Scorer } from '../../src/engine/score.js';
import { DIMENSIONS } from '../../src/engine/meaning.js';
import { readerOver, storyOf } from '../support/question-reader.js';

const data = buildIndex(readStories('seeds'));
const answerable = data.sentences.filter((p) => !p.furniture);
const reader = new QuestionReader({
  lexicon: englishKnowledge(),
  documentFrequency: data.documentFrequency,
  words: data.words,
  acronyms: data.acronyms,
  passageCount: answerable.length,
  ranking: DEFAULT_RANKING,
});
const index = { answerable, search: data.search, documentFrequency: data.documentFrequency, ranking: DEFAULT_RANKING };
const scorer = new Scorer({ answerable, features: data.features, ranking: DEFAULT_RANKING });

describe('retrieve by words', () => {
  it("finds passages with the question's words and none for a country the stories never name", () => {
    const found = lexicalCandidates(reader.read('boat strikes Venezuela'), index, undefined);
    expect(found.results.length).toBeGreaterThan(0);
    expect(lexicalCandidates(reader.read('What did Brazil decide?'), index, undefined).results).toEqual([]);
  });
});

describe('score', () => {
  it('gives full coverage to a passage holding every concept, and drops passages lacking what is required', () => {
    const question = reader.read('How many strikes since September?');
    const scored = scorer.score(question, lexicalCandidates(question, index, undefined));
    expect(scored[0]?.passage.text).toContain('14 strikes since September');
    expect(scored[0]?.coverage).toBeCloseTo(1, 5);
    for (const candidate of scored)
      expect(/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b/i.test(candidate.passage.text)).toBe(true);
    for (let i = 1; i < scored.length; i++) expect(scored[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(scored[i]?.score ?? 0);
  });
});

describe('retrieve by meaning', () => {
  it('returns the nearest passages by cosine, best first, within the pool', () => {
    // Passage i's vector is the unit vector along dimension i: the query picks passage 2, then 5.
    const vectors = answerable.map((_, i) => {
      const v = new Float32Array(DIMENSIONS);
      v[i % DIMENSIONS] = 1;
      return v;
    });
    const query = new Float32Array(DIMENSIONS);
    query[2] = 0.8;
    query[5] = 0.6;
    const position = new Map(answerable.map((p, i) => [p, i]));
    const meaning = meaningCandidates(query, PassageVectors.quantize(vectors), position, answerable, { ...DEFAULT_RANKING });
    expect(meaning.nearest.slice(0, 2).map((n) => n.passage)).toEqual([answerable[2], answerable[5]]);
    expect(meaning.cosine(answerable[2] as (typeof answerable)[number])).toBeCloseTo(0.8, 2);
    const limited = meaningCandidates(query, PassageVectors.quantize(vectors), position, answerable, {
      ...DEFAULT_RANKING,
      meaning: { ...DEFAULT_RANKING.meaning, denseSearchLimit: 1 },
    });
    expect(limited.nearest).toEqual([]);
  });
});

describe('a statement whose subject is the sentence before', () => {
  const text = [
    'The village of Hartsby has been without a bus service since the operator went bust in March.',
    'Parish councillor Martin Okoye said older residents had been cut off from the town.',
    '"Some of them have not been to a doctor for weeks," he said.',
    'He called on the county to run a minibus twice a week until a new operator is found.',
    'The county said it was looking at options.',
  ].join('\n\n');
  const { reader: hartsbyReader, data: hartsby } = readerOver([storyOf('001_hartsby', text)]);
  const passages = hartsby.sentences.filter((p) => !p.furniture);
  const hartsbyIndex = {
    answerable: passages,
    search: hartsby.search,
    documentFrequency: hartsby.documentFrequency,
    ranking: DEFAULT_RANKING,
  };
  const hartsbyScorer = new Scorer({ answerable: passages, features: hartsby.features, ranking: DEFAULT_RANKING });

  it('credits "He called on…" with the name of whoever spoke just before, through its context', () => {
    const question = hartsbyReader.read('what does martin okoye want the county to do');
    const scored = hartsbyScorer.score(question, lexicalCandidates(question, hartsbyIndex, undefined));
    const calledOn = scored.find((c) => c.passage.text.startsWith('He called on'));
    expect(calledOn?.matched).toEqual(expect.arrayContaining(['martin', 'okoye', 'county']));
    // Not a passage that does not refer back: "The county said…" gets no credit for the name.
    const countySaid = scored.find((c) => c.passage.text.startsWith('The county said'));
    expect(countySaid?.matched ?? []).not.toContain('okoye');
  });
});
