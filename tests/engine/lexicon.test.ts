import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLexicon, MAX_RELATED } from '../../src/engine/lexicon.js';

// One lexicon for the whole file: loading is the slow part, asking is not.
const lexicon = loadLexicon();
const relatedWords = (word: string) => lexicon.related(word).map((relation) => relation.word);
const relationTo = (word: string, target: string) => lexicon.related(word).find((relation) => relation.word === target);

describe('isWord', () => {
  it('knows base forms and regular inflections of every part of speech', () => {
    for (const word of ['kill', 'killed', 'kills', 'killing', 'boats', 'churches', 'boxes', 'wolves', 'carried']) {
      expect(lexicon.isWord(word), word).toBe(true);
    }
    // Doubled consonants and -ier come from the rules too, not a list.
    for (const word of ['stopped', 'running', 'bigger', 'biggest', 'happier', 'happiest']) {
      expect(lexicon.isWord(word), word).toBe(true);
    }
  });

  it('knows irregular forms', () => {
    const irregular = ['went', 'gone', 'said', 'told', 'took', 'ran', 'struck', 'stolen', 'chose', 'fled', 'fought'];
    for (const word of [...irregular, 'children', 'feet', 'women', 'better', 'worst', 'died', 'dying', 'lying']) {
      expect(lexicon.isWord(word), word).toBe(true);
    }
  });

  it('knows everyday nouns and the function words WordNet leaves out', () => {
    for (const word of ['pancakes', 'recipe', 'how', 'the', 'of', 'whom']) expect(lexicon.isWord(word), word).toBe(true);
  });

  it('rejects misspellings and non-words', () => {
    for (const word of ['britian', 'caribean', 'recipies', 'xqzvt', '', '   ']) {
      expect(lexicon.isWord(word), JSON.stringify(word)).toBe(false);
    }
  });

  it('ignores case and surrounding spaces', () => {
    expect(lexicon.isWord('  Killed ')).toBe(true);
  });
});

describe('lemmas', () => {
  it('reduces inflections to their base form, likeliest first', () => {
    expect(lexicon.lemmas('killed')[0]).toBe('kill');
    expect(lexicon.lemmas('went')).toEqual(['go']);
    expect(lexicon.lemmas('feet')).toContain('foot');
    expect(lexicon.lemmas('stopped')).toContain('stop');
    expect(lexicon.lemmas('died')).toEqual(['die']);
  });

  it('puts the common reading first and keeps the word when it is a lemma itself', () => {
    // "saw" is mostly the past of "see", but is a noun too.
    expect(lexicon.lemmas('saw')).toEqual(['see', 'saw']);
    expect(lexicon.lemmas('left').slice(0, 2)).toEqual(['leave', 'left']);
  });

  it('drops far-fetched readings the rules reach', () => {
    // The noun rule s → "" reaches "wa" (Washington state); nobody means that by "was".
    expect(lexicon.lemmas('was')).toEqual(['be']);
    // -ves → -fe reaches the writer Wolfe.
    expect(lexicon.lemmas('wolves')).toEqual(['wolf']);
  });

  it('reduces phrases by their first word (verbs) or last word (nouns)', () => {
    expect(lexicon.lemmas('holding back')).toEqual(['hold back']);
    expect(lexicon.lemmas('death tolls')).toEqual(['death toll']);
  });

  it('gives function words as their own lemma and nothing for a non-word', () => {
    expect(lexicon.lemmas('how')).toEqual(['how']);
    expect(lexicon.lemmas('britian')).toEqual([]);
  });
});

describe('related', () => {
  it('reaches derived forms across parts of speech', () => {
    expect(relationTo('died', 'death')?.kind).toBe('derived');
    expect(relationTo('death', 'die')?.kind).toBe('derived');
    expect(relatedWords('killed')).toEqual(expect.arrayContaining(['killer', 'killing']));
  });

  it('reaches antonyms, weighted below synonyms and derived forms', () => {
    const illegal = relationTo('legal', 'illegal');
    expect(illegal?.kind).toBe('antonym');
    expect(illegal?.weight).toBeLessThan(relationTo('legal', 'legality')?.weight ?? 0);
  });

  it('reaches multi-word synonyms in both directions', () => {
    expect(relationTo('withhold', 'hold back')?.kind).toBe('synonym');
    expect(relatedWords('holding back')).toContain('withhold');
  });

  it('ranks the main sense before rarer ones', () => {
    const died = relatedWords('died');
    // "perish" shares the first sense of "die"; "go" only means "die" in its rare sense. Both must be there.
    expect(died).toEqual(expect.arrayContaining(['perish', 'go']));
    expect(died.indexOf('perish')).toBeLessThan(died.indexOf('go'));
  });

  it('is empty for non-words and function words', () => {
    expect(lexicon.related('britian')).toEqual([]);
    expect(lexicon.related('how')).toEqual([]);
    expect(lexicon.related('will')).toEqual([]);
    expect(lexicon.related('')).toEqual([]);
  });

  it('never returns the word or its lemmas', () => {
    expect(relatedWords('killed')).not.toContain('kill');
    expect(relatedWords('withholding')).not.toContain('withhold');
  });

  it('is bounded, lowercase, strongest first, weights in (0, 1], for any input', () => {
    const words = fc.oneof(
      fc.constantFrom('strike', 'strikes', 'boat', 'meet', 'met', 'better', 'saw', 'lying', 'run', 'set', 'break'),
      fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8})?$/),
    );
    fc.assert(
      fc.property(words, (word) => {
        const related = lexicon.related(word);
        expect(related.length).toBeLessThanOrEqual(MAX_RELATED);
        for (const [index, relation] of related.entries()) {
          expect(relation.word).not.toBe(word);
          expect(relation.word).toBe(relation.word.toLowerCase());
          expect(relation.weight).toBeGreaterThan(0);
          expect(relation.weight).toBeLessThanOrEqual(1);
          if (index > 0) expect(relation.weight).toBeLessThanOrEqual(related[index - 1]?.weight ?? 1);
        }
        expect(new Set(related.map((relation) => relation.word)).size).toBe(related.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isCollocation', () => {
  it('recognizes multi-word lemmas, inflected or not', () => {
    for (const phrase of ['death toll', 'human rights', 'hold back', 'holding back', 'united states']) {
      expect(lexicon.isCollocation(phrase), phrase).toBe(true);
    }
  });

  it('rejects single words and phrases WordNet does not list', () => {
    for (const phrase of ['death', 'toll death', 'boat strike', 'britian army']) {
      expect(lexicon.isCollocation(phrase), phrase).toBe(false);
    }
  });
});
