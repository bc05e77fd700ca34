import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnswerButton } from '../../src/bot/answer-buttons.js';
import { HELPFUL_THANKS } from '../../src/bot/feedback.js';
import { CHART_FILE } from '../../src/bot/insights-render.js';
import { member } from '../support/bot-harness.js';
import { deliverTo, type HttpBot, startHttpBot } from '../support/discord/http-bot.js';
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord, Permission } from '../support/fake-discord.js';

/**
 * The insights commands over HTTP: `npm run start:http` with the insights store on (SQLite in a
 * temporary DATA_DIR), as `npm start` has it. Votes are buttons under answers, /insights a deferred
 * report with a chart: the report and its PNG go to Discord over REST after the HTTP response.
 */

const EPHEMERAL = 64;
const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | Permission.ManageMessages;

let discord: FakeDiscord;
let http: HttpBot;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  http = await startHttpBot(discord, { ASK_COOLDOWN_SECONDS: '0', INSIGHTS_SECRET: 'a-test-secret-of-enough-length' });
  deliverTo(discord, http);
}, 60_000);

afterAll(async () => {
  await http?.stop();
  await discord?.stop();
});

function voteButton(message: APIMessage): string {
  const rows = (message.components ?? []) as unknown as { components: { custom_id?: string }[] }[];
  const id = rows
    .flatMap((row) => row.components.map((c) => c.custom_id ?? ''))
    .find((i) => {
      const parsed = parseAnswerButton(i);
      return parsed?.kind === 'vote' && parsed.helpful;
    });
  if (!id) throw new Error('no Helpful button on the answer');
  return id;
}

describe('insights over HTTP', () => {
  it('records the question, takes a vote, and reports both in /insights with its chart', async () => {
    expect(http.logs().some((l) => l.msg === 'recording questions and votes for /insights')).toBe(true);
    const answer = await discord
      .sendCommand('ask', [{ name: 'question', value: 'How many strikes has the US reported?' }], { userId: member(1) })
      .final();
    expect(answer.embeds[0]?.description).toContain('14 strikes');
    const ack = await discord.sendButton(voteButton(answer), answer, { userId: member(2) }).final();
    expect(ack.content).toBe(HELPFUL_THANKS);
    expect((ack.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);

    const handle = discord.sendCommand('insights', [], { userId: member(100), memberPermissions: MODERATOR });
    expect((await handle.response()).type).toBe(5);
    const report = await handle.final(15_000);
    expect((report.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(report.embeds[0]?.description).toContain('**1 question** from **1 member**');
    expect(report.embeds[0]?.description).toContain('1 helpful');
    expect(report.attachments.map((a) => a.filename)).toEqual([CHART_FILE]);
  });
});
