/**
 * `npm start`: the bot over the gateway. Reads .env, validates the configuration, loads the
 * stories (and watches them for changes), logs in, and on SIGINT/SIGTERM finishes the answers in
 * flight before disconnecting. Exits 1 when Discord refuses the token, at login or later.
 */
import { DiscordjsErrorCodes } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { type BotConfig, loadConfig } from '../config.js';
import type { StoryEngine } from '../engine/api.js';
import type { Store } from '../store/types.js';
import { type Bot, createBot, type FatalGatewayError } from './client.js';
import { createLogger, type Logger, scrubSecrets } from './logger.js';
import { type LoopDelayWatch, watchEventLoop } from './loop-delay.js';
import { stopWhenOrphaned } from './orphan.js';
import { configOrFail, fail } from './startup.js';

const OFFLINE_HINT = 'To try the answers without Discord: npm run ask -- "your question"';

loadDotenv({ quiet: true });

// SHARD_COUNT=auto belongs to `npm run start:sharded`; discord.js would read it here as a shard count (NaN).
// Under the ShardingManager it is always a number.
if (process.env.SHARD_COUNT !== undefined && !/^\d+$/.test(process.env.SHARD_COUNT.trim())) delete process.env.SHARD_COUNT;

const config: BotConfig = configOrFail(
  () => loadConfig(process.env, { need: 'bot' }),
  (err) => (err.concerns('DISCORD_TOKEN') ? `\n\nThe bot needs DISCORD_TOKEN to connect to Discord.\n${OFFLINE_HINT}` : ''),
);

const logger: Logger = createLogger({ level: config.LOG_LEVEL, token: config.DISCORD_TOKEN });

// Imported only once the configuration is known good, so a missing token is reported at once.
const { StoryLoadError } = await import('../engine/index.js');
const { watchStories } = await import('./reload.js');
const { createBrakes } = await import('./shared-limits.js');
const { engineLoader } = await import('./engine-loader.js');
const load = engineLoader(config, logger);

let engine: StoryEngine;
try {
  engine = load(config.SEEDS_DIR);
} catch (err) {
  if (!(err instanceof StoryLoadError)) throw err;
  // A path is operator-chosen text like any other: it goes through the logs' token scrub too.
  fail(
    scrubSecrets(
      `Cannot load the stories: ${err.file}: ${err.reason}\nFix or remove that file in ${config.SEEDS_DIR}/ and start again.`,
      config.DISCORD_TOKEN,
    ),
  );
}
logger.info({ stories: engine.stories().map((s) => ({ id: s.id, passages: s.passageCount })) }, 'stories indexed');

// New or changed stories are picked up without a restart; a bad file keeps the last good index.
const stories = watchStories({ dir: config.SEEDS_DIR, engine, logger, load });

// The insights store (questions and votes for /insights and /faq). It queues writes, so recording
// never delays an answer, and a database that is down costs records (logged), never answers; if it
// cannot even be opened, the bot answers without recording rather than not at all.
const { openStore } = await import('../store/index.js');
let store: Store | undefined;
if (config.INSIGHTS === 'on') {
  try {
    store = await openStore({ config, logger });
    logger.info({ store: store.kind, retentionDays: config.INSIGHTS_RETENTION_DAYS }, 'recording questions and votes for /insights');
  } catch (err) {
    logger.error({ err }, 'insights store could not be opened: answering without recording questions');
  }
}

// One bad interaction must never take the bot down: anything that escapes a handler is logged.
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

/** When Discord has ended the session for good, there is no point waiting long for answers. */
const FATAL_DRAIN_MS = 1_000;

/** The event loop's delay, logged every minute once the bot is ready, and at shutdown (see loop-delay.ts). */
let loopDelay: LoopDelayWatch | undefined;

let stopping = false;
async function shutdown(reason: string, exitCode: number, drainMs?: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'shutting down');
  stories.close();
  try {
    await bot.stop(drainMs === undefined ? {} : { drainMs });
  } catch (err) {
    logger.error({ err }, 'error while disconnecting');
  }
  // After the answers in flight, whose questions it records: writes what is still queued.
  try {
    await store?.close();
  } catch (err) {
    logger.error({ err }, 'error while closing the insights store');
  }
  await limits.close().catch((err: unknown) => logger.warn({ err }, 'error while closing the database'));
  // Last, so the figures cover the answers drained above.
  loopDelay?.stop();
  logger.flush(() => process.exit(exitCode));
}

function fatal(message: string, err: unknown): void {
  logger.fatal({ err }, message);
  console.error(scrubSecrets(message, config.DISCORD_TOKEN));
  void shutdown('fatal', 1, FATAL_DRAIN_MS);
}

// With DATABASE_URL, every process (shards, HTTP workers) spends from the same members' allowances.
const limits = await createBrakes(config, logger);

const bot: Bot = createBot({
  config,
  brakes: limits.brakes,
  getEngine: () => stories.engine,
  logger,
  store,
  onFatal: (err: FatalGatewayError) => fatal(`Disconnected from Discord for good: ${err.message}.`, err),
});

process.once('SIGINT', () => void shutdown('SIGINT', 0));
process.once('SIGTERM', () => void shutdown('SIGTERM', 0));

stopWhenOrphaned(() => void shutdown('parent process exited', 0));

try {
  await bot.start();
  // From ready on: the start itself (indexing, login) is measured by its own log lines' times.
  if (!stopping) loopDelay = watchEventLoop(logger);
} catch (err) {
  const refused = (err as { code?: unknown }).code === DiscordjsErrorCodes.TokenInvalid;
  const detail = refused
    ? 'Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN (reset it in the developer portal if it was changed or leaked)'
    : err instanceof Error
      ? err.message
      : String(err);
  fatal(`Could not connect to Discord: ${detail}.`, err);
}
