import { type ChatInputCommandInteraction, type InteractionReplyOptions, MessageFlags } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import ask from '../../commands/ask.js';
import { type AnswerButton, contextButtonId, moreButtonId, parseAnswerButton, scopeVersion } from '../../src/bot/answer-buttons.js';
import { answerContext, answerQuestion, cleanQuestion, EXPIRED_TEXT, moreAnswers } from '../../src/bot/answering.js';
import { questionChoices, storyChoices } from '../../src/bot/choices.js';
import type { CommandContext } from '../../src/bot/command.js';
import { channelMessageBody, MAX_QUESTION_LENGTH, messageOptions, type ReplyMessage, renderNotice } from '../../src/bot/reply.js';
import type { AskOptions } from '../../src/engine/types.js';
import { seedsEngine } from '../support/bot-harness.js';
import { checkChoices, checkMessage, discordLength } from '../support/discord-limits.js';
import { HOSTILE_PIECES, hasLoneSurrogate, hostileText, isVerbatimQuote, shownQuotes } from '../support/hostile.js';

/**
 * Hostile input through the real engine and the reply renderer, without Discord: whatever a
 * member types, pastes or forges, nothing throws, every reply is within Discord's limits and pings
 * nobody, and every quoted passage stands in a story file exactly as quoted.
 */

const engine = seedsEngine();
const RUNS = 150;
/** Quotes seen across all properties, to prove the verbatim check ran on real answers. */
let quotesChecked = 0;

/** Every check a reply must pass, whatever it answers. */
function expectSafeReply(message: ReplyMessage): void {
  const body = channelMessageBody(message);
  const { errors, empty } = checkMessage(body, { isNew: true });
  expect(errors).toEqual([]);
  expect(empty).toBe(false);
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(messageOptions(message).allowedMentions).toEqual({ parse: [], repliedUser: false });
  expect(hasLoneSurrogate(JSON.stringify(body))).toBe(false);
  for (const quote of shownQuotes(message.embeds)) {
    expect(isVerbatimQuote(quote), `not in a story: ${JSON.stringify(quote)}`).toBe(true);
    quotesChecked++;
  }
}

/** What /ask and "Ask the story" do with the text before answering. */
async function answerText(text: string): Promise<ReplyMessage | undefined> {
  const question = cleanQuestion(text);
  return question ? (await answerQuestion(engine, question)).message : undefined;
}

/** Questions the engine was asked by the last `runAsk`. */
let asked: string[] = [];

/** /ask itself, with `text` typed as the question: its outcome and the replies it sent. */
async function runAsk(text: string): Promise<{ outcome: string; replies: InteractionReplyOptions[] }> {
  asked = [];
  const replies: InteractionReplyOptions[] = [];
  const spy = new Proxy(engine, {
    get(target, key, receiver) {
      if (key === 'ask') {
        return (question: string, options?: AskOptions) => {
          asked.push(question);
          return target.ask(question, options);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const interaction = {
    deferred: false,
    replied: false,
    options: { getString: (name: string) => (name === 'question' ? text : null), getBoolean: () => null },
    reply: async (options: InteractionReplyOptions) => {
      replies.push(options);
    },
  };
  const ctx = { engine: spy, logger: undefined, config: undefined } as unknown as CommandContext;
  const result = await ask.execute(interaction as unknown as ChatInputCommandInteraction, ctx);
  return { outcome: typeof result === 'string' ? result : result.outcome, replies };
}

describe('questions (/ask and the "Ask the story" menu)', () => {
  it('any text: cleaned to at most 300 characters of well-formed text without pings, answered within limits, quotes verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(400), async (text) => {
        const question = cleanQuestion(text);
        expect(question.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
        expect(hasLoneSurrogate(question)).toBe(false);
        expect(question).not.toMatch(/@everyone|@here|<@[!&]?\d+>/);
        const message = await answerText(text);
        if (message) expectSafeReply(message);
      }),
      { numRuns: RUNS },
    );
  });

  it('a whole message of any length (the menu takes up to 4000 characters)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(4_000), async (content) => {
        const message = await answerText(content);
        if (message) expectSafeReply(message);
      }),
      { numRuns: 60 },
    );
  });

  /** Named hostile questions, and whether /ask must refuse them (nothing left once cleaned) or answer them. */
  const NAMED: [string, string, 'refused' | 'answered'][] = [
    ['empty', '', 'refused'],
    ['whitespace only', ' \t\n  \u3000 ', 'refused'],
    ['longer than allowed (301+)', `how many strikes ${'has the US reported '.repeat(20)}`, 'answered'],
    ['zero-width characters', 'how\u200b many\u200d strikes\u2060 has the\ufeff US reported?', 'answered'],
    ['right-to-left controls', '\u202ehow many strikes\u202c has the \u2067US\u2069 reported?\u200f', 'answered'],
    ['right-to-left scripts', 'how many strikes مرحبا has the US שלום reported?', 'answered'],
    ['markdown and code fences', '**how** many __strikes__ ```js\nhas the US``` `reported`? ~~x~~ ||y||', 'answered'],
    ['@everyone and @here', '@everyone @here how many strikes has the US reported?', 'answered'],
    ['user and role mentions', '<@400000000000000002> <@!400000000000000002> <@&500000000000000003> how many strikes?', 'answered'],
    ['links', 'how many strikes https://evil.example/x [click](https://evil.example) <https://evil.example>', 'answered'],
    ['emoji only', '😀🇬🇧👩‍👩‍👧‍👦', 'answered'],
    ['nothing but markup and pings', '@everyone <@1> ** __ ``` > # -#', 'refused'],
    ['lone surrogates', 'how many \ud83d strikes \udc00 has the US reported?', 'answered'],
  ];

  it.each(NAMED)('%s: /ask %s… (refused when nothing is left, else answered within limits)', async (_name, text, expected) => {
    const { outcome, replies } = await runAsk(text);
    expect(replies).toHaveLength(1);
    const reply = replies[0] as InteractionReplyOptions;
    const question = cleanQuestion(text);
    if (expected === 'refused') {
      expect(question).toBe('');
      expect(outcome).toBe('refused');
      // Only the member sees the refusal, it asks for words, and nothing is sent to the engine.
      expect(reply.flags).toBe(MessageFlags.Ephemeral);
      expect(reply.content).toMatch(/type a question in words/);
      expect(reply.embeds).toEqual([]);
      expect(asked).toEqual([]);
    } else {
      expect(question.length).toBeGreaterThan(0);
      expect(question.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
      expect(['answered', 'abstained']).toContain(outcome);
      expect(asked).toEqual([question]);
      expectSafeReply((await answerQuestion(engine, question)).message);
    }
  });

  it('markup and pings around a real question do not stop it being answered', async () => {
    for (const [, text] of NAMED.filter(([name]) => /zero-width|right-to-left controls|@everyone|markdown|lone/.test(name))) {
      const message = await answerText(text);
      expect(message?.embeds?.[0]?.description ?? '', text).toContain('strikes');
    }
  });
});

