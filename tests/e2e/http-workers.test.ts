import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT } from '../../src/bot/dispatch.js';
import { member, until } from '../support/bot-harness.js';
import { deliverTo, type HttpBot, startHttpBot } from '../support/discord/http-bot.js';
import { signedPost } from '../support/discord/http-endpoint.js';
import { DEFAULT_MEMBER_PERMISSIONS, DiscordErrors, FakeDiscord, type InteractionHandle, Permission } from '../support/fake-discord.js';

/**
 * `npm run start:http` with HTTP_WORKERS=2: two processes behind one port, a burst of 1000 signed
 * interactions within Discord's 3 s, a worker that dies replaced, and graceful shutdown.
 */

const WORKERS = 2;
const BURST = 1_000;
const QUESTIONS = [
  'How many strikes has the US reported?',
  'Who paused intelligence sharing?',
  'What did the UK do?',
  'Where were the boats?',
  'When did the strikes start?',
];

let discord: FakeDiscord;
let http: HttpBot;

beforeAll(async () => {
  // No 3 s deadline here: on a machine shared with other test runs the wall time of a burst says
  // little. `npm run bench` measures the burst against Discord's 3 s (see the README).
  discord = await FakeDiscord.start();
  http = await startHttpBot(discord, { LOG_LEVEL: 'info' }, WORKERS);
  deliverTo(discord, http);
}, 60_000);

afterAll(async () => {
  if (http && http.run.child.exitCode === null) await http.stop();
  await discord?.stop();
});

function workersOf(ids: Set<string>): Set<unknown> {
  return new Set(
    http
      .logs()
      .filter((l) => l.msg === 'interaction' && ids.has(String(l.interaction)))
      .map((l) => l.worker),
  );
}

describe('two workers behind one port', () => {
  it(`answers a burst of ${BURST} signed interactions at once, every one, with no error, on both workers`, async () => {
    const started = performance.now();
    const handles: InteractionHandle[] = [];
    for (let i = 0; i < BURST; i++) {
      // Every member once (cooldowns stay out of it); questions, autocomplete and the fixed-text commands mixed.
      const ctx = { userId: member(i) };
      if (i % 4 === 0) handles.push(discord.sendCommand('help', [], ctx));
      else if (i % 4 === 1) handles.push(discord.sendAutocomplete('ask', [{ name: 'question', value: 'how many', focused: true }], ctx));
      else handles.push(discord.sendCommand('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] ?? '' }], ctx));
    }
    const responses = await Promise.allSettled(handles.map((h) => h.response(30_000)));
    const elapsed = performance.now() - started;
    const failed = responses.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason)).slice(0, 3)).toEqual([]);
    // Each a valid first response the local Discord accepted: a reply, or suggestions.
    for (const r of responses) if (r.status === 'fulfilled') expect([4, 8]).toContain(r.value.type);
    const texts = responses.map((r) => (r.status === 'fulfilled' ? (r.value.data?.content ?? '') : ''));
    expect(texts.filter((t) => t === ERROR_TEXT)).toEqual([]);
    await until(() => http.logs().filter((l) => l.msg === 'interaction').length >= BURST, 'every interaction logged');
    const outcomes = http
      .logs()
      .filter((l) => l.msg === 'interaction')
      .map((l) => l.outcome);
    expect(outcomes.filter((o) => o === 'error' || o === 'lost')).toEqual([]);
    expect(workersOf(new Set(handles.map((h) => h.id))).size).toBe(WORKERS);
    console.log(
      `burst of ${BURST} over HTTP: all answered after ${Math.round(elapsed)} ms (wall time on a shared machine: see npm run bench)`,
    );
  }, 60_000);

  it('a worker that dies is replaced while the other keeps answering', async () => {
    const listening = () => http.logs().filter((l) => l.msg === 'HTTP interactions endpoint listening');
    const before = listening().length;
    const victim = Number(listening()[0]?.pid);
    process.kill(victim, 'SIGKILL');
    await until(() => http.logs().some((l) => l.msg === 'HTTP worker died; starting another'), 'the primary to see the worker die');
    // The survivor answers meanwhile (the primary hands every new connection to a live worker).
    // (Each on a new connection: a kept-alive one to the dead worker is gone with it.)
    for (let i = 0; i < 5; i++) expect((await signedPost(http.url, http.keys, { type: 1 }, undefined, { fresh: true })).status).toBe(200);
    await until(() => listening().length > before, 'a replacement worker', 20_000);
    const answer = await discord.sendCommand('help', [], { userId: member(5_000) }).final();
    expect(answer.embeds[0]?.title).toBe('How to use the story bot');
  }, 40_000);

  it('SIGTERM: answers still being sent over REST are finished, then every process exits 0', async () => {
    // Discord rate-limits the pin for a second: the answer is still in flight after its HTTP response.
    discord.failNext({ method: 'PUT', path: /\/pins\// }, DiscordErrors.rateLimited(1));
    const handle = discord.sendCommand('summary', [{ name: 'pin', value: true }], {
      memberPermissions: DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages,
      userId: member(6_000),
    });
    expect((await handle.response()).type).toBe(5);
    const code = await http.stop();
    expect(code).toBe(0);
    const final = await handle.final(1_000);
    expect(final.content).toContain('Posted and pinned the summary');
    expect(discord.pins()).toHaveLength(1);
    expect(http.logs().filter((l) => l.msg === 'shutting down').length).toBe(WORKERS);
    // Each worker's event-loop figures since it listened, logged once more as it stops.
    const loop = http.logs().filter((l) => l.msg === 'event-loop delay' && l.final === true);
    expect(loop).toHaveLength(WORKERS);
    for (const line of loop)
      expect(line.eventLoop).toMatchObject({ maxMs: expect.any(Number), p99Ms: expect.any(Number), samples: expect.any(Number) });
  }, 40_000);
});
