import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnswerButton } from '../../src/bot/answer-buttons.js';
import { HELPFUL_THANKS, NOT_HELPFUL_THANKS } from '../../src/bot/feedback.js';
import { CHART_FILE } from '../../src/bot/insights-render.js';
import { INSIGHTS_OFF_TEXT, STORE_DOWN_TEXT } from '../../src/bot/moderation.js';
import { member, sentMentionRules, until } from '../support/bot-harness.js';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  FakeDiscord,
  type InteractionHandle,
  Permission,
} from '../support/fake-discord.js';
import { ROOT, runNpm, type ScriptRun } from '../support/spawn-script.js';

/**
 * Feedback, /insights and /faq end to end: `npm start` as its own process, with the real SQLite store in a temporary DATA_DIR, against the local Discord.
 */

const SEEDS = join(ROOT, 'seeds');
const EPHEMERAL = 64;
const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | Permission.ManageMessages;
const ANSWERED = 'How many strikes has the US reported?';
const ANSWERED_AGAIN = 'how many strikes has the US reported';
const UNANSWERED = 'Who won the football world cup in 1966?';
/** Markdown, a heading, a role and a user mention, @everyone: stored and shown as plain text, pinging no one. */
const HOSTILE =
  '# Why did @everyone <@&123456789012345678> **ignore** <@123456789012345678> the [strikes](https://evil.example) on boats_near_the_coast?';

const dirs: string[] = [];
const runs: ScriptRun[] = [];
const discords: FakeDiscord[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'story-bot-insights-'));
  dirs.push(dir);
  return dir;
}

/** `npm start` as an operator runs it, with only these variables (and a scratch HOME), ready to answer. */
async function startBot(env: Record<string, string>, guildCount = 1): Promise<{ discord: FakeDiscord; run: ScriptRun }> {
  const discord = await FakeDiscord.start({ guildCount });
  discords.push(discord);
  const run = runNpm('start', tempDir(), {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SEEDS_DIR: SEEDS,
    ASK_COOLDOWN_SECONDS: '0',
    SEMANTIC: 'off',
    ...env,
  });
  runs.push(run);
  await until(() => run.stdout().includes('"msg":"bot ready"') || run.child.exitCode !== null, 'the bot to be ready', 30_000);
  if (run.child.exitCode !== null) throw new Error(`the bot exited: ${run.output()}`);
  return { discord, run };
}

function buttonIds(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? (row.components as { custom_id?: string }[]).flatMap((c) => (c.custom_id ? [c.custom_id] : [])) : [],
  );
}

function voteButton(message: APIMessage, helpful: boolean): string {
  const id = buttonIds(message).find((i) => {
    const parsed = parseAnswerButton(i);
    return parsed?.kind === 'vote' && parsed.helpful === helpful;
  });
  if (!id) throw new Error(`no ${helpful ? 'Helpful' : 'Not helpful'} button on the answer`);
  return id;
}

/** Everything the embed of a message says, as one string. */
function embedText(message: APIMessage): string {
  const embed = message.embeds[0];
  return [embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value]), embed?.footer?.text].join('\n');
}

function field(message: APIMessage, start: string): string {
  return message.embeds[0]?.fields?.find((f) => f.name.startsWith(start))?.value ?? '';
}

function expectPingsNobody(discord: FakeDiscord, handle: InteractionHandle): void {
  const own = discord.requests.filter((r) => r.path.includes(`/interactions/${handle.id}/`) || r.path.includes(`/${handle.token}`));
  const rules = sentMentionRules(own);
  expect(rules.length).toBeGreaterThan(0);
  for (const rule of rules) expect((rule as { parse?: unknown } | undefined)?.parse).toEqual([]);
}

