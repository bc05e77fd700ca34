/**
 * For the local Discord's own tests: a fake and a real discord.js client logged in to it, and the
 * small waits those tests share. Call `disconnectAll()` after each test (clients first, then fakes).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction, type TextChannel } from 'discord.js';
import { FakeDiscord } from './server.js';
import type { FakeDiscordOptions } from './types.js';

const opened: { fake: FakeDiscord; client: Client }[] = [];

/** A fake Discord and a discord.js client logged in to it, past `clientReady`. */
export async function connect(
  options: FakeDiscordOptions = {},
  onInteraction?: (interaction: Interaction) => Promise<unknown>,
): Promise<{ fake: FakeDiscord; client: Client }> {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000, ...options });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    shards: 'auto',
    // discord.js spaces IDENTIFYs of a shard 5 s apart; re-identifying tests need not wait.
    ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
  });
  opened.push({ fake, client });
  if (onInteraction) {
    client.on(Events.InteractionCreate, (interaction) => {
      onInteraction(interaction).catch((error: unknown) => client.emit(Events.Error, error as Error));
    });
  }
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return { fake, client };
}

/** Destroys every client `connect` made, then stops its fake. */
export async function disconnectAll(): Promise<void> {
  for (const { fake, client } of opened.splice(0)) {
    await client.destroy();
    await fake.stop();
  }
}

/** Resolves when `condition` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function textChannel(c: Client, id: string): TextChannel {
  const channel = c.channels.cache.get(id);
  if (!channel?.isTextBased() || channel.isDMBased()) throw new Error(`no text channel ${id}`);
  return channel as TextChannel;
}
