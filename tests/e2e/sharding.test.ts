import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.js';

/**
 * `npm run start:sharded` as an operator runs it: the ShardingManager process, two shard processes running
 * src/bot/main.ts through tsx, against the local Discord recommending two shards, with guilds on both.
 */

const SHARDS = 2;
let discord: FakeDiscord;
let manager: ChildProcess;
let output = '';

/** Shard a guild belongs to, by Discord's rule. */
function shardOf(guildId: string): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(SHARDS));
}

beforeAll(async () => {
  discord = await FakeDiscord.start({ shards: SHARDS, guildCount: 4, heartbeatIntervalMs: 1_000 });
  manager = spawn(process.execPath, ['--import', 'tsx', 'src/bot/sharded.ts'], {
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SEEDS_DIR: 'seeds',
      LOG_LEVEL: 'info',
      SHARD_COUNT: 'auto',
      // The local Discord does not pace IDENTIFYs; Discord's 5 s between shards would only slow the test.
      SHARD_SPAWN_DELAY_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the shards go with it whatever happens to the test.
    detached: true,
  });
  manager.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  manager.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // The manager logs "every shard ready" once every shard process has reported its client ready; each shard's own
  // "bot ready" line reaches this pipe through its own stdout, possibly a moment later.
  const deadline = Date.now() + 20_000;
  const allReady = () => output.includes('"msg":"every shard ready"') && (output.match(/"msg":"bot ready"/g) ?? []).length >= SHARDS;
  while (!allReady()) {
    if (Date.now() > deadline || manager.exitCode !== null) throw new Error(`the shards did not all start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 30_000);

afterAll(async () => {
  if (manager?.pid && manager.exitCode === null) {
    try {
      process.kill(-manager.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await discord?.stop();
});

describe('sharded bot', () => {
  it('runs one process per shard, the count asked of Discord', () => {
    expect(output.match(/"msg":"shard starting"/g) ?? []).toHaveLength(SHARDS);
    expect(output.match(/"msg":"bot ready"/g) ?? []).toHaveLength(SHARDS);
    expect(discord.stats().identifies).toBe(SHARDS);
  });

  it('answers /ask in a guild of every shard', async () => {
    const guilds = discord.guildIds;
    expect(new Set(guilds.map(shardOf)).size).toBe(SHARDS);
    const answers = await Promise.all(
      guilds.map((guildId, i) =>
        discord
          .sendCommand('ask', [{ name: 'question', value: 'Why did the UK stop sharing intelligence?' }], {
            guildId,
            channelId: discord.channelIds[i] as string,
            // One member a guild: a member asking twice in a row would meet the per-member cooldown.
            userId: `40000000000000010${i}`,
          })
          .final(10_000),
      ),
    );
    for (const answer of answers) {
      // An answer, not the refusal (which repeats the question, "intelligence" and all): passages quoted in an embed.
      expect(answer.embeds[0]?.title).toBe('What the story says');
      const quoted = (answer.embeds[0]?.description ?? '').split('\n').filter((line) => line.startsWith('> '));
      expect(quoted.join(' ')).toMatch(/intelligence/i);
    }
  });

  it('stops every shard on SIGTERM', async () => {
    const exited = once(manager, 'exit');
    manager.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopping every shard"');
    // Both shards shut down cleanly (main.ts logs it on SIGTERM).
    expect(output.match(/"msg":"shutting down"/g) ?? []).toHaveLength(SHARDS);
  });
});
