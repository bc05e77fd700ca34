/**
 * `npm run start:http`: the bot without a gateway. Discord POSTs each interaction to this
 * endpoint; the answer goes back in the HTTP response, later work (deferred answers, pins) over
 * REST. Reads .env, validates the configuration, then either serves in this process
 * (HTTP_WORKERS=1) or starts HTTP_WORKERS worker processes that share the port (node:cluster),
 * restarting any that dies. Nothing a request needs lives only in one process: buttons carry their
 * state in their custom_id, and with DATABASE_URL the members' allowances are in PostgreSQL.
 *
 * SIGTERM/SIGINT: readiness turns 503, the server stops accepting, finishes the requests in
 * flight and the answers still being sent over REST, then exits 0.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { config as loadDotenv } from 'dotenv';
import { createLogger, type Logger, scrubSecrets } from '../bot/logger.js';
import { type LoopDelayWatch, watchEventLoop } from '../bot/loop-delay.js';
import { stopWhenOrphaned } from '../bot/orphan.js';
import { configOrFail, fail } from '../bot/startup.js';
import { type HttpConfig, loadConfig } from '../config.js';
import type { Store } from '../store/types.js';

loadDotenv({ quiet: true });

const config: HttpConfig = configOrFail(() => loadConfig(process.env, { need: 'http' }));

const rootLogger: Logger = createLogger({ level: config.LOG_LEVEL, token: config.DISCORD_TOKEN });
// Each worker's lines say which worker wrote them.
const logger: Logger = cluster.isWorker ? rootLogger.child({ worker: cluster.worker?.id }) : rootLogger;
const workers = config.HTTP_WORKERS === 'auto' ? availableParallelism() : config.HTTP_WORKERS;

/** How long shutdown waits for requests and REST answers in flight. */
const DRAIN_MS = 10_000;
/** A worker that dies sooner than this after starting is restarted only after a pause, so a broken setup does not spin. */
const RESTART_BACKOFF_MS = 1_000;

if (workers > 1 && cluster.isPrimary) {
  await runPrimary(workers);
} else {
  await runWorker();
}

/** Forks the workers (they share the listening socket through the primary) and keeps their number up. */
async function runPrimary(count: number): Promise<void> {
  logger.info({ workers: count, port: config.PORT, pid: process.pid }, 'starting HTTP workers');
  let stopping = false;
  const started = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) logger.flush(() => process.exit(0));
      return;
    }
    logger.error({ worker: worker.process.pid, code, signal }, 'HTTP worker died; starting another');
    setTimeout(fork, lived < RESTART_BACKOFF_MS ? RESTART_BACKOFF_MS : 0);
  });
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down the HTTP workers');
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) logger.flush(() => process.exit(0));
    for (const worker of alive) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  stopWhenOrphaned(() => stop('parent process exited'));
  for (let i = 0; i < count; i++) fork();
}

/** The stories, indexed, and watched for changes (a bad file keeps the last good index), as under `npm start`. */
async function loadStories() {
  const { StoryLoadError } = await import('../engine/index.js');
  const { watchStories } = await import('../bot/reload.js');
  const { engineLoader } = await import('../bot/engine-loader.js');
  const load = engineLoader(config, logger);
  try {
    const engine = load(config.SEEDS_DIR);
    logger.info({ stories: engine.stories().map((s) => ({ id: s.id, passages: s.passageCount })) }, 'stories indexed');
    return watchStories({ dir: config.SEEDS_DIR, engine, logger, load });
  } catch (err) {
    if (!(err instanceof StoryLoadError)) throw err;
    // A path is operator-chosen text like any other: it goes through the logs' token scrub too.
    const message = `Cannot load the stories: ${err.file}: ${err.reason}\nFix or remove that file in ${config.SEEDS_DIR}/ and start again.`;
    fail(scrubSecrets(message, config.DISCORD_TOKEN));
  }
}

/**
 * The insights store, exactly as `npm start` opens it: recording is queued and never delays an
 * answer; a store that cannot be opened costs the records, not the answers. Several workers (or
 * machines) share one store through DATABASE_URL; without it they share DATA_DIR's SQLite file,
 * which only works for the workers of one machine.
 */
async function openInsightsStore(): Promise<Store | undefined> {
  if (config.INSIGHTS !== 'on') return undefined;
  const { openStore } = await import('../store/index.js');
  try {
    const store = await openStore({ config, logger });
    logger.info({ store: store.kind, retentionDays: config.INSIGHTS_RETENTION_DAYS }, 'recording questions and votes for /insights');
    return store;
  } catch (err) {
    logger.error({ err }, 'insights store could not be opened: answering without recording questions');
    return undefined;
  }
}

async function runWorker(): Promise<void> {
  const { loadRegistry } = await import('../bot/registry.js');
  const { createBrakes } = await import('../bot/shared-limits.js');
  const { createHttpInteractions } = await import('./interactions.js');
  const { buildServer } = await import('./server.js');
  const { publicKeyFromHex } = await import('./signature.js');

  let ready = false;
  const stories = await loadStories();
  const limits = await createBrakes(config, logger);
  const store = await openInsightsStore();

  // One bad interaction must never take the process down: anything that escapes a handler is logged.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  const interactions = createHttpInteractions({
    config,
    logger,
    getEngine: () => stories.engine,
    registry: loadRegistry(),
    brakes: limits.brakes,
    store,
  });
  const app = buildServer({ logger, publicKey: publicKeyFromHex(config.DISCORD_PUBLIC_KEY), interactions, isReady: () => ready });

  let loopDelay: LoopDelayWatch | undefined; // logged every minute once listening, and at shutdown (loop-delay.ts)
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    logger.info({ reason }, 'shutting down');
    stories.close();
    // Stop accepting; the requests in flight are answered first (close resolves after them).
    const closed = app.close();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), DRAIN_MS).unref());
    if ((await Promise.race([closed, timeout])) === 'timeout') logger.warn({ drainMs: DRAIN_MS }, 'gave up waiting for requests in flight');
    // Answers still going out over REST after their HTTP response (deferred edits, pins).
    const inFlight = interactions.handler.inFlight;
    if (!(await interactions.drain(DRAIN_MS)))
      logger.warn({ inFlight, unfinished: interactions.handler.inFlight }, 'gave up waiting for answers in flight');
    await interactions.destroy();
    // After the answers in flight, whose questions it records: writes what is still queued.
    try {
      await store?.close();
    } catch (err) {
      logger.error({ err }, 'error while closing the insights store');
    }
    await limits.close().catch((err: unknown) => logger.warn({ err }, 'error while closing the database'));
    loopDelay?.stop(); // last, so its figures cover the requests drained above
    logger.flush(() => process.exit(0));
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // npm gone, or (a worker) the primary gone: nobody will pass a signal on any more.
  stopWhenOrphaned(() => void shutdown('parent process exited'));

  try {
    await app.listen({ port: config.PORT, host: '0.0.0.0' });
  } catch (err) {
    fail(`Cannot listen on port ${config.PORT}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  ready = true;
  if (!stopping) loopDelay = watchEventLoop(logger);
  logger.info({ port, path: '/interactions', pid: process.pid, sharedLimits: limits.shared }, 'HTTP interactions endpoint listening');
}
