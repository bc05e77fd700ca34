import { Client, type ClientOptions, Events, GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, Options } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { StoryEngine } from '../engine/api.js';
import type { Store } from '../store/types.js';
import { PendingChannelTypes } from './channel-kind.js';
import type { CommandContext } from './command.js';
import { type Brakes, createInteractionHandler } from './dispatch.js';
import type { Logger } from './logger.js';
import { loadRegistry, type Registry } from './registry.js';
import { NO_MENTIONS } from './reply.js';
import { KeyedRateLimit, WorkLimiter } from './throttle.js';

export interface BotOptions {
  config: BotConfig;
  logger: Logger;
  /** Either a fixed engine, or a getter so the index can be swapped while the bot runs. */
  engine?: StoryEngine;
  getEngine?: () => StoryEngine;
  /** Where questions and votes are recorded; unset when INSIGHTS=off (no recording, no feedback buttons). */
  store?: Store | undefined;
  /** Defaults to every module in commands/. */
  registry?: Registry;
  /**
   * Merged over the bot's own client options (intents, REST base, no mentions). Tests pass
   * `ws.buildIdentifyThrottler` here so a re-IDENTIFY does not wait discord.js's 5 s.
   */
  clientOptions?: Partial<ClientOptions>;
  /** The members' allowances and the work bound; default: this process's own, from `config`. */
  brakes?: Brakes;
  /** Called once when Discord ends the session for good (bad token, disallowed intents…). */
  onFatal?: (error: FatalGatewayError) => void;
}

export interface Bot {
  readonly client: Client;
  readonly registry: Registry;
  /** Interactions being handled now. */
  readonly inFlight: number;
  /** Logs in and resolves once the client is ready (every guild received). */
  start(): Promise<void>;
  /**
   * Stops taking new work, waits at most `drainMs` (default 10 s) for the answers in flight, then
   * disconnects; safe to call more than once.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

/**
 * Every interaction brings its member and user into discord.js's caches, which by default never
 * forget them: a flood from many accounts would grow the heap without end. The bot never reads them
 * back (permissions come with each interaction), so a few hundred of each are plenty; its own
 * member is always kept.
 */
const MAX_CACHED_USERS = 500;

/** The default bound on how long shutdown waits for answers in flight. */
export const DEFAULT_DRAIN_MS = 10_000;

/** What an operator must do after each close code after which discord.js will not reconnect. */
const FATAL_CLOSE_CODES: ReadonlyMap<number, string> = new Map([
  [
    GatewayCloseCodes.AuthenticationFailed,
    'Discord rejected the token: check DISCORD_TOKEN (reset it in the developer portal if it was changed or leaked)',
  ],
  [GatewayCloseCodes.InvalidShard, 'Discord rejected the shard settings'],
  [GatewayCloseCodes.ShardingRequired, 'Discord requires sharding for this many servers'],
  [GatewayCloseCodes.InvalidAPIVersion, 'Discord rejected the gateway version: update discord.js'],
  [GatewayCloseCodes.InvalidIntents, 'Discord rejected the gateway intents'],
  [
    GatewayCloseCodes.DisallowedIntents,
    'Discord refused an intent the application is not allowed (developer portal → Bot → Privileged Gateway Intents)',
  ],
]);

/** The gateway closed for good: the bot cannot answer until the operator fixes something. */
export class FatalGatewayError extends Error {
  override readonly name = 'FatalGatewayError';
  constructor(readonly code: number) {
    super(`${FATAL_CLOSE_CODES.get(code) ?? 'Discord ended the session'} (gateway close code ${code})`);
  }
}

/** The discord.js client as the bot needs it: the Guilds intent, pings off, bounded caches, the configured REST base. */
function newClient(config: BotConfig, extra: Partial<ClientOptions>): Client {
  return new Client({
    // Interactions arrive without any intent; Guilds gives the channel and permission caches.
    intents: [GatewayIntentBits.Guilds],
    // The default for every send; each reply also sets it explicitly (see reply.ts).
    allowedMentions: { ...NO_MENTIONS, repliedUser: false },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: MAX_CACHED_USERS, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: MAX_CACHED_USERS, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
    ...extra,
    rest: { ...extra.rest, api: config.DISCORD_API_URL },
  });
}

/** Logs what the client reports (errors, gateway sessions, rate limits, ready) and calls `onFatal` once for a session ended for good. */
function watchClient(client: Client, logger: Logger, registry: Registry, onFatal: BotOptions['onFatal']): void {
  // An 'error' event without a listener would crash the process.
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ source: 'discord.js' }, message));
  client.on(Events.ShardError, (err, shardId) => logger.warn({ shardId, err }, 'gateway connection error'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId) => logger.info({ shardId }, 'gateway resumed'));
  client.on(Events.ShardReady, (shardId) => logger.info({ shardId }, 'gateway session ready'));
  let fatal: FatalGatewayError | undefined;
  client.on(Events.ShardDisconnect, (event, shardId) => {
    // discord.js emits this only for close codes it will not recover from.
    logger.error({ shardId, code: event.code }, 'gateway closed for good');
    if (fatal || !FATAL_CLOSE_CODES.has(event.code)) return;
    fatal = new FatalGatewayError(event.code);
    onFatal?.(fatal);
  });
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited by Discord'),
  );
  client.once(Events.ClientReady, (ready) =>
    logger.info({ user: ready.user.id, guilds: ready.guilds.cache.size, commands: registry.commands.length }, 'bot ready'),
  );
}

export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  const getEngine =
    options.getEngine ??
    (() => {
      if (!options.engine) throw new Error('createBot: pass `engine` or `getEngine`');
      return options.engine;
    });
  const registry = options.registry ?? loadRegistry();
  const client = newClient(config, options.clientOptions ?? {});

  const ctx: CommandContext = {
    get engine() {
      return getEngine();
    },
    logger,
    config,
    store: options.store,
  };
  const handle = createInteractionHandler(
    registry,
    ctx,
    options.brakes ?? {
      questions: KeyedRateLimit.cooldown(config.ASK_COOLDOWN_SECONDS),
      autocomplete: KeyedRateLimit.allowance(config.AUTOCOMPLETE_BURST, config.AUTOCOMPLETE_PER_SECOND),
      work: new WorkLimiter({ concurrency: config.INTERACTION_CONCURRENCY, queue: config.INTERACTION_QUEUE }),
    },
  );
  // The channel type of each interaction, from its payload (channel-kind.ts): a thread's
  // permissions differ, and discord.js's channel cache may not hold the thread.
  const channelTypes = new PendingChannelTypes();
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data) => channelTypes.add(data));
  client.on(Events.InteractionCreate, (interaction) => {
    channelTypes.take(interaction);
    void handle(interaction);
  });
  watchClient(client, logger, registry, options.onFatal);

  let stopping: Promise<void> | undefined;
  return {
    client,
    registry,
    get inFlight() {
      return handle.inFlight;
    },
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.DISCORD_TOKEN);
      await ready;
    },
    stop({ drainMs = DEFAULT_DRAIN_MS } = {}) {
      stopping ??= (async () => {
        const inFlight = handle.inFlight;
        if (await handle.drain(drainMs)) {
          if (inFlight > 0) logger.info({ inFlight }, 'finished the answers in flight');
        } else {
          logger.warn({ inFlight, unfinished: handle.inFlight, drainMs }, 'gave up waiting for answers in flight');
        }
        await client.destroy();
      })();
      return stopping;
    },
  };
}
