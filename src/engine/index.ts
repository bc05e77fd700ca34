/** The story engine: stories in, verbatim attributed passages out. No Discord here. */
import { buildIndex } from './build.js';
import { Engine } from './engine.js';
import { englishKnowledge } from './knowledge.js';
import { readStories } from './stories.js';

export type { StoryEngine } from './api.js';
export { DEFAULT_ANSWERS, Engine, MAX_ANSWERS } from './engine.js';
export { EngineError, StoryLoadError } from './errors.js';
export { buildIndex, type IndexData } from './build.js';
export { readStories } from './stories.js';
export type { Answer, AskOptions, Passage, StoryInfo, StoryMeta, Summary, SummaryOptions } from './types.js';

/** Loads and indexes every story in `dir`. Throws `StoryLoadError` naming the first bad file. */
export function loadEngine(dir: string): Engine {
  return new Engine(buildIndex(readStories(dir)), englishKnowledge());
}
