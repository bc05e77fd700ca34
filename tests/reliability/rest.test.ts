import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT } from '../../src/bot/dispatch.js';
import { DEFAULT_MEMBER_PERMISSIONS, DiscordErrors, FakeDiscord, type InteractionHandle, Permission } from '../support/fake-discord.js';
import { malformed, member, type RunningBot, sentMentionRules, startBot, until } from '../support/bot-harness.js';

/**
 * The real bot when Discord's REST API fails it: rate limits (429 with Retry-After) on interaction
 * callbacks, on the deferred answer (webhook PATCH of @original) and on the pin calls; server
 * errors; and interactions Discord has forgotten (10062). The local Discord enforces a first
 * response deadline here, stricter than Discord's 3 s so that a path that should defer but does
 * not fails quickly.
 */

const DEADLINE_MS = 1_500;
const EPHEMERAL = 64;
const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages;
const QUESTION = 'How many strikes has the US reported?';
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const PINS = /^\/channels\/\d+\/messages\/pins$/;
const PIN = /^\/channels\/\d+\/messages\/pins\/\d+$/;
const POST = /^\/channels\/\d+\/messages$/;

let discord: FakeDiscord;
let running: RunningBot;
let asked = 0;

beforeAll(async () => {
  discord = await FakeDiscord.start({ interactionDeadlineMs: DEADLINE_MS });
  running = await startBot(discord);
});

afterAll(async () => {
  await running?.bot.stop();
  await discord?.stop();
});

function ask(): InteractionHandle {
  return discord.sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(asked++) });
}

function pinSummary(): InteractionHandle {
  return discord.sendCommand('summary', [{ name: 'pin', value: true }], { memberPermissions: MODERATOR, userId: member(asked++) });
}

/** Statuses Discord answered this interaction's callback with, in order. */
function callbackStatuses(handle: InteractionHandle): number[] {
  return discord.requests.filter((r) => r.path.startsWith(`/interactions/${handle.id}/`)).map((r) => r.status);
}

function requestsSince(index: number, method: string, path: RegExp) {
  return discord.requests.slice(index).filter((r) => r.method === method && path.test(r.path));
}

async function expectPinnedAnswer(handle: InteractionHandle): Promise<void> {
  const reply = await handle.final(10_000);
  expect(reply.content).toMatch(/^Posted and pinned the summary/);
  expect((reply.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  expect(discord.pins()).toHaveLength(1);
  discord.setPins(discord.channelId, []);
}

describe('429 Too Many Requests', () => {
  it('on the reply callback: waits Retry-After, retries and answers', async () => {
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.rateLimited(0.3));
    const handle = ask();
    expect((await handle.final()).embeds[0]?.description).toContain('14 strikes');
    expect(callbackStatuses(handle)).toEqual([429, 204]);
  });

  it('on an autocomplete callback: retried, the choices arrive', async () => {
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.rateLimited(0.2));
    const handle = discord.sendAutocomplete('ask', [{ name: 'question', value: 'how many str', focused: true }], {
      userId: member(asked++),
    });
    const response = await handle.response();
    expect(response.data?.choices?.[0]).toEqual({ name: 'how many str', value: 'how many str' });
    expect(callbackStatuses(handle)).toEqual([429, 204]);
  });

  it('on the deferred answer (PATCH @original): retried, the member gets it', async () => {
    const before = discord.requests.length;
    discord.failNext({ method: 'PATCH', path: ORIGINAL }, DiscordErrors.rateLimited(0.3));
    await expectPinnedAnswer(pinSummary());
    expect(requestsSince(before, 'PATCH', ORIGINAL).map((r) => r.status)).toEqual([429, 200]);
  });

  it('on listing pins, posting and pinning: each retried, the summary posted once and pinned', async () => {
    const before = discord.requests.length;
    discord.failNext({ method: 'GET', path: PINS }, DiscordErrors.rateLimited(0.2));
    discord.failNext({ method: 'POST', path: POST }, DiscordErrors.rateLimited(0.2));
    discord.failNext({ method: 'PUT', path: PIN }, DiscordErrors.rateLimited(0.2));
    await expectPinnedAnswer(pinSummary());
    expect(requestsSince(before, 'GET', PINS).map((r) => r.status)).toEqual([429, 200]);
    expect(requestsSince(before, 'POST', POST).map((r) => r.status)).toEqual([429, 200]);
    expect(requestsSince(before, 'PUT', PIN).map((r) => r.status)).toEqual([429, 204]);
  });

  it('longer than the first-response deadline on the pin path: the reply was deferred first, so the member still gets it', async () => {
    const before = discord.requests.length;
    discord.failNext({ method: 'GET', path: PINS }, DiscordErrors.rateLimited((DEADLINE_MS + 500) / 1000));
    const handle = pinSummary();
    await expectPinnedAnswer(handle);
    expect(handle.callbacks.map((c) => c.type)).toEqual([5]);
    // The defer went out (and was accepted) before the first request that could be slow.
    const since = discord.requests.slice(before);
    const deferAt = since.findIndex((r) => r.path.startsWith(`/interactions/${handle.id}/`) && r.status === 204);
    const pinsAt = since.findIndex((r) => PINS.test(r.path));
    expect(deferAt).toBeGreaterThanOrEqual(0);
    expect(deferAt).toBeLessThan(pinsAt);
  });
});

describe('500 Internal Server Error', () => {
  it('on the reply callback, twice: discord.js retries and the member is answered', async () => {
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.serverError, 2);
    const handle = ask();
    expect((await handle.final()).embeds[0]?.description).toContain('14 strikes');
    expect(callbackStatuses(handle)).toEqual([500, 500, 204]);
  });

  it('past discord.js’s retries: logged, the member gets a short error message, and the bot keeps answering', async () => {
    // discord.js tries a request 4 times in all.
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.serverError, 4);
    const handle = ask();
    const message = await handle.final();
    expect(message.content).toBe(ERROR_TEXT);
    expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(callbackStatuses(handle)).toEqual([500, 500, 500, 500, 204]);
    expect(running.logs.find((l) => l.interaction === handle.id && l.msg === 'interaction failed')).toMatchObject({ outcome: 'error' });
    expect((await ask().final()).embeds[0]?.description).toContain('14 strikes');
  });

  it('on the deferred answer: retried, the member gets it', async () => {
    const before = discord.requests.length;
    discord.failNext({ method: 'PATCH', path: ORIGINAL }, DiscordErrors.serverError, 2);
    await expectPinnedAnswer(pinSummary());
    expect(requestsSince(before, 'PATCH', ORIGINAL).map((r) => r.status)).toEqual([500, 500, 200]);
  });
});

describe('10062 Unknown interaction', () => {
  it('is logged as lost, not retried nor apologised for, and the bot keeps answering', async () => {
    discord.failNext({ method: 'POST', path: CALLBACK }, DiscordErrors.unknownInteraction);
    const handle = ask();
    await until(() => running.logs.some((l) => l.interaction === handle.id), 'the log line of the lost interaction');
    expect(callbackStatuses(handle)).toEqual([404]);
    const line = running.logs.find((l) => l.interaction === handle.id);
    expect(line).toMatchObject({ level: 40, outcome: 'lost', msg: 'interaction expired before it was answered' });
    expect((await ask().final()).embeds[0]?.description).toContain('14 strikes');
  });
});

describe('through all of the above', () => {
  it('no request was refused as malformed, and every message sent pings nobody', () => {
    expect(malformed(discord.requests)).toEqual([]);
    const rules = sentMentionRules(discord.requests);
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) expect(rule).toMatchObject({ parse: [] });
  });
});
