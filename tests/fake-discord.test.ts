/**
 * The local Discord against the real discord.js client: if these pass, a bot that works here
 * talks to Discord the way Discord expects (routes, payload shapes, limits, reconnects).
 */
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  DEFAULT_BOT_PERMISSIONS,
  DiscordErrors,
  FakeDiscord,
  type FakeDiscordOptions,
  Permission,
} from './support/fake-discord.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.stop();
  fake = undefined;
});

/** A fake Discord and a discord.js client logged in to it, past `clientReady`. */
async function connect(
  options: FakeDiscordOptions = {},
  onInteraction?: (interaction: Interaction) => Promise<unknown>,
): Promise<{ fake: FakeDiscord; client: Client }> {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000, ...options });
  client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    shards: 'auto',
    // discord.js spaces IDENTIFYs of a shard 5 s apart; re-identifying tests need not wait.
    ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
  });
  if (onInteraction) {
    client.on(Events.InteractionCreate, (interaction) => {
      onInteraction(interaction).catch((error: unknown) => client?.emit(Events.Error, error as Error));
    });
  }
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return { fake, client };
}

/** Resolves when `condition` holds, checking every 20 ms; fails after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function textChannel(c: Client, id: string): TextChannel {
  const channel = c.channels.cache.get(id);
  if (!channel?.isTextBased() || channel.isDMBased()) throw new Error(`no text channel ${id}`);
  return channel as TextChannel;
}

describe('login', () => {
  it('reaches clientReady with the guild, its channel and the bot user from READY', async () => {
    const { fake, client } = await connect({ guildCount: 2 });
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect([...client.guilds.cache.keys()].sort()).toEqual([...fake.guildIds].sort());
    expect(client.channels.cache.has(fake.channelId)).toBe(true);
    expect(fake.stats()).toEqual({ identifies: 1, resumes: 0, connections: 1 });
    const gateway = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gateway?.status).toBe(200);
    expect(gateway?.headers.authorization).toBeUndefined();
    await expect(fake.waitForReady(100)).resolves.toBeUndefined();
  });

  it('rejects a wrong token at login', async () => {
    fake = await FakeDiscord.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(client.login(`${fake.token}x`)).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.requests.at(-1)?.status).toBe(401);
  });

  it('closes the gateway with 4004 for an IDENTIFY with another token', async () => {
    fake = await FakeDiscord.start();
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const hello = await once(socket, 'message');
    expect(JSON.parse(String(hello[0]))).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
    socket.send(JSON.stringify({ op: 2, d: { token: 'not-the-token', intents: 1, properties: {} } }));
    const [code] = await once(socket, 'close');
    expect(code).toBe(4004);
    expect(fake.stats().identifies).toBe(0);
  });

  it('a revoked token ends the session with 4004 and the client does not come back', async () => {
    const { fake, client } = await connect();
    const disconnected = once(client, Events.ShardDisconnect);
    const oldToken = fake.token;
    expect(fake.revokeToken()).not.toBe(oldToken);
    const [event] = await disconnected;
    expect(event.code).toBe(4004);
    const rest = new REST({ api: fake.apiUrl }).setToken(oldToken);
    await expect(rest.get(Routes.user('@me'))).rejects.toMatchObject({ status: 401 });
  });

  it('spreads guilds over shards by (guild_id >> 22) % shards', async () => {
    const { fake, client } = await connect({ guildCount: 4, shards: 2 });
    expect(fake.stats().identifies).toBe(2);
    expect(client.guilds.cache.size).toBe(4);
    for (const guild of client.guilds.cache.values()) {
      expect(guild.shardId).toBe(Number((BigInt(guild.id) >> 22n) % 2n));
    }
    expect(new Set(client.guilds.cache.map((g) => g.shardId))).toEqual(new Set([0, 1]));
  });
});

describe('interactions', () => {
  it('delivers a slash command and records the reply as response() and final()', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: `You asked: ${i.options.getString('question', true)}`, allowedMentions: { parse: [] } });
    });
    const handle = fake.sendCommand('ask', [{ name: 'question', value: 'who <@400000000000000002>?' }]);
    const response = await handle.response();
    expect(response.type).toBe(4);
    expect(response.data?.content).toBe('You asked: who <@400000000000000002>?');
    const message = await handle.final();
    expect(message).toMatchObject({ author: { id: fake.botUserId }, type: 20, channel_id: fake.channelId });
    expect(message.mentions).toEqual([]);
    expect(fake.messages().map((m) => m.id)).toEqual([message.id]);
  });

  it('records who a reply would ping when the bot does not restrict mentions', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('hello <@400000000000000002> and @everyone');
    });
    const message = await fake.sendCommand('ask').final();
    expect(message.mentions.map((u) => u.id)).toEqual(['400000000000000002']);
    expect(message.mention_everyone).toBe(true);
  });

  it('a deferred ephemeral reply reaches final() through the edit of @original', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: 'the answer' });
    });
    const handle = fake.sendCommand('ask', [{ name: 'question', value: 'why' }]);
    expect(await handle.response()).toEqual({ type: 5, data: { flags: 64 } });
    const message = await handle.final();
    expect(message.content).toBe('the answer');
    expect(message.flags).toBe(64);
    expect(fake.messages()).toEqual([]);
    expect(fake.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'))).toBe(true);
  });

  it('the first follow-up after a defer fills in the deferred message', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.followUp('first');
      await i.followUp('second');
    });
    const handle = fake.sendCommand('ask');
    const message = await handle.final();
    expect(message.content).toBe('first');
    await until(() => handle.followups.length === 2, 'two follow-ups');
    expect(handle.followups.map((m) => m.content)).toEqual(['first', 'second']);
    expect(handle.followups[0]?.id).toBe(handle.original?.id);
  });

  it('returns the created message with_response, and fetchReply reads @original', async () => {
    const fetched: string[] = [];
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.reply({ content: 'hello', withResponse: true });
      fetched.push(response.resource?.message?.id ?? 'none');
      fetched.push((await i.fetchReply()).id);
    });
    const message = await fake.sendCommand('ask').final();
    await until(() => fetched.length === 2, 'the reply to be fetched');
    expect(fetched).toEqual([message.id, message.id]);
  });

  it('after a deferred update, the edit of the clicked message is final()', async () => {
    const { fake, client } = await connect({}, async (i) => {
      if (!i.isButton()) return;
      await i.deferUpdate();
      await i.editReply({ content: 'context shown' });
    });
    await textChannel(client, fake.channelId).send('answer');
    const [posted] = fake.messages();
    const handle = fake.sendButton('context', posted as NonNullable<typeof posted>);
    expect((await handle.response()).type).toBe(6);
    expect(await handle.final()).toMatchObject({ id: posted?.id, content: 'context shown' });
  });

  it('refuses webhook calls once the interaction token has expired', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({ interactionTokenTtlMs: 50 }, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await new Promise((resolve) => setTimeout(resolve, 120));
      await i.editReply('too late').catch((error: unknown) => errors.push(error));
    });
    fake.sendCommand('ask');
    await until(() => errors.length === 1, 'the late edit to fail');
    expect(errors[0]).toMatchObject({ code: 50027, status: 401 });
  });

  it('answers autocomplete with choices, and final() refuses it', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond([{ name: `${typed} strikes`, value: 'q1' }]);
    });
    const handle = fake.sendAutocomplete('ask', [{ name: 'question', value: 'air', focused: true }]);
    expect(await handle.response()).toEqual({ type: 8, data: { choices: [{ name: 'air strikes', value: 'q1' }] } });
    await expect(handle.final()).rejects.toThrow(/autocomplete/);
  });

  it('a button click can update the message it sits on', async () => {
    const { fake, client } = await connect({}, async (i) => {
      if (i.isButton()) await i.update({ content: `pressed ${i.customId}`, components: [] });
    });
    const button = new ButtonBuilder().setCustomId('more:1').setLabel('More').setStyle(ButtonStyle.Primary);
    const posted = await textChannel(client, fake.channelId).send({
      content: 'answer',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
    });
    const [stored] = fake.messages();
    expect(stored?.components).toHaveLength(1);
    const handle = fake.sendButton('more:1', stored as NonNullable<typeof stored>);
    const updated = await handle.final();
    expect(updated).toMatchObject({ id: posted.id, content: 'pressed more:1', components: [] });
    expect(fake.messages()[0]?.content).toBe('pressed more:1');
  });

  it('delivers a message context-menu command with the target message resolved', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isMessageContextMenuCommand()) return;
      await i.reply({ content: `Q: ${i.targetMessage.content}`, flags: MessageFlags.Ephemeral });
    });
    const handle = fake.sendMessageCommand('Ask the story', { content: 'Who ordered the strikes?' });
    const message = await handle.final();
    expect(message).toMatchObject({ content: 'Q: Who ordered the strikes?', flags: 64, type: 23 });
  });

  it('delivers interactions from a DM with user instead of member', async () => {
    const seen: { inGuild: boolean; userId: string }[] = [];
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push({ inGuild: i.inGuild(), userId: i.user.id });
      await i.reply('hi');
    });
    await fake.sendCommand('help', [], { dm: true, userId: '400000000000000009' }).final();
    expect(seen).toEqual([{ inGuild: false, userId: '400000000000000009' }]);
  });

  it('sends files as multipart and stores them as attachments', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ files: [{ attachment: Buffer.from('hello'), name: 'story.txt' }] });
    });
    const message = await fake.sendCommand('story').final();
    expect(message.attachments).toMatchObject([{ filename: 'story.txt', size: 5 }]);
    const callback = fake.requests.find((r) => r.path.endsWith('/callback'));
    expect(callback?.files).toMatchObject([{ filename: 'story.txt', size: 5 }]);
    expect(callback?.body).toMatchObject({ type: 4 });
  });

  it('refuses a reply over 2000 characters with Discord\'s form error', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        await i.reply('x'.repeat(2001));
      } catch (error) {
        errors.push(error);
        await i.reply('x'.repeat(2000));
      }
    });
    const message = await fake.sendCommand('ask').final();
    expect(message.content).toHaveLength(2000);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: 50035, rawError: { errors: { data: { content: {} } } } });
  });

  it('refuses a second callback with 40060 and an unknown interaction with 10062', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('once');
    });
    const handle = fake.sendCommand('ask');
    await handle.final();
    const post = (id: string, token: string) =>
      fetch(`${fake.apiUrl}/v10/interactions/${id}/${token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
      });
    const second = await post(handle.id, handle.token);
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ code: 40060, message: 'Interaction has already been acknowledged.' });
    const unknown = await post('123456789012345678', handle.token);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 10062 });
    expect(handle.callbacks).toHaveLength(2);
  });

  it('answers late first callbacks with 10062 when a deadline is set', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({ interactionDeadlineMs: 50 }, async (i) => {
      if (!i.isChatInputCommand()) return;
      await new Promise((resolve) => setTimeout(resolve, 150));
      await i.reply('too late').catch((error: unknown) => errors.push(error));
    });
    const handle = fake.sendCommand('ask');
    await until(() => errors.length === 1, 'the late reply to fail');
    expect(errors[0]).toMatchObject({ code: 10062 });
    await expect(handle.response(50)).rejects.toThrow(/no callback/);
  });

  it('a 429 with Retry-After on the callback is retried by discord.js', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('after the wait');
    });
    fake.failNext({ method: 'POST', path: /\/callback$/ }, DiscordErrors.rateLimited(0.1));
    const message = await fake.sendCommand('ask').final();
    expect(message.content).toBe('after the wait');
    const callbacks = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
  });

  it('an injected 10062 reaches the bot as a DiscordAPIError', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('x').catch((error: unknown) => errors.push(error));
    });
    fake.failNext({ path: /\/callback$/ }, DiscordErrors.unknownInteraction);
    fake.sendCommand('ask');
    await until(() => errors.length === 1, 'the reply to fail');
    expect(errors[0]).toMatchObject({ code: 10062, status: 404 });
  });
});

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
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      `PUT /channels/${fake.channelId}/messages/pins/${message.id}`,
    );
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
    fake.setPins(fake.channelId, Array.from({ length: 250 }, (_, i) => `1${String(i).padStart(17, '0')}`));
    await expect(message.pin()).rejects.toMatchObject({ code: 30003 });
    const firstPage = await channel.messages.fetchPins();
    expect(firstPage.items).toHaveLength(50);
    expect(firstPage.hasMore).toBe(true);
  });

  it('enforces the bot\'s channel permissions and tells the client about them', async () => {
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
});

describe('application commands', () => {
  it('stores a bulk guild registration and uses its ids in interactions', async () => {
    const { fake, client } = await connect();
    const body = [
      { name: 'ask', description: 'Ask the story', options: [{ type: 3, name: 'question', description: 'q', required: true }] },
      { name: 'Ask the story', type: 3 },
    ];
    const created = (await client.rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guildId), {
      body,
    })) as { id: string; name: string }[];
    expect(created.map((c) => c.name)).toEqual(['ask', 'Ask the story']);
    expect(fake.registeredCommands()).toEqual({ scope: 'guild', guildId: fake.guildId, body });
    const handle = fake.sendCommand('ask', [{ name: 'question', value: 'who' }]);
    expect(handle.payload.data).toMatchObject({ id: created[0]?.id, guild_id: fake.guildId });
  });

  it('refuses invalid commands and another application\'s id', async () => {
    const { fake, client } = await connect();
    const tooLong = [{ name: 'ask', description: 'd'.repeat(101) }];
    await expect(
      client.rest.put(Routes.applicationCommands(fake.applicationId), { body: tooLong }),
    ).rejects.toMatchObject({ code: 50035, rawError: { errors: { 0: { description: {} } } } });
    await expect(
      client.rest.put(Routes.applicationCommands(fake.botUserId), { body: [] }),
    ).rejects.toMatchObject({ code: 20012 });
    expect(fake.registeredCommands()).toBeUndefined();
  });

  it('answers unknown routes with 404 and records them', async () => {
    const { fake, client } = await connect();
    await expect(client.rest.get('/no/such/route')).rejects.toMatchObject({ status: 404 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/no/such/route', status: 404 });
  });
});

describe('gateway faults', () => {
  it('after close 4000 the client resumes and receives what was sent meanwhile', async () => {
    const { fake, client } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
    });
    const resumed = once(client, Events.ShardResume);
    fake.closeGateway(4000);
    // Sent while the client is away: Discord keeps it for the resume.
    const handle = fake.sendCommand('ask');
    await resumed;
    expect((await handle.final()).content).toBe('still here');
    expect(fake.stats()).toMatchObject({ identifies: 1, resumes: 1, connections: 2 });
  });

  it('after a dropped connection the client resumes', async () => {
    const { fake, client } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('back');
    });
    const resumed = once(client, Events.ShardResume);
    fake.dropGateway();
    await resumed;
    expect((await fake.sendCommand('ask').final()).content).toBe('back');
    expect(fake.stats().resumes).toBe(1);
  });

  it('after close 4009 the session is gone: the client identifies again', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('new session');
    });
    fake.closeGateway(4009);
    await until(() => fake.stats().identifies === 2, 'a second IDENTIFY');
    await fake.waitForReady();
    expect((await fake.sendCommand('ask').final()).content).toBe('new session');
    expect(fake.stats().resumes).toBe(0);
  });

  it('without heartbeat ACKs the client drops the zombie connection and resumes', async () => {
    const { fake, client } = await connect({ heartbeatIntervalMs: 200 });
    const resumed = once(client, Events.ShardResume);
    fake.setHeartbeatAcks(false);
    await until(() => fake.stats().connections === 2, 'a reconnect');
    fake.setHeartbeatAcks(true);
    await resumed;
    expect(fake.stats()).toMatchObject({ identifies: 1, resumes: 1 });
  });
});
