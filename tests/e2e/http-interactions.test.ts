import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSUPPORTED_TEXT } from '../../src/http/interactions.js';
import { MAX_BODY_BYTES, REQUEST_TIMEOUT_MS } from '../../src/http/server.js';
import { type RunningBot, startBot } from '../support/bot-harness.js';
import { deliverTo, type HttpBot, startHttpBot } from '../support/discord/http-bot.js';
import { get, post, signatureHeaders, signedPost, testKeyPair } from '../support/discord/http-endpoint.js';
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord, type InteractionHandle, type OptionInput, Permission } from '../support/fake-discord.js';
import { runNpm } from '../support/spawn-script.js';

/**
 * `npm run start:http` as its own process, with the local Discord signing and POSTing interactions
 * to it. Each command is also sent to the gateway bot (the same command modules, in this process)
 * and the two answers must be the same message.
 */

const EPHEMERAL = 64;
const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages;
/**
 * Every test is one member (cooldowns: tests/bot/shared-limits.test.ts); the gateway bot here has no
 * insights store, so neither does the endpoint (with one: tests/e2e/http-insights.test.ts).
 */
const NO_LIMITS = { ASK_COOLDOWN_SECONDS: '0', AUTOCOMPLETE_BURST: '0', INSIGHTS: 'off' };

let discord: FakeDiscord;
let http: HttpBot;
let gateway: RunningBot;

beforeAll(async () => {
  discord = await FakeDiscord.start({ interactionDeadlineMs: 3_000 });
  [http, gateway] = await Promise.all([startHttpBot(discord, NO_LIMITS), startBot(discord, NO_LIMITS)]);
}, 60_000);

afterAll(async () => {
  await gateway?.bot.stop({ drainMs: 1_000 });
  await http?.stop();
  await discord?.stop();
});

/** Sends an interaction over HTTP to start:http (the gateway bot is left out). */
function overHttp<T>(send: () => T): T {
  deliverTo(discord, http);
  try {
    return send();
  } finally {
    discord.setInteractionEndpoint(undefined);
  }
}

/** What the member sees of a message, without the ids and times that differ between two sends. */
function visible(message: APIMessage | undefined): unknown {
  if (!message) return undefined;
  const ids = /\d{17,20}/g;
  return JSON.parse(
    JSON.stringify({ content: message.content, embeds: message.embeds, components: message.components, flags: message.flags }).replace(
      ids,
      '<id>',
    ),
  );
}

/** The same interaction over the gateway and over HTTP: both visible answers. */
async function both(send: () => InteractionHandle): Promise<{ gateway: APIMessage; http: APIMessage }> {
  const viaGateway = await send().final();
  const viaHttp = await overHttp(send).final();
  return { gateway: viaGateway, http: viaHttp };
}

function interactionLogs(id: string): Record<string, unknown>[] {
  return http.logs().filter((line) => line.interaction === id);
}

