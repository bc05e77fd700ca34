import type { WordKnowledge } from './engine.js';
import { loadLexicon } from './lexicon.js';
import { remembered } from './memo.js';

/** Lookups remembered per process: question words repeat, and each WordNet lookup decodes table lines. */
const MAX_REMEMBERED = 50_000;

/** English as the engine needs it: WordNet's words, relations and usage frequencies. */
export function englishKnowledge(): WordKnowledge {
  const lexicon = loadLexicon();
  return {
    isWord: remembered((word: string) => lexicon.isWord(word), MAX_REMEMBERED),
    related: remembered((word: string) => lexicon.related(word), MAX_REMEMBERED),
    isCollocation: remembered((phrase: string) => lexicon.isCollocation(phrase), MAX_REMEMBERED),
    commonness: remembered((word: string) => lexicon.commonness(word), MAX_REMEMBERED),
    isVerb: remembered((word: string) => lexicon.partOfSpeech(word) === 'v', MAX_REMEMBERED),
    lemmas: remembered((word: string) => lexicon.lemmas(word), MAX_REMEMBERED),
  };
}