describe('autocomplete input', () => {
  it('question suggestions for any text: at most 25, each name and value 1–100 characters, accepted by Discord', () => {
    fc.assert(
      fc.property(hostileText(6_000), (typed) => {
        const choices = questionChoices(engine, typed);
        expect(checkChoices({ choices })).toEqual([]);
        for (const choice of choices) {
          expect(hasLoneSurrogate(choice.name + choice.value)).toBe(false);
          expect(choice.value.length).toBeLessThanOrEqual(100);
          expect(choice.name.length).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('story choices for any text: ids as values, within the limits', () => {
    const stories = engine.stories();
    fc.assert(
      fc.property(hostileText(200), (typed) => {
        const choices = storyChoices(stories, typed);
        expect(checkChoices({ choices })).toEqual([]);
        for (const choice of choices) expect(stories.map((s) => s.id)).toContain(choice.value);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('button custom ids', () => {
  const story = engine.stories()[0];
  if (!story) throw new Error('no story in seeds/');
  const corpus = scopeVersion(engine, undefined) ?? '';

  /** What the /ask button handler does with a custom id (see commands/ask.ts). */
  async function click(customId: string, question: string | undefined): Promise<ReplyMessage> {
    const button: AnswerButton | undefined = parseAnswerButton(customId);
    if (button?.kind === 'more') return (await moreAnswers(engine, question, button)).message;
    if (button?.kind === 'context') return answerContext(engine, button).message;
    return renderNotice(EXPIRED_TEXT);
  }

  /** Ids from nothing at all to nearly valid: right prefix and fields, any values, real versions some of the time. */
  const forgedId = fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc
        .tuple(
          fc.integer({ min: -5, max: 60 }),
          fc.integer({ min: -5, max: 60 }),
          fc.constantFrom(story.version, 'stale', ''),
          fc.constantFrom(story.id, '', '../x', story.id.toUpperCase()),
        )
        .map(([p, s, v, id]) => `ask:ctx:${p}:${s}:${v}:${id}`),
      fc
        .tuple(fc.integer({ min: -1, max: 9 }), fc.constantFrom(corpus, story.version, 'stale'), fc.constantFrom('', story.id, 'x:y'))
        .map(([o, v, id]) => `ask:more:${o}:${v}:${id}`),
      fc.constantFrom('ask', 'ask:', 'ask:more', 'ask:ctx:1', 'ask:more:03:v:', 'ask:ctx:1e3:1:v:s', ':::', 'summary:x', 'help:x'),
    )
    .filter((id) => id.length <= 100);

  it('any id, under any question: never throws, within limits, quotes verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(forgedId, fc.option(hostileText(300), { nil: undefined }), async (id, question) => {
        expectSafeReply(await click(id, question));
      }),
      { numRuns: RUNS },
    );
  });

  it('ids the bot itself made still work, and text no id came from says "expired"', async () => {
    const top = (await engine.ask('Where were the strikes?'))[0];
    if (!top) throw new Error('no answer');
    expect((await click(contextButtonId(top.passage, top.story.version), undefined)).embeds?.[0]?.description).toContain('◀ the answer');
    expect((await click(moreButtonId(3, corpus, undefined), 'Where were the strikes?')).embeds?.[0]?.title).toBe('More from the story');
    for (const forged of ['', 'ask:ctx:1:1:stale:x', `ask:more:3:${corpus}:no-such-story`, 'x'.repeat(100), ...HOSTILE_PIECES]) {
      expect((await click(forged, 'Where were the strikes?')).content).toBe(EXPIRED_TEXT);
    }
  });
});

describe('across every property', () => {
  it('real answers were among the replies, so the verbatim check ran on quotes', () => {
    expect(quotesChecked).toBeGreaterThan(50);
  });

  it('the limits are counted as Discord counts them', () => {
    expect(discordLength('😀')).toBe(1);
  });
});
