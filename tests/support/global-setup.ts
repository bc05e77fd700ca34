import { loadLexicon } from '../../src/engine/lexicon.js';

/**
 * Builds the WordNet lexicon cache once, before the test workers start: on a fresh clone every worker
 * would otherwise build it at the same time (seconds and hundreds of MB each).
 */
export default function setup(): void {
  loadLexicon();
}
