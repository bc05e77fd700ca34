import type { WordKnowledge } from './engine.js';
import { loadLexicon } from './lexicon.js';

/** English as the engine needs it: WordNet's words, relations and usage frequencies. */
export function englishKnowledge(): WordKnowledge {
  const lexicon = loadLexicon();
  return {
    isWord: (word) => lexicon.isWord(word),
    related: (word) => lexicon.related(word),
    isCollocation: (phrase) => lexicon.isCollocation(phrase),
    commonness: (word) => lexicon.commonness(word),
  };
}
