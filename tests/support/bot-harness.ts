/**
 * The real bot (createBot: discord.js client, registry, commands, real engine) logged in to the
 * local Discord, with its log lines captured: shared by the reliability and hostile-input tests.
 */
import type { ClientOptions } from 'discord.js';
import { type Bot, type BotOptions, createBot } from '../../src/bot/client.js';
import { createLogger } from '../../src/bot/logger.js';
import { loadConfig } from '../../src/config.js';
import type { StoryEngine } from '../../src/engine/api.js';
import { loadEngine } from '../../src/engine/index.js';
import type { FakeDiscord, RecordedRequest } from './fake-discord.js';

/** discord.js waits 5 s between IDENTIFYs of a shard; tests that re-identify need not. */
export const NO_IDENTIFY_WAIT: Partial<ClientOptions> = {
  ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
};

let engine: StoryEngine | undefined;
/** The engine over seeds/, loaded once per test file. */
export function seedsEngine(): StoryEngine {
  engine ??= loadEngine('seeds');
  return engine;
}

export interface RunningBot {
  bot: Bot;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
}

/**
 * Starts the bot against `discord` with the configuration `env` (as the environment would give
 * it: strings) over the defaults, and waits until it is ready.
 */
export async function startBot(
  discord: FakeDiscord,
  env: Record<string, string> = {},
  options: Partial<Omit<BotOptions, 'config' | 'logger'>> = {},
): Promise<RunningBot> {
  const logs: Record<string, unknown>[] = [];
  const config = loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'debug', ...env }, { need: 'bot' });
  const logger = createLogger({
    level: config.LOG_LEVEL,
    token: config.DISCORD_TOKEN,
    destination: { write: (line) => logs.push(JSON.parse(line)) },
  });
  const bot = createBot({
    config,
    logger,
    ...(options.getEngine || options.engine ? {} : { engine: seedsEngine() }),
    ...options,
    clientOptions: { ...NO_IDENTIFY_WAIT, ...options.clientOptions },
  });
  await bot.start();
  return { bot, logs };
}

/** A distinct member id for each `n`, so per-member cooldowns stay out of the way. */
export function member(n: number): string {
  return (400000000000100000n + BigInt(n)).toString();
}

/** Resolves when `condition` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Requests Discord refused as malformed (400 50035 Invalid Form Body, 50006 empty message). */
export function malformed(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.status === 400);
}

/** The `allowed_mentions` of every message body the bot sent: callbacks with data, webhook edits and posts, channel posts. */
export function sentMentionRules(requests: readonly RecordedRequest[]): unknown[] {
  const rules: unknown[] = [];
  for (const r of requests) {
    const body = r.body as { type?: number; data?: { allowed_mentions?: unknown }; allowed_mentions?: unknown } | undefined;
    if (!body) continue;
    if (/\/callback$/.test(r.path)) {
      if (body.type === 4 || body.type === 7) rules.push(body.data?.allowed_mentions);
    } else if (/^\/webhooks\/|^\/channels\/\d+\/messages$/.test(r.path) && r.method !== 'DELETE') {
      rules.push(body.allowed_mentions);
    }
  }
  return rules;
}
