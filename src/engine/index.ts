/** The story engine: stories in, verbatim attributed passages out. No Discord here. */
import { Engine } from './engine.js';
import { englishKnowledge } from './knowledge.js';
import { type IndexCacheOptions, loadIndex } from './snapshot.js';

export type { StoryEngine } from './api.js';
export { DEFAULT_ANSWERS, Engine, MAX_ANSWERS } from './engine.js';
export { EngineError, StoryLoadError } from './errors.js';
export { buildIndex, type IndexData } from './build.js';
export { type IndexCacheOptions, type LoadedIndex, loadIndex, SNAPSHOT_MIN_BYTES } from './snapshot.js';
export { readStories } from './stories.js';
export type { Answer, AskOptions, Passage, Person, QuotesResult, StoryInfo, StoryMeta, Summary, SummaryOptions } from './types.js';

/**
 * Loads and indexes every story in `dir`; a large archive starts from its saved index when the stories and the
 * engine are unchanged (see snapshot.ts). Throws `StoryLoadError` naming the first bad file.
 */
export function loadEngine(dir: string, options: IndexCacheOptions = {}): Engine {
  return new Engine(loadIndex(dir, options).data, englishKnowledge());
}
