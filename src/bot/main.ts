/**
 * `npm start`: the bot over the gateway. Reads .env, validates the configuration, loads the
 * stories, logs in, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { config as loadDotenv } from 'dotenv';
import { type BotConfig, ConfigError, loadConfig } from '../config.js';
import type { StoryEngine } from '../engine/api.js';
import { type Bot, createBot } from './client.js';
import { createLogger, type Logger, scrubSecrets } from './logger.js';

const OFFLINE_HINT = 'To try the answers without Discord: npm run ask -- "your question"';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

loadDotenv({ quiet: true });

let config: BotConfig;
try {
  config = loadConfig(process.env, { need: 'bot' });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  const hint = err.concerns('DISCORD_TOKEN') ? `\n\nThe bot needs DISCORD_TOKEN to connect to Discord.\n${OFFLINE_HINT}` : '';
  fail(`${err.message}\n\nSet them in .env (see .env.example) or in the environment.${hint}`);
}

const logger: Logger = createLogger({ level: config.LOG_LEVEL, token: config.DISCORD_TOKEN });

// Imported only once the configuration is known good, so a missing token is reported at once.
const { loadEngine, StoryLoadError } = await import('../engine/index.js');
let engine: StoryEngine;
try {
  engine = loadEngine(config.SEEDS_DIR);
} catch (err) {
  if (!(err instanceof StoryLoadError)) throw err;
  fail(`Cannot load the stories: ${err.file}: ${err.reason}\nFix or remove that file in ${config.SEEDS_DIR}/ and start again.`);
}
logger.info({ stories: engine.stories().map((s) => ({ id: s.id, passages: s.passageCount })) }, 'stories indexed');

// One bad interaction must never take the bot down: anything that escapes a handler is logged.
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

const bot: Bot = createBot({ config, engine, logger });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  try {
    await bot.stop();
  } catch (err) {
    logger.error({ err }, 'error while disconnecting');
  }
  logger.flush(() => process.exit(0));
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await bot.start();
} catch (err) {
  logger.fatal({ err }, 'could not connect to Discord');
  console.error(scrubSecrets(`Could not connect to Discord: ${err instanceof Error ? err.message : String(err)}`, config.DISCORD_TOKEN));
  await bot.stop().catch(() => undefined);
  logger.flush(() => process.exit(1));
}
