import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FatalGatewayError } from '../../src/bot/client.js';
import { FakeDiscord, type FakeDiscordOptions } from '../support/fake-discord.js';
import { member, type RunningBot, startBot, until } from '../support/bot-harness.js';

/**
 * The real bot through the gateway's failures: closes Discord asks it to resume after (4000),
 * sessions Discord ends (4009), sockets that vanish without a close frame, and a gateway that stops
 * acknowledging heartbeats. After each it must answer again, including what was sent meanwhile.
 * A close it cannot recover from (4004, the token revoked) must be reported, not sat out.
 */

const QUESTION = 'How many strikes has the US reported?';
let discord: FakeDiscord | undefined;
let running: RunningBot | undefined;
let asked = 0;

afterEach(async () => {
  await running?.bot.stop({ drainMs: 0 });
  running = undefined;
  await discord?.stop();
  discord = undefined;
});

async function setUp(options: FakeDiscordOptions = {}) {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000, ...options });
  discord = fake;
  running = await startBot(fake);
  return { fake, bot: running.bot, logs: running.logs };
}

/** Asks as a new member each time (the default cooldown stays on) and returns the answer's text. */
async function answerText(fake: FakeDiscord): Promise<string> {
  const message = await fake.sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(asked++) }).final(10_000);
  return message.embeds[0]?.description ?? message.content ?? '';
}

describe('gateway faults', () => {
  it('close 4000: resumes, answers what was sent while it was away, and keeps answering', async () => {
    const { fake, bot } = await setUp();
    expect(await answerText(fake)).toContain('14 strikes');
    const resumed = once(bot.client, Events.ShardResume);
    fake.closeGateway(4000);
    const sentMeanwhile = fake.sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(asked++) });
    await resumed;
    expect((await sentMeanwhile.final()).embeds[0]?.description).toContain('14 strikes');
    expect(await answerText(fake)).toContain('14 strikes');
    expect(fake.stats()).toMatchObject({ identifies: 1, resumes: 1 });
  });

  it('close 4009 (session timed out): identifies again and keeps answering', async () => {
    const { fake } = await setUp();
    fake.closeGateway(4009);
    await until(() => fake.stats().identifies === 2, 'a second IDENTIFY');
    await fake.waitForReady();
    expect(await answerText(fake)).toContain('14 strikes');
    expect(fake.stats().resumes).toBe(0);
  });

  it('a socket dropped without a close frame: resumes and keeps answering', async () => {
    const { fake, bot } = await setUp();
    const resumed = once(bot.client, Events.ShardResume);
    fake.dropGateway();
    await resumed;
    expect(await answerText(fake)).toContain('14 strikes');
    expect(fake.stats()).toMatchObject({ identifies: 1, resumes: 1 });
  });

  it('heartbeats no longer acknowledged: drops the zombie connection, resumes and keeps answering', async () => {
    const { fake, bot } = await setUp({ heartbeatIntervalMs: 200 });
    const resumed = once(bot.client, Events.ShardResume);
    fake.setHeartbeatAcks(false);
    await until(() => fake.stats().connections >= 2, 'a reconnect');
    fake.setHeartbeatAcks(true);
    await resumed;
    expect(await answerText(fake)).toContain('14 strikes');
    expect(fake.stats().identifies).toBe(1);
  });

  it('one fault after another, with questions in between: every question answered', async () => {
    const { fake } = await setUp();
    const faults = [() => fake.closeGateway(4000), () => fake.dropGateway(), () => fake.closeGateway(4009), () => fake.closeGateway(4000)];
    for (const fault of faults) {
      const connections = fake.stats().connections;
      fault();
      await until(() => fake.stats().connections > connections, 'a reconnect');
      await fake.waitForReady();
      expect(await answerText(fake)).toContain('14 strikes');
    }
  });

  it('close 4004 (token revoked): reported once as fatal, naming DISCORD_TOKEN, and the bot does not reconnect', async () => {
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
    discord = fake;
    const fatal: FatalGatewayError[] = [];
    running = await startBot(fake, {}, { onFatal: (err) => fatal.push(err) });
    const connections = fake.stats().connections;
    fake.revokeToken();
    await until(() => fatal.length > 0, 'the fatal close to be reported');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.code).toBe(4004);
    expect(fatal[0]?.message).toMatch(/rejected the token: check DISCORD_TOKEN/);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.stats().connections).toBe(connections);
    expect(running.logs.some((l) => l.msg === 'gateway closed for good' && l.code === 4004)).toBe(true);
  });
});