afterAll(async () => {
  for (const run of runs) run.child.kill('SIGKILL');
  for (const discord of discords) await discord.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('with the store (SQLite in DATA_DIR)', () => {
  let discord: FakeDiscord;
  let answer: APIMessage;
  const dataDir = join(tempDir(), 'data');

  const ask = (question: string, n: number) => discord.sendCommand('ask', [{ name: 'question', value: question }], { userId: member(n) });
  const insights = (options: { name: string; value: number | string }[] = [], memberPermissions = MODERATOR) =>
    discord.sendCommand('insights', options, { userId: member(100), memberPermissions });

  beforeAll(async () => {
    // Two servers: each sees only its own questions.
    ({ discord } = await startBot({ DATA_DIR: dataDir, INSIGHTS_SECRET: 'a-test-secret-of-enough-length' }, 2));
    answer = await ask(ANSWERED, 1).final();
  });

  it('puts Helpful and Not helpful under an answer, and acknowledges a vote to the voter alone', async () => {
    expect(answer.embeds[0]?.description).toContain('14 strikes');
    const ack = await discord.sendButton(voteButton(answer, true), answer, { userId: member(2) }).final();
    expect(ack.content).toBe(HELPFUL_THANKS);
    expect((ack.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('counts one vote per member per answer, a new vote replacing the old, and shows them in /insights', async () => {
    // Member 3 changes their mind twice (ends helpful); member 4 says not helpful; member 2 voted helpful above.
    expect((await discord.sendButton(voteButton(answer, false), answer, { userId: member(3) }).final()).content).toBe(NOT_HELPFUL_THANKS);
    expect((await discord.sendButton(voteButton(answer, true), answer, { userId: member(3) }).final()).content).toBe(HELPFUL_THANKS);
    await discord.sendButton(voteButton(answer, false), answer, { userId: member(4) }).final();
    // The same question in other words and another that the stories cannot answer.
    await ask(ANSWERED_AGAIN, 5).final();
    expect((await ask(UNANSWERED, 6).final()).content).toMatch(/^The story doesn't say/);

    const handle = insights();
    const report = await handle.final(15_000);
    expect((report.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const description = report.embeds[0]?.description ?? '';
    expect(description).toContain('**3 questions** from **3 members**');
    expect(description).toContain('**67%** answered');
    expect(description).toContain('**67%** of 3 votes said helpful (2 helpful, 1 not)');
    expect(field(report, 'Asked most')).toMatch(/\*\*2×\*\* how many strikes has the US reported/i);
    expect(field(report, 'The stories could not answer')).toContain('Who won the football world cup in 1966?');
    const unhelpful = field(report, 'Answers voted not helpful');
    expect(unhelpful).toMatch(/\*\*1 vote\*\* on “How many strikes has the US reported\?”/);
    expect(unhelpful).toContain('> The US has reported carrying out 14 strikes');
    expectPingsNobody(discord, handle);
  });

  it('attaches the chart of questions per day as a real PNG, shown in the embed', async () => {
    const report = await insights([{ name: 'days', value: 7 }]).final(15_000);
    expect(report.embeds[0]?.image?.url).toBe(`attachment://${CHART_FILE}`);
    expect(report.attachments.map((a) => a.filename)).toEqual([CHART_FILE]);
    const upload = discord.requests.flatMap((r) => r.files).findLast((f) => f.filename === CHART_FILE);
    expect(upload?.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(upload?.size).toBeGreaterThan(5_000);
  });

  it('refuses /insights, ephemerally, to a member without Manage Messages', async () => {
    const reply = await insights([], DEFAULT_MEMBER_PERMISSIONS).final();
    expect(reply.content).toMatch(/for moderators: you need the \*\*Manage Messages\*\* permission/);
    expect((reply.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.embeds).toHaveLength(0);
  });

  it('stores a hostile question and shows it as typed: escaped, its mentions stripped, pinging no one', async () => {
    const asked = ask(HOSTILE, 7);
    await asked.final();
    expectPingsNobody(discord, asked);
    const handle = insights();
    const report = await handle.final(15_000);
    const text = embedText(report);
    // Mentions, @everyone, markdown and the link's target are not words of the question: gone before it is recorded.
    expect(text).toContain('Why did ignore the strikes on boats\\_near\\_the\\_coast?');
    expect(text).not.toMatch(/<@&?\d+>|@everyone|evil\.example|\*\*ignore/);
    expect(text).not.toMatch(/^# Why/m);
    expectPingsNobody(discord, handle);
  });

  it('keeps no member id in clear: not in the database files, not in the write-ahead log', () => {
    const bytes = readdirSync(dataDir)
      .map((file) => readFileSync(join(dataDir, file)).toString('latin1'))
      .join('\n');
    expect(bytes.length).toBeGreaterThan(0);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 100]) expect(bytes).not.toContain(member(n));
    expect(bytes).toContain('How many strikes has the US reported?');
  });

  it('/faq pin:true by a moderator posts the most asked questions with their passages, and pins it', async () => {
    const before = discord.messages().length;
    const reply = await discord
      .sendCommand('faq', [{ name: 'pin', value: true }], { userId: member(100), memberPermissions: MODERATOR | Permission.PinMessages })
      .final(15_000);
    expect((reply.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/^Posted and pinned the FAQ: https:\/\/discord\.com\/channels\//);
    const posted = discord.messages().slice(before);
    expect(posted).toHaveLength(1);
    const faq = posted[0] as APIMessage;
    expect(discord.pins()[0]).toBe(faq.id);
    const description = faq.embeds[0]?.description ?? '';
    // Either wording may stand for the two (they were asked once each).
    expect(description).toMatch(/\*\*Q: How many strikes has the US reported\??\*\* \(asked 2 times\)/i);
    expect(description).toContain('> The US has reported carrying out 14 strikes');
    expect(description).toMatch(/^— .*¶\d+$/m);
    expect(description).not.toContain('football');
  });

  it('in another server, where nobody asked: /insights and /faq say so, ephemerally, and /faq posts nothing', async () => {
    const where = {
      userId: member(100),
      memberPermissions: MODERATOR | Permission.PinMessages,
      guildId: discord.guildIds[1],
      channelId: discord.channelIds[1],
    };
    const report = await discord.sendCommand('insights', [], where).final(15_000);
    expect(report.content).toMatch(/^No questions were asked in the last 30 days\./);
    expect((report.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const faq = await discord.sendCommand('faq', [{ name: 'pin', value: true }], where).final(15_000);
    expect(faq.content).toMatch(/^No questions have been asked here in the last 30 days, so there is no FAQ yet\./);
    expect((faq.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(discord.messages(discord.channelIds[1])).toHaveLength(0);
    expect(discord.pins(discord.channelIds[1])).toHaveLength(0);
  });

  it('/help says what is kept and for how long', async () => {
    const help = (await discord.sendCommand('help', [], { userId: member(9) }).final()).embeds[0]?.description ?? '';
    expect(help).toContain('**What is kept, for 30 days:**');
    expect(help).toContain('keyed hash of your id');
    expect(help).toContain('**/insights**');
  });

  it('/faq pin:true in a channel at the 250-pin limit, or where the bot cannot pin: an ephemeral refusal, nothing posted', async () => {
    const moderator = { userId: member(100), memberPermissions: MODERATOR | Permission.PinMessages };
    const pins = discord.pins();
    const before = discord.messages().length;
    discord.setPins(
      discord.channelId,
      Array.from({ length: 250 }, (_, i) => (500000000000000000n + BigInt(i)).toString()),
    );
    const full = await discord.sendCommand('faq', [{ name: 'pin', value: true }], moderator).final(15_000);
    expect(full.content).toMatch(/already has 250 pinned messages.*nothing was posted/);
    discord.setPins(discord.channelId, pins);
    discord.setBotPermissions(discord.channelId, DEFAULT_MEMBER_PERMISSIONS);
    try {
      const cannot = await discord.sendCommand('faq', [{ name: 'pin', value: true }], moderator).final(15_000);
      expect(cannot.content).toMatch(/I’m missing \*\*Pin Messages \(or Manage Messages\)\*\*.*nothing was posted/);
      expect((cannot.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    } finally {
      discord.setBotPermissions(discord.channelId, DEFAULT_BOT_PERMISSIONS);
    }
    expect(discord.messages()).toHaveLength(before);
  });

  it('/faq by a member without Manage Messages posts nothing and pins nothing', async () => {
    const before = discord.messages().length;
    const pins = discord.pins().length;
    const reply = await discord.sendCommand('faq', [{ name: 'pin', value: true }], { userId: member(8) }).final();
    expect(reply.content).toMatch(/for moderators/);
    expect((reply.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(discord.messages()).toHaveLength(before);
    expect(discord.pins()).toHaveLength(pins);
  });
});

describe('without a usable store', () => {
  let unwritable: { discord: FakeDiscord; run: ScriptRun };
  let off: { discord: FakeDiscord; run: ScriptRun };

  beforeAll(async () => {
    const dir = tempDir();
    // A file where the directory should be: no database can be created under it (even as root).
    writeFileSync(join(dir, 'not-a-directory'), '');
    // Both start at once: start-up is most of these tests' time.
    [unwritable, off] = await Promise.all([startBot({ DATA_DIR: join(dir, 'not-a-directory', 'data') }), startBot({ INSIGHTS: 'off' })]);
  });

  it('DATA_DIR unwritable: members still get their answers, and the log says why nothing is recorded', async () => {
    const { discord, run } = unwritable;
    const answers = await Promise.all(
      [1, 2, 3].map((n) => discord.sendCommand('ask', [{ name: 'question', value: ANSWERED }], { userId: member(n) }).final()),
    );
    for (const a of answers) expect(a.embeds[0]?.description).toContain('14 strikes');
    expect(run.stdout()).toMatch(/"level":50,.*ENOTDIR.*"msg":"insights store/);
    // A moderator learns the report cannot be read now; the process is still up and answering.
    const report = await discord.sendCommand('insights', [], { userId: member(100), memberPermissions: MODERATOR }).final(15_000);
    expect(report.content).toBe(STORE_DOWN_TEXT);
    expect((await discord.sendCommand('ask', [{ name: 'question', value: ANSWERED }], { userId: member(4) }).final()).embeds).toHaveLength(
      1,
    );
  });

  it('INSIGHTS=off: answers come without feedback buttons, and /insights says nothing is recorded', async () => {
    const { discord } = off;
    const answer = await discord.sendCommand('ask', [{ name: 'question', value: ANSWERED }]).final();
    expect(answer.embeds[0]?.description).toContain('14 strikes');
    expect(buttonIds(answer).map((id) => parseAnswerButton(id)?.kind)).not.toContain('vote');
    expect(buttonIds(answer).length).toBeGreaterThan(0);
    const report = await discord.sendCommand('insights', [], { userId: member(100), memberPermissions: MODERATOR }).final();
    expect(report.content).toBe(INSIGHTS_OFF_TEXT);
    const help = (await discord.sendCommand('help').final()).embeds[0]?.description ?? '';
    expect(help).toContain('**What is kept:** nothing');
  });
});
