/**
 * The local Discord's channels against the real discord.js client: messages, pins and the
 * bot's channel permissions.
 */
import { PermissionFlagsBits, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, until, textChannel, disconnectAll } from './connect.js';
import { DEFAULT_BOT_PERMISSIONS, Permission } from '../fake-discord.js';

afterEach(disconnectAll);

describe('channel messages and pins', () => {
  it('posts, pins and lists pins through discord.js', async () => {
    const { fake, client } = await connect();
    const channel = textChannel(client, fake.channelId);
    const message = await channel.send({ content: 'summary', allowedMentions: { parse: [] } });
    await message.pin();
    expect(fake.pins()).toEqual([message.id]);
    const pins = await channel.messages.fetchPins();
    expect(pins.items.map((p) => p.message.id)).toEqual([message.id]);
    expect(pins.hasMore).toBe(false);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(`PUT /channels/${fake.channelId}/messages/pins/${message.id}`);
    await message.unpin();
    expect(fake.pins()).toEqual([]);
  });

  it('also serves the legacy pin routes', async () => {
    const { fake, client } = await connect();
    const message = await textChannel(client, fake.channelId).send('summary');
    await client.rest.put(Routes.channelPin(fake.channelId, message.id));
    const pinned = (await client.rest.get(Routes.channelPins(fake.channelId))) as { id: string; pinned: boolean }[];
    expect(pinned.map((m) => [m.id, m.pinned])).toEqual([[message.id, true]]);
    await client.rest.delete(Routes.channelPin(fake.channelId, message.id));
    expect(fake.pins()).toEqual([]);
  });

  it('refuses a pin past 250 with 30003', async () => {
    const { fake, client } = await connect();
    const channel = textChannel(client, fake.channelId);
    const message = await channel.send('summary');
    fake.setPins(
      fake.channelId,
      Array.from({ length: 250 }, (_, i) => `1${String(i).padStart(17, '0')}`),
    );
    await expect(message.pin()).rejects.toMatchObject({ code: 30003 });
    const firstPage = await channel.messages.fetchPins();
    expect(firstPage.items).toHaveLength(50);
    expect(firstPage.hasMore).toBe(true);
  });

  it("enforces the bot's channel permissions and tells the client about them", async () => {
    const { fake, client } = await connect();
    const channel = textChannel(client, fake.channelId);
    const me = channel.guild.members.me;
    expect(me && channel.permissionsFor(me).has(PermissionFlagsBits.PinMessages)).toBe(true);
    const message = await channel.send('summary');
    const withoutPins = DEFAULT_BOT_PERMISSIONS & ~Permission.PinMessages;
    fake.setBotPermissions(fake.channelId, withoutPins);
    await until(() => !channel.permissionsFor(me as NonNullable<typeof me>).has(PermissionFlagsBits.PinMessages), 'CHANNEL_UPDATE');
    await expect(message.pin()).rejects.toMatchObject({ code: 50013, status: 403 });
    const handle = fake.sendCommand('summary');
    expect(BigInt(handle.payload.app_permissions as string)).toBe(withoutPins);
  });

  it('opens threads: a public one announced to the client, a private one not; posting in either needs Send Messages in Threads', async () => {
    const { fake, client } = await connect();
    const publicThread = fake.addThread({ type: 11, permissions: DEFAULT_BOT_PERMISSIONS & ~Permission.SendMessagesInThreads });
    const privateThread = fake.addThread({ type: 12, permissions: DEFAULT_BOT_PERMISSIONS & ~Permission.SendMessages });
    await until(() => client.channels.cache.get(publicThread)?.isThread() === true, 'THREAD_CREATE');
    expect(client.channels.cache.has(privateThread)).toBe(false);
    await expect(client.rest.post(Routes.channelMessages(publicThread), { body: { content: 'x' } })).rejects.toMatchObject({ code: 50013 });
    await client.rest.post(Routes.channelMessages(privateThread), { body: { content: 'x' } });
    expect(fake.messages(privateThread)).toHaveLength(1);
    const handle = fake.sendCommand('summary', [], { channelId: privateThread });
    expect(handle.payload.channel).toMatchObject({ id: privateThread, type: 12, parent_id: fake.channelId });
    expect(BigInt(handle.payload.app_permissions as string)).toBe(DEFAULT_BOT_PERMISSIONS & ~Permission.SendMessages);
  });
});
