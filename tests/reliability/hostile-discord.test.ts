import type { APIMessage } from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_TEXT } from '../../src/bot/answering.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { malformed, member, type RunningBot, sentMentionRules, startBot } from '../support/bot-harness.js';
import { HOSTILE_PIECES, hostileText, isVerbatimQuote, shownQuotes } from '../support/hostile.js';

/**
 * Hostile input through the local Discord to the real bot with its default limits: questions,
 * autocomplete text, button custom ids and context-menu messages of any Unicode. Every one is
 * answered or refused cleanly; Discord never refuses a reply as malformed (the local Discord
 * checks every payload as Discord does); nothing pings; quotes stay verbatim; and the bot answers
 * normally afterwards. Fewer runs than the pure properties: each one is a round trip.
 */

const RUNS = 25;
const EPHEMERAL = 64;
const QUESTION = 'How many strikes has the US reported?';

let discord: FakeDiscord;
let running: RunningBot;
let sender = 0;
let answerMessage: APIMessage;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  running = await startBot(discord);
  answerMessage = await discord.sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(sender++) }).final();
});

afterAll(async () => {
  await running?.bot.stop();
  await discord?.stop();
});

/** A reply the member sees: nobody pinged, every quote verbatim. */
function expectCleanReply(message: APIMessage): void {
  expect(message.mention_everyone).toBe(false);
  expect(message.mentions).toEqual([]);
  expect(message.mention_roles).toEqual([]);
  for (const quote of shownQuotes(message.embeds)) expect(isVerbatimQuote(quote), JSON.stringify(quote)).toBe(true);
  expect((message.content ?? '').length + message.embeds.length).toBeGreaterThan(0);
}

const options = { numRuns: RUNS };

describe('properties through Discord', () => {
  it('/ask with any question', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(400), async (question) => {
        expectCleanReply(await discord.sendCommand('ask', [{ name: 'question', value: question }], { userId: member(sender++) }).final());
      }),
      options,
    );
  });

  it('autocomplete with any text typed, in either option', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(400), fc.boolean(), async (typed, inStory) => {
        const values = inStory
          ? [
              { name: 'question', value: 'x' },
              { name: 'story', value: typed, focused: true },
            ]
          : [{ name: 'question', value: typed, focused: true }];
        const response = await discord.sendAutocomplete('ask', values, { userId: member(sender++) }).response();
        expect(response.type).toBe(8);
        expect(response.data?.choices?.length ?? 0).toBeLessThanOrEqual(25);
      }),
      options,
    );
  });

  it('a click on a button with any custom id, under a real answer', async () => {
    const customId = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }),
      fc
        .tuple(fc.constantFrom('ask:ctx:', 'ask:more:'), fc.string({ unit: 'grapheme', maxLength: 90 }))
        .map(([prefix, rest]) => prefix + rest),
    );
    await fc.assert(
      fc.asyncProperty(customId, async (id) => {
        const message = await discord.sendButton(id, answerMessage, { userId: member(sender++) }).final();
        expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
        expectCleanReply(message);
      }),
      options,
    );
  });

  it('"Ask the story" on a message with any content', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(2_000), async (content) => {
        const message = await discord.sendMessageCommand('Ask the story', { content }, { userId: member(sender++) }).final();
        expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
        expectCleanReply(message);
      }),
      options,
    );
  });
});

describe('named cases through Discord', () => {
  const QUESTIONS = [
    '',
    '   ',
    `How many strikes ${'has the US reported '.repeat(20)}`,
    'how\u200b many\u200d strikes has the US reported?',
    '\u202ehow many strikes has the US reported?\u202c',
    '**how many** ```strikes``` `has the US` reported? ||x||',
    '@everyone @here how many strikes has the US reported?',
    '<@400000000000000002> <@&500000000000000003> how many strikes has the US reported?',
    'https://evil.example/x [click](https://evil.example) how many strikes?',
    '😀🇬🇧👩‍👩‍👧‍👦',
    ...HOSTILE_PIECES,
  ];

  it.each(QUESTIONS.map((q) => [JSON.stringify(q).slice(0, 60), q]))('/ask %s: answered or refused cleanly', async (_label, question) => {
    const message = await discord.sendCommand('ask', [{ name: 'question', value: question }], { userId: member(sender++) }).final();
    expectCleanReply(message);
    if (!message.embeds.length && !(message.content ?? '').startsWith("The story doesn't say")) {
      expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    }
  });

  it('an unknown command is refused ephemerally, an unknown command’s autocomplete gets no choices', async () => {
    const reply = await discord.sendCommand('no-such-command', [], { userId: member(sender++) }).final();
    expect(reply.content).toMatch(/I don’t know that command/);
    expect((reply.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const choices = await discord
      .sendAutocomplete('no-such-command', [{ name: 'x', value: 'y', focused: true }], { userId: member(sender++) })
      .response();
    expect(choices.data?.choices).toEqual([]);
    const menu = await discord.sendMessageCommand('No such menu', { content: QUESTION }, { userId: member(sender++) }).final();
    expect(menu.content).toMatch(/I don’t know that command/);
  });

  it.each([
    'nobody:knows',
    'ask',
    'ask:more:999999:v:',
    'ask:more:0:v:',
    'ask:ctx:0:0::',
    'ask:ctx:1:1:forged:../../etc/passwd',
    'summary:anything',
    '@everyone',
    'x'.repeat(100),
  ])('a forged custom id %j says "expired"', async (id) => {
    const message = await discord.sendButton(id, answerMessage, { userId: member(sender++) }).final();
    expect(message.content).toBe(EXPIRED_TEXT);
    expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });
});

describe('afterwards', () => {
  it('the bot answers normally', async () => {
    const message = await discord.sendCommand('ask', [{ name: 'question', value: QUESTION }], { userId: member(sender++) }).final();
    expect(message.embeds[0]?.description).toContain('14 strikes');
  });

  it('Discord refused nothing as malformed, and every message sent pings nobody', () => {
    expect(malformed(discord.requests)).toEqual([]);
    const rules = sentMentionRules(discord.requests);
    expect(rules.length).toBeGreaterThan(4 * RUNS);
    for (const rule of rules) expect(rule).toMatchObject({ parse: [] });
  });

  it('nothing failed along the way', () => {
    expect(
      running.logs.filter((l) => l.outcome === 'error' || l.outcome === 'lost' || l.outcome === 'busy' || l.outcome === 'throttled'),
    ).toEqual([]);
  });
});
