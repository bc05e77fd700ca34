import type { Config } from '../config.js';
import type { Engine } from '../engine/engine.js';
import { loadEngine, startMeaning } from '../engine/index.js';
import type { Logger } from './logger.js';

/**
 * How `npm start` and every `npm run start:http` worker load the stories: the index, and with
 * SEMANTIC=on the passage vectors read or computed in the background (answers by words meanwhile).
 * Logs whether meaning is on once, and returns the loader the story watcher reloads with.
 */
export function engineLoader(config: Pick<Config, 'SEMANTIC'>, logger: Logger): (dir: string) => Engine {
  const semantic = config.SEMANTIC === 'on';
  logger.info(
    { semantic },
    semantic
      ? 'meaning (sentence encoder) is on: answers by words until the passage vectors are ready'
      : 'meaning is off (SEMANTIC=off): answers by words only',
  );
  return (dir) => {
    const loaded = loadEngine(dir);
    if (semantic) {
      void startMeaning(loaded, {
        onReady: (err, ms) => {
          if (err) logger.error({ err }, 'the sentence encoder could not start: answering by words only');
          else logger.info({ ms: Math.round(ms), passages: loaded.allPassages().length }, 'meaning is on: passage vectors ready');
        },
      });
    }
    return loaded;
  };
}
