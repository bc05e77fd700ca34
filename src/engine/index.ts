/** The story engine: stories in, verbatim attributed passages out. No Discord here. */
import { Engine } from './engine.js';
import { englishKnowledge } from './knowledge.js';
import { sharedEncoder } from './meaning.js';
import { defaultCacheDir, type IndexCacheOptions, loadIndex } from './snapshot.js';

export type { StoryEngine } from './api.js';
export { DEFAULT_ANSWERS, Engine, MAX_ANSWERS } from './engine.js';
export { EngineError, StoryLoadError } from './errors.js';
export { buildIndex, type IndexData } from './build.js';
export { type IndexCacheOptions, type LoadedIndex, loadIndex, SNAPSHOT_MIN_BYTES } from './snapshot.js';
export { readStories } from './stories.js';
export { DIMENSIONS, type Encoder, PassageVectors, sharedEncoder } from './meaning.js';
export type { Answer, AskOptions, Passage, Person, QuotesResult, StoryInfo, StoryMeta, Summary, SummaryOptions } from './types.js';

/**
 * Loads and indexes every story in `dir`; a large archive starts from its saved index when the stories and the
 * engine are unchanged (see snapshot.ts). Throws `StoryLoadError` naming the first bad file.
 */
export function loadEngine(dir: string, options: IndexCacheOptions = {}): Engine {
  return new Engine(loadIndex(dir, options).data, englishKnowledge());
}

export interface MeaningOptions {
  /** Folder for the passage vectors (default: the index cache folder); null keeps them in memory only. */
  cacheDir?: string | null;
  /** Called once the vectors are ready (meaning is on), or with the error when the encoder could not start. */
  onReady?: (error: Error | null, ms: number) => void;
}

/**
 * Turns meaning on for an engine: passage vectors are read from the cache or computed by the shared encoder thread, in
 * the background. Until they are ready the engine answers by words alone. Resolves when it is on (or has failed).
 */
export function startMeaning(engine: Engine, options: MeaningOptions = {}): Promise<void> {
  const started = performance.now();
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  return engine.startMeaning(sharedEncoder(), cacheDir).then(
    () => options.onReady?.(null, performance.now() - started),
    (error: unknown) => options.onReady?.(error instanceof Error ? error : new Error(String(error)), performance.now() - started),
  );
}