describe('signatures', () => {
  const command = () => ({
    id: '1300000000000000001',
    application_id: '1300000000000000002',
    type: 2,
    token: 'aW50ZXJhY3Rpb246dGVzdA',
    version: 1,
    data: { id: '1300000000000000003', name: 'help', type: 1 },
    channel_id: discord.channelId,
    member: {
      user: { id: '400000000000000001', username: 'm', discriminator: '0', global_name: null, avatar: null },
      roles: [],
      permissions: '0',
    },
  });

  it('answers a signed PING with PONG', async () => {
    const reply = await signedPost(http.url, http.keys, { type: 1, id: '1', application_id: '2', token: 't', version: 1 });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body.toString())).toEqual({ type: 1 });
  });

  it('refuses a missing, malformed, wrong or stale signature with 401, and acts on none of them', async () => {
    const before = discord.requests.length;
    const body = JSON.stringify(command());
    const other = testKeyPair();
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, Record<string, string>> = {
      missing: {},
      'missing timestamp': { 'x-signature-ed25519': signatureHeaders(http.keys, body)['x-signature-ed25519'] ?? '' },
      malformed: { 'x-signature-ed25519': 'zz', 'x-signature-timestamp': String(now) },
      'another key': signatureHeaders(other, body),
      'another body': signatureHeaders(http.keys, `${body} `),
      'replayed (6 minutes old)': signatureHeaders(http.keys, body, now - 6 * 60),
      'from the future (6 minutes ahead)': signatureHeaders(http.keys, body, now + 6 * 60),
    };
    for (const [name, headers] of Object.entries(cases)) {
      const reply = await post(http.url, body, { headers });
      expect(reply.status, name).toBe(401);
    }
    // A signed PING with a wrong signature is no PONG either (Discord checks exactly this).
    const ping = JSON.stringify({ type: 1 });
    expect((await post(http.url, ping, { headers: signatureHeaders(other, ping) })).status).toBe(401);
    // Nothing was answered, sent to Discord or logged as an interaction.
    expect(discord.requests.length).toBe(before);
    expect(interactionLogs(command().id)).toEqual([]);
  });

  it('accepts a timestamp within 5 minutes (clocks drift)', async () => {
    const body = JSON.stringify({ type: 1 });
    const reply = await post(http.url, body, { headers: signatureHeaders(http.keys, body, Math.floor(Date.now() / 1000) - 4 * 60) });
    expect(reply.status).toBe(200);
  });

  it('answers a signed body that is not JSON with 400, and an unknown interaction type with 400', async () => {
    const garbage = '{"type": 2, "id":';
    expect((await post(http.url, garbage, { headers: signatureHeaders(http.keys, garbage) })).status).toBe(400);
    const unknown = await signedPost(http.url, http.keys, { ...command(), type: 42 });
    expect(unknown.status).toBe(400);
    expect((await signedPost(http.url, http.keys, { type: 1 })).status).toBe(200);
  });
});

