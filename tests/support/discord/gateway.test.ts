/**
 * The local Discord's gateway against the real discord.js client: login, tokens, shards, and
 * the faults a bot must survive (close codes, dropped connections, missing heartbeat ACKs).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { shardOf } from './gateway.js';
import { connect, until, disconnectAll } from './connect.js';
import { FakeDiscord } from '../fake-discord.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.stop();
  fake = undefined;
  await disconnectAll();
});

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

describe('shardOf', () => {
  it("is Discord's (guild_id >> 22) % shard_count", () => {
    const guildId = ((123_456_789n << 22n) | 42n).toString();
    expect(shardOf(guildId, 1)).toBe(0);
    expect(shardOf(guildId, 2)).toBe(1);
    expect(shardOf(guildId, 10)).toBe(9);
  });
});
