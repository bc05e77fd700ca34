/**
 * `npm run start:sharded`: the bot past one process. discord.js's ShardingManager runs `main.ts` once per shard, each
 * a child process with its own gateway connection and its own copy of the index; Discord routes each guild's
 * interactions to the shard that holds it, so every shard answers on its own.
 *
 * Variables beyond the bot's own (.env or environment):
 *   SHARD_COUNT  `auto` (default: the count Discord recommends) or the total number of shards across all machines
 *   SHARD_LIST   optional: the shard ids this process runs ("0,1"), to spread the shards over machines
 *   SHARD_SPAWN_DELAY_MS  optional: pause between two shards' starts (default 5500: Discord allows one IDENTIFY per 5 s)
 * The first shard to start writes the saved index when the archive is large; the others load it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { type BotConfig, loadConfig } from '../config.js';
import { createLogger } from './logger.js';
import { stopWhenOrphaned } from './orphan.js';
import { configOrFail, fail } from './startup.js';

const shardSchema = z
  .object({
    SHARD_COUNT: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)]).default('auto'),
    SHARD_LIST: z
      .string()
      .trim()
      .regex(/^\d+(?:\s*,\s*\d+)*$/, 'a comma-separated list of shard ids, e.g. 0,1')
      .transform((list) => [...new Set(list.split(',').map(Number))])
      .optional(),
    SHARD_SPAWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(5500),
  })
  .refine((env) => env.SHARD_LIST === undefined || env.SHARD_COUNT !== 'auto', {
    message: 'SHARD_LIST needs SHARD_COUNT set to the total number of shards, so that every machine counts the same',
    path: ['SHARD_LIST'],
  })
  .refine(
    (env) => env.SHARD_LIST === undefined || env.SHARD_COUNT === 'auto' || env.SHARD_LIST.every((id) => id < (env.SHARD_COUNT as number)),
    {
      message: 'every id in SHARD_LIST must be below SHARD_COUNT',
      path: ['SHARD_LIST'],
    },
  );

/** How long a stopping shard may take to disconnect before the manager exits anyway. */
const SHARD_EXIT_WAIT_MS = 10_000;

loadDotenv({ quiet: true });

const config: BotConfig = configOrFail(() => loadConfig(process.env, { need: 'bot' }));
const blank = (value: string | undefined) => (value?.trim() ? value : undefined);
const parsed = shardSchema.safeParse({
  SHARD_COUNT: blank(process.env.SHARD_COUNT),
  SHARD_LIST: blank(process.env.SHARD_LIST),
  SHARD_SPAWN_DELAY_MS: blank(process.env.SHARD_SPAWN_DELAY_MS),
});
if (!parsed.success) {
  fail(`Sharding configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
}
const shards = parsed.data;
const logger = createLogger({ level: config.LOG_LEVEL, token: config.DISCORD_TOKEN });

/**
 * Discord's recommended shard count, asked of DISCORD_API_URL (discord.js's own helper always asks discord.com,
 * which a REST proxy or the local test server is not).
 */
async function recommendedShards(): Promise<number> {
  const response = await fetch(`${config.DISCORD_API_URL}/v10/gateway/bot`, {
    headers: { Authorization: `Bot ${config.DISCORD_TOKEN}` },
  });
  if (!response.ok)
    throw new Error(`GET /gateway/bot answered ${response.status}${response.status === 401 ? ': the token is not valid' : ''}`);
  const { shards: count } = (await response.json()) as { shards?: unknown };
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new Error('GET /gateway/bot gave no shard count');
  return count;
}

let totalShards: number;
try {
  totalShards = shards.SHARD_COUNT === 'auto' ? await recommendedShards() : shards.SHARD_COUNT;
} catch (err) {
  logger.fatal({ err }, 'could not get the shard count from Discord');
  fail(`Could not get the recommended shard count from Discord: ${(err as Error).message}\nSet SHARD_COUNT to a number to skip asking.`);
}
const shardList = shards.SHARD_LIST ?? [...Array(totalShards).keys()];

const manager = new ShardingManager(fileURLToPath(new URL('./main.ts', import.meta.url)), {
  totalShards,
  shardList,
  token: config.DISCORD_TOKEN,
  mode: 'process',
  respawn: true,
  // Each shard runs the TypeScript entry directly, through tsx as `npm start` does.
  execArgv: ['--import', import.meta.resolve('tsx')],
});

manager.on('shardCreate', (shard) => {
  logger.info({ shardId: shard.id, totalShards }, 'shard starting');
  shard.on('ready', () => logger.info({ shardId: shard.id }, 'shard ready'));
  shard.on('death', (child) => logger.error({ shardId: shard.id, exitCode: 'exitCode' in child ? child.exitCode : null }, 'shard died'));
  shard.on('error', (err) => logger.error({ shardId: shard.id, err }, 'shard error'));
});

/** SIGTERM to every shard (each disconnects cleanly, see main.ts; a killed shard is not respawned), then waits for them. */
async function stopShards(): Promise<void> {
  const exits = [...manager.shards.values()].flatMap((shard) => {
    const child = shard.process;
    if (!child || child.exitCode !== null) return [];
    return [new Promise<void>((resolve) => child.once('exit', () => resolve()))];
  });
  for (const shard of manager.shards.values()) shard.kill();
  await Promise.race([Promise.all(exits), sleep(SHARD_EXIT_WAIT_MS)]);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping every shard');
  await stopShards();
  logger.flush(() => process.exit(0));
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
stopWhenOrphaned(() => void shutdown('parent process exited'));

try {
  logger.info({ totalShards, shardList }, 'spawning shards');
  await manager.spawn({ amount: totalShards, delay: shards.SHARD_SPAWN_DELAY_MS, timeout: 60_000 });
  logger.info({ shards: shardList.length }, 'every shard ready');
} catch (err) {
  logger.fatal({ err }, 'a shard could not start');
  await stopShards();
  logger.flush(() => process.exit(1));
}
