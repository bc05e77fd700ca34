import type { WordKnowledge } from './engine.js';
import { loadLexicon } from './lexicon.js';

/** Lookups remembered per process: question words repeat, and each WordNet lookup decodes table lines. */
const MAX_REMEMBERED = 50_000;

function remembered<T>(lookup: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= MAX_REMEMBERED) cache.clear();
      value = lookup(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** English as the engine needs it: WordNet's words, relations and usage frequencies. */
export function englishKnowledge(): WordKnowledge {
  const lexicon = loadLexicon();
  return {
    isWord: remembered((word) => lexicon.isWord(word)),
    related: remembered((word) => lexicon.related(word)),
    isCollocation: remembered((phrase) => lexicon.isCollocation(phrase)),
    commonness: remembered((word) => lexicon.commonness(word)),
    isVerb: remembered((word) => lexicon.partOfSpeech(word) === 'v'),
  };
}
