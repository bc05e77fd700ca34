import { type FSWatcher, watch } from 'node:fs';
import type { StoryEngine } from '../engine/api.js';
import { loadEngine, StoryLoadError } from '../engine/index.js';
import { corpusVersion } from './answer-buttons.js';
import type { Logger } from './logger.js';

/**
 * The stories folder, watched: when a file in it changes, the whole folder is read and indexed
 * again, and the new engine replaces the old in one assignment. Interactions read the engine once
 * when they start (see CommandContext), so each is answered wholly by the old index or wholly by
 * the new. A folder that does not load (a binary, empty, oversized or badly described file) leaves
 * the last good engine in place, with one log line naming the file and what is wrong with it.
 *
 * The rebuild runs on a timer, never inside an interaction; it blocks the event loop for as long
 * as indexing takes (`npm run bench`: "Build", rebuild against the number of passages).
 */

/** Editors and `cp` write a file in several steps; one reload after the last of them is enough. */
export const DEFAULT_RELOAD_DEBOUNCE_MS = 250;

export type ReloadResult = { ok: true; changed: boolean; stories: number; passages: number } | { ok: false; file: string; reason: string };

export interface StoryLibrary {
  /** The engine answering now. */
  readonly engine: StoryEngine;
  /** Reads the folder now (the watcher calls this after changes settle). */
  reload(): ReloadResult;
  /** Stops watching; the current engine stays usable. */
  close(): void;
}

export interface StoryLibraryOptions {
  dir: string;
  /** The engine loaded at start-up from `dir`. */
  engine: StoryEngine;
  logger: Logger;
  /** Default `DEFAULT_RELOAD_DEBOUNCE_MS`. */
  debounceMs?: number;
  /** Default `loadEngine`: readStories + buildIndex + Engine with the (cached) English lexicon. */
  load?: (dir: string) => StoryEngine;
  /** Told after every reload the watcher makes (for tests and metrics). */
  onReload?: (result: ReloadResult) => void;
}

export function watchStories(options: StoryLibraryOptions): StoryLibrary {
  const { dir, logger } = options;
  const load = options.load ?? loadEngine;
  const debounceMs = options.debounceMs ?? DEFAULT_RELOAD_DEBOUNCE_MS;
  let current = options.engine;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  function reload(): ReloadResult {
    let next: StoryEngine;
    try {
      next = load(dir);
    } catch (err) {
      if (err instanceof StoryLoadError) {
        logger.error(
          { file: err.file, reason: err.reason },
          `story file rejected: ${err.file}: ${err.reason}; still answering from the last good stories`,
        );
        return { ok: false, file: err.file, reason: err.reason };
      }
      logger.error({ err, dir }, 'could not re-index the stories; still answering from the last good stories');
      return { ok: false, file: dir, reason: err instanceof Error ? err.message : String(err) };
    }
    const stories = next.stories();
    const passages = stories.reduce((sum, s) => sum + s.passageCount, 0);
    // Same texts, same versions: keep the engine that is already warm.
    const changed = corpusVersion(stories) !== corpusVersion(current.stories());
    if (changed) {
      current = next;
      logger.info({ stories: stories.map((s) => ({ id: s.id, passages: s.passageCount, version: s.version })) }, 'stories re-indexed');
    } else {
      logger.debug({ dir }, 'stories folder touched, texts unchanged');
    }
    return { ok: true, changed, stories: stories.length, passages };
  }

  try {
    watcher = watch(dir, { persistent: false }, () => {
      clearTimeout(timer);
      // reload() must run whether or not anyone listens: `onReload?.(reload())` would skip it.
      timer = setTimeout(() => {
        const result = reload();
        options.onReload?.(result);
      }, debounceMs);
      timer.unref();
    });
    watcher.on('error', (err) => {
      logger.error({ err, dir }, 'stopped watching the stories folder; restart the bot to pick up new stories');
      watcher?.close();
    });
  } catch (err) {
    logger.error({ err, dir }, 'cannot watch the stories folder; restart the bot to pick up new stories');
  }

  return {
    get engine() {
      return current;
    },
    reload,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