describe('every command over HTTP answers as over the gateway', () => {
  it('/ask: the same passages, attribution and buttons', async () => {
    const options: OptionInput[] = [{ name: 'question', value: 'How many strikes has the US reported?' }];
    const { gateway: g, http: h } = await both(() => discord.sendCommand('ask', options));
    expect(h.embeds[0]?.description).toContain('14 strikes');
    expect(visible(h)).toEqual(visible(g));
    expect(h.flags ?? 0).toBe(0);
  });

  it('/ask hide:true is ephemeral over HTTP too; a story the bot does not know is refused the same way', async () => {
    const hidden = await both(() =>
      discord.sendCommand('ask', [
        { name: 'question', value: 'Who paused intelligence sharing?' },
        { name: 'hide', value: true },
      ]),
    );
    expect((hidden.http.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(visible(hidden.http)).toEqual(visible(hidden.gateway));
    const refused = await both(() =>
      discord.sendCommand('ask', [
        { name: 'question', value: 'Who?' },
        { name: 'story', value: 'no-such-story' },
      ]),
    );
    expect(refused.http.content).toContain('I don’t know that story');
    expect(visible(refused.http)).toEqual(visible(refused.gateway));
  });

  it('/ask abstains the same way when the story does not say', async () => {
    const { gateway: g, http: h } = await both(() =>
      discord.sendCommand('ask', [{ name: 'question', value: 'What is the boiling point of mercury?' }]),
    );
    expect(h.content).toContain('The story doesn');
    expect(visible(h)).toEqual(visible(g));
  });

  it('the buttons under an answer (More passages, Context) answer the same over HTTP', async () => {
    const answer = await discord
      .sendCommand('ask', [{ name: 'question', value: 'What did the UK do about intelligence sharing?' }])
      .final();
    const rows = (answer.components ?? []) as unknown as { components: { custom_id: string }[] }[];
    const ids = rows.flatMap((row) => row.components.map((c) => c.custom_id));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const { gateway: g, http: h } = await both(() => discord.sendButton(id, answer));
      expect((h.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
      expect(visible(h)).toEqual(visible(g));
    }
    // A forged id: "expired", as over the gateway.
    const forged = await both(() => discord.sendButton('ask:more:9:nope:', answer));
    expect(visible(forged.http)).toEqual(visible(forged.gateway));
  });

  it('/summary, /people, /quotes, /story and /help', async () => {
    for (const [name, options] of [
      ['summary', []],
      ['summary', [{ name: 'sentences', value: 3 }]],
      ['people', []],
      ['quotes', [{ name: 'speaker', value: 'Hegseth' }]],
      ['story', []],
      ['help', []],
    ] as const) {
      const { gateway: g, http: h } = await both(() => discord.sendCommand(name, [...options]));
      expect(h.embeds.length + h.content.length, name).toBeGreaterThan(0);
      expect(visible(h), name).toEqual(visible(g));
    }
  });

  it('/summary pin:true refuses a member without pin rights the same way, posting nothing', async () => {
    const { gateway: g, http: h } = await both(() => discord.sendCommand('summary', [{ name: 'pin', value: true }]));
    expect(h.content).toContain('Pin Messages');
    expect(visible(h)).toEqual(visible(g));
    expect(discord.pins()).toEqual([]);
  });

  it('/summary pin:true for a moderator: deferred in the HTTP response, then posted, pinned and confirmed over REST', async () => {
    const handle = overHttp(() => discord.sendCommand('summary', [{ name: 'pin', value: true }], { memberPermissions: MODERATOR }));
    const response = await handle.response();
    expect(response).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const confirmation = await handle.final();
    expect(confirmation.content).toContain('Posted and pinned the summary');
    const pinned = discord.pins();
    expect(pinned).toHaveLength(1);
    const posted = discord.messages().find((m) => m.id === pinned[0]);
    expect(posted?.embeds[0]?.title).toMatch(/^Summary: /);
    expect(confirmation.content).toContain(posted?.id);
    // The bot's own permission refusal, checked from the interaction's app_permissions as over the gateway.
    const refused = await both(() =>
      discord.sendCommand('summary', [{ name: 'pin', value: true }], {
        memberPermissions: MODERATOR,
        appPermissions: DEFAULT_MEMBER_PERMISSIONS,
      }),
    );
    expect(refused.http.content).toContain('I can’t post and pin here');
    expect(visible(refused.http)).toEqual(visible(refused.gateway));
    expect(discord.pins()).toHaveLength(1);
  });

  it('Ask the story: the message becomes the question; an empty message is refused the same way', async () => {
    const asked = await both(() => discord.sendMessageCommand('Ask the story', { content: 'how many strikes has the US reported?' }));
    expect(asked.http.embeds[0]?.description).toContain('14 strikes');
    expect(visible(asked.http)).toEqual(visible(asked.gateway));
    const empty = await both(() => discord.sendMessageCommand('Ask the story', { content: '   ' }));
    expect(visible(empty.http)).toEqual(visible(empty.gateway));
  });

  it('autocomplete: the same suggestions for the question and the story', async () => {
    for (const options of [
      [{ name: 'question', value: 'how many str', focused: true }],
      [
        { name: 'question', value: 'who' },
        { name: 'story', value: 'UK', focused: true },
      ],
    ]) {
      const viaGateway = await discord.sendAutocomplete('ask', options).response();
      const viaHttp = await overHttp(() => discord.sendAutocomplete('ask', options)).response();
      expect(viaHttp.type).toBe(8);
      expect(viaHttp.data?.choices?.length).toBeGreaterThan(0);
      expect(viaHttp).toEqual(viaGateway);
    }
  });

  it('an interaction no command handles (a user context menu) gets a short ephemeral notice, not a failure', async () => {
    const payload = {
      id: '1300000000000000011',
      application_id: '1300000000000000002',
      type: 2,
      token: 'aW50ZXJhY3Rpb246dXNlcg',
      version: 1,
      data: {
        id: '1300000000000000013',
        name: 'Profile',
        type: 2,
        target_id: '400000000000000001',
        resolved: {
          users: { '400000000000000001': { id: '400000000000000001', username: 'm', discriminator: '0', global_name: null, avatar: null } },
        },
      },
      channel: { id: discord.channelId, type: 0 },
      guild_id: discord.guildId,
      app_permissions: '0',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': discord.guildId },
      context: 0,
      member: {
        user: { id: '400000000000000001', username: 'm', discriminator: '0', global_name: null, avatar: null },
        roles: [],
        permissions: '0',
      },
    };
    const reply = await signedPost(http.url, http.keys, payload);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ type: 4, data: { content: UNSUPPORTED_TEXT, flags: EPHEMERAL } });
    // Signed but missing what discord.js needs to read it: 400, and the server carries on.
    const { entitlements: _, ...incomplete } = payload;
    expect((await signedPost(http.url, http.keys, { ...incomplete, id: '1300000000000000021' })).status).toBe(400);
  });

  it('every answer over HTTP was a valid callback within 3 s, and nobody was pinged', () => {
    const callbacks = discord.requests.filter((r) => r.headers['x-delivered-by'] === 'http-response');
    expect(callbacks.length).toBeGreaterThan(10);
    expect(callbacks.filter((r) => r.status >= 400)).toEqual([]);
    for (const r of callbacks) {
      const body = r.body as { type: number; data?: { allowed_mentions?: unknown } };
      if (body.type === 4) expect(body.data?.allowed_mentions).toMatchObject({ parse: [] });
    }
  });
});

describe('configuration', () => {
  it('without DISCORD_PUBLIC_KEY and PORT, npm run start:http exits 1 naming both, and never prints the token', async () => {
    const home = mkdtempSync(join(tmpdir(), 'story-bot-http-config-'));
    try {
      const run = runNpm('start:http', home, { DISCORD_TOKEN: discord.token });
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain('DISCORD_PUBLIC_KEY is not set; it is required to run the HTTP interactions endpoint');
      expect(run.stderr()).toContain('PORT is not set');
      expect(run.output()).not.toContain(discord.token);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('hostile traffic', () => {
  async function stillServing(): Promise<void> {
    expect((await signedPost(http.url, http.keys, { type: 1 })).status).toBe(200);
  }

  it('random bytes, signed or not, get 4xx', async () => {
    for (let i = 0; i < 20; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + ((i * 97) % 2000) }, (_, j) => (i * 31 + j * 17) % 256));
      const unsigned = await post(http.url, bytes, { contentType: i % 2 ? 'application/octet-stream' : 'application/json' });
      expect(unsigned.status).toBe(401);
      const signed = await post(http.url, bytes, { headers: signatureHeaders(http.keys, bytes) });
      expect(signed.status).toBeGreaterThanOrEqual(400);
      expect(signed.status).toBeLessThan(500);
    }
    await stillServing();
  });

  it('a body past the limit gets 413 before anything else', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 'a');
    expect((await post(http.url, big, { headers: signatureHeaders(http.keys, big) })).status).toBe(413);
    await stillServing();
  });

  it('a truncated body (shorter than its Content-Length) gets 4xx or a closed connection, and the server keeps answering', async () => {
    const { connect } = await import('node:net');
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(http.port, '127.0.0.1', () => {
        socket.write(`POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"type":1,`);
        socket.end();
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    if (answer) expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
    await stillServing();
  });

  it('a client too slow to send its request gets 408 after REQUEST_TIMEOUT_MS, and others are served meanwhile', async () => {
    const { connect } = await import('node:net');
    const started = Date.now();
    const answer = new Promise<string>((resolve) => {
      const socket = connect(http.port, '127.0.0.1', () => {
        // Headers, then a body that never comes.
        socket.write('POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ty');
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    await stillServing();
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(waited).toBeLessThan(REQUEST_TIMEOUT_MS + 5_000);
  }, 30_000);

  it('health and readiness for the balancer; other routes 404', async () => {
    expect(await get(`http://127.0.0.1:${http.port}/healthz`)).toMatchObject({ status: 200 });
    expect(await get(`http://127.0.0.1:${http.port}/readyz`)).toMatchObject({ status: 200 });
    expect((await get(`http://127.0.0.1:${http.port}/nope`)).status).toBe(404);
  });
});
