import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { StoryEngine } from '../engine/api.js';
import type { CommandContext } from './command.js';
import { createInteractionHandler } from './dispatch.js';
import type { Logger } from './logger.js';
import { loadRegistry, type Registry } from './registry.js';
import { NO_MENTIONS } from './reply.js';

export interface BotOptions {
  config: BotConfig;
  logger: Logger;
  /** Either a fixed engine, or a getter so the index can be swapped while the bot runs. */
  engine?: StoryEngine;
  getEngine?: () => StoryEngine;
  /** Defaults to every module in commands/. */
  registry?: Registry;
}

export interface Bot {
  readonly client: Client;
  readonly registry: Registry;
  /** Logs in and resolves once the client is ready (every guild received). */
  start(): Promise<void>;
  /** Disconnects; safe to call more than once. */
  stop(): Promise<void>;
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

  const client = new Client({
    // Interactions arrive without any intent; Guilds gives the channel and permission caches.
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.DISCORD_API_URL },
    // The default for every send; each reply also sets it explicitly (see reply.ts).
    allowedMentions: { ...NO_MENTIONS, repliedUser: false },
  });

  const ctx: CommandContext = {
    get engine() {
      return getEngine();
    },
    logger,
    config,
  };
  const handle = createInteractionHandler(registry, ctx);
  client.on(Events.InteractionCreate, (interaction) => {
    void handle(interaction);
  });
  // An 'error' event without a listener would crash the process.
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ source: 'discord.js' }, message));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId) => logger.info({ shardId }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited by Discord'),
  );
  client.once(Events.ClientReady, (ready) =>
    logger.info({ user: ready.user.id, guilds: ready.guilds.cache.size, commands: registry.commands.length }, 'bot ready'),
  );

  let stopped = false;
  return {
    client,
    registry,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.DISCORD_TOKEN);
      await ready;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
    },
  };
}
