import { DiscordAPIError, PermissionFlagsBits, PermissionsBitField, type REST } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerButton, contextButtonId, corpusVersion, moreButtonId, parseAnswerButton } from '../../src/bot/answer-buttons.js';
import { answerContext, answerQuestion, EXPIRED_TEXT, moreAnswers, cleanQuestion } from '../../src/bot/answering.js';
import { questionChoices, resolveStory, storyChoices } from '../../src/bot/choices.js';
import { countPins, MAX_PINS, moderatorRefusal, pinRefusal, postAndPin, postRefusal } from '../../src/bot/pinning.js';
import { questionFromEmbeds } from '../../src/bot/reply.js';
import type { StoryEngine } from '../../src/engine/api.js';
import type { Answer, Passage, StoryInfo } from '../../src/engine/types.js';

/**
 * A tiny stand-in engine: passages answer a question when they share a word with it, best = most
 * words shared. Enough to drive the Discord-side logic without the real index.
 */
function fakeEngine(texts: string[], version = 'v1', suggest: StoryEngine['suggest'] = () => []): StoryEngine {
  const story: StoryInfo = {
    id: 'story_1',
    title: 'A story',
    publisher: 'Publisher',
    url: null,
    published: null,
    passageCount: texts.length,
    paragraphCount: texts.length,
    version,
  };
  let offset = 0;
  const passages: Passage[] = texts.map((text, i) => {
    const p = {
      index: i,
      storyId: story.id,
      text,
      paragraph: i + 1,
      sentence: 1,
      start: offset,
      end: offset + text.length,
      speaker: null,
      furniture: false,
    };
    offset += text.length + 1;
    return p;
  });
  const words = (s: string) => new Set(s.toLowerCase().match(/\w+/g) ?? []);
  return {
    stories: () => [story],
    story: (id) => (id === story.id ? story : undefined),
    async ask(question, options = {}) {
      const q = words(question);
      const scored: Answer[] = passages
        .map((passage) => ({ passage, story, score: [...words(passage.text)].filter((w) => q.has(w)).length, matched: [] }))
        .filter((a) => a.score > 0 && (!options.storyId || options.storyId === story.id))
        .sort((a, b) => b.score - a.score || a.passage.index - b.passage.index);
      const from = options.offset ?? 0;
      return scored.slice(from, from + (options.limit ?? 3));
    },
    summary: () => ({ story, passages: passages.slice(0, 3) }),
    passageAt: (id, paragraph, sentence) => passages.find((p) => id === story.id && p.paragraph === paragraph && p.sentence === sentence),
    context: (id, paragraph, _sentence, radius = 2) =>
      passages.filter((p) => id === story.id && Math.abs(p.paragraph - paragraph) <= radius),
    suggest,
    people: () => [],
    quotes: () => ({ speaker: null, quotes: [], suggestions: [] }),
  };
}

const STRIKES = [
  'The US has reported carrying out 14 strikes since September.',
  'The death toll from the strikes has risen to more than 70.',
  'Strikes were conducted on two vessels.',
  'Officials said the strikes may be illegal.',
  'Britain shares the assessment about the strikes.',
  'Another line about strikes.',
  'Nothing relevant here.',
];

function buttonsOf(message: Awaited<ReturnType<typeof answerQuestion>>['message']) {
  return (message.components?.[0]?.components ?? []).map((b) => ({ id: b.custom_id, label: b.label }));
}

describe('answer buttons', () => {
  it('round-trip through their custom ids, story ids with ":" included', async () => {
    const passage = { paragraph: 12, sentence: 3, storyId: 'odd:id' } as Passage;
    expect(parseAnswerButton(contextButtonId(passage, 'abc'))).toEqual({
      kind: 'context',
      paragraph: 12,
      sentence: 3,
      version: 'abc',
      storyId: 'odd:id',
    });
    expect(parseAnswerButton(moreButtonId(3, 'abc', undefined))).toEqual({ kind: 'more', offset: 3, version: 'abc', storyId: undefined });
    expect(parseAnswerButton(moreButtonId(3, 'abc', 's:1'))).toEqual({ kind: 'more', offset: 3, version: 'abc', storyId: 's:1' });
  });

  it('reject forged or foreign ids', () => {
    for (const id of [
      '',
      'ask',
      'ask:more',
      'ask:more:0:v:',
      'ask:more:x:v:',
      'ask:ctx:1:1:v:',
      'ask:ctx:0:1:v:s',
      'other:ctx:1:1:v:s',
      'ask:zzz:1',
      'ask:vote:123:y',
      'ask:vote:1234567890123456789:maybe',
      'ask:vote:1234567890123456789:y:extra',
      'ask:vote::n',
    ]) {
      expect(parseAnswerButton(id), id).toBeUndefined();
    }
  });

  it('the corpus version changes when any story changes', async () => {
    const a = fakeEngine(STRIKES, 'v1').stories();
    const b = fakeEngine(STRIKES, 'v2').stories();
    expect(corpusVersion(a)).toBe(corpusVersion(fakeEngine(STRIKES, 'v1').stories()));
    expect(corpusVersion(a)).not.toBe(corpusVersion(b));
  });
});

describe('answerQuestion', () => {
  it('shows the top 3 with "More passages" and "Context" when there are more', async () => {
    const engine = fakeEngine(STRIKES);
    const { message, outcome, top } = await answerQuestion(engine, 'How many strikes since September?');
    expect(top?.text).toBe(STRIKES[0]);
    expect(outcome).toBe('answered');
    expect(message.embeds?.[0]?.description).toContain('14 strikes since September');
    expect((message.embeds?.[0]?.description ?? '').split('\n\n')).toHaveLength(3);
    const buttons = buttonsOf(message);
    expect(buttons.map((b) => b.label)).toEqual(['More passages', 'Context']);
    for (const b of buttons) expect((b.id ?? '').length).toBeLessThanOrEqual(100);
    expect(questionFromEmbeds(message.embeds)).toBe('How many strikes since September?');
  });

  it('has no "More passages" when 3 or fewer passages answer', async () => {
    const { message } = await answerQuestion(fakeEngine(STRIKES), 'death toll');
    expect(buttonsOf(message).map((b) => b.label)).toEqual(['Context']);
  });

  it('with feedback on: Helpful and Not helpful, carrying the question id and the vote', async () => {
    const { message } = await answerQuestion(fakeEngine(STRIKES), 'death toll', { votes: '1234567890123456789' });
    const buttons = buttonsOf(message);
    expect(buttons.map((b) => b.label)).toEqual(['Context', 'Helpful', 'Not helpful']);
    expect(buttons.slice(1).map((b) => parseAnswerButton(b.id ?? ''))).toEqual([
      { kind: 'vote', questionId: '1234567890123456789', helpful: true },
      { kind: 'vote', questionId: '1234567890123456789', helpful: false },
    ]);
  });

  it('names the one story once, above the passages, and gives each passage only speaker and paragraph', async () => {
    const { message } = await answerQuestion(fakeEngine(STRIKES), 'strikes');
    const description = message.embeds?.[0]?.description ?? '';
    expect(description.startsWith('From *A story* — Publisher\n> ')).toBe(true);
    expect(description.match(/A story/g)).toHaveLength(1);
    expect(description).toMatch(/^— ¶1$/m);
  });

  it('abstains with no passages and no buttons (nothing to vote on)', async () => {
    const { message, outcome } = await answerQuestion(fakeEngine(STRIKES), 'football', { votes: '1234567890123456789' });
    expect(outcome).toBe('abstained');
    expect(message.embeds).toBeUndefined();
    expect(message.components).toBeUndefined();
  });
});

describe('moreAnswers and answerContext', () => {
  const engine = fakeEngine(STRIKES);
  const first = answerQuestion(engine, 'strikes');
  let more: AnswerButton | undefined;
  let context: AnswerButton | undefined;
  beforeAll(async () => {
    [more, context] = buttonsOf((await first).message).map((b) => parseAnswerButton(b.id ?? ''));
  });

  it('"More passages" gives answers 4 and 5 and no further "More"', async () => {
    if (more?.kind !== 'more') throw new Error('expected a more button');
    const { message, outcome } = await moreAnswers(engine, 'strikes', more);
    expect(outcome).toBe('answered');
    const description = message.embeds?.[0]?.description ?? '';
    expect(description).toContain('Britain shares');
    expect(description).toContain('Officials said');
    expect(description).not.toContain('Another line');
    expect(description.split('\n\n')).toHaveLength(2);
    expect(buttonsOf(message).map((b) => b.label)).toEqual(['Context']);
  });

  it('"More passages" has expired when the stories changed or the question is gone', async () => {
    if (more?.kind !== 'more') throw new Error('expected a more button');
    expect(await moreAnswers(fakeEngine(STRIKES, 'v2'), 'strikes', more)).toMatchObject({
      outcome: 'expired',
      message: { content: EXPIRED_TEXT },
    });
    expect((await moreAnswers(engine, undefined, more)).outcome).toBe('expired');
  });

  it('"Context" shows the passages around the top answer, the answer marked', async () => {
    if (context?.kind !== 'context') throw new Error('expected a context button');
    const { message, outcome } = answerContext(engine, context);
    expect(outcome).toBe('answered');
    const blocks = (message.embeds?.[0]?.description ?? '').split('\n\n');
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toContain('◀ the answer');
  });

  it('"Context" has expired when the story changed or the passage is gone', async () => {
    if (context?.kind !== 'context') throw new Error('expected a context button');
    expect(answerContext(fakeEngine(STRIKES, 'v2'), context).outcome).toBe('expired');
    expect(answerContext(engine, { ...context, paragraph: 99 }).outcome).toBe('expired');
    expect(answerContext(engine, { ...context, storyId: 'gone' }).outcome).toBe('expired');
  });
});

describe('questionChoices', () => {
  it('puts what the member typed first, then suggestions without duplicates', async () => {
    const engine = fakeEngine(STRIKES, 'v1', () => ['how many strikes?', 'How many strikes', 'who said it?']);
    expect(questionChoices(engine, '  How   many strikes ')).toEqual([
      { name: 'How many strikes', value: 'How many strikes' },
      { name: 'how many strikes?', value: 'how many strikes?' },
      { name: 'who said it?', value: 'who said it?' },
    ]);
  });

  it('keeps to 25 choices of at most 100 characters', async () => {
    const long = 'word '.repeat(60);
    const engine = fakeEngine(STRIKES, 'v1', () => Array.from({ length: 40 }, (_, i) => `${i} ${long}`));
    const choices = questionChoices(engine, long);
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeGreaterThan(0);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(choices[0]?.value).toBe(long.trim().slice(0, 99).trimEnd());
  });

  it('never throws, even when the engine does', async () => {
    const engine = fakeEngine(STRIKES, 'v1', () => {
      throw new Error('index busy');
    });
    expect(questionChoices(engine, 'who')).toEqual([{ name: 'who', value: 'who' }]);
    expect(questionChoices(engine, '')).toEqual([]);
  });
});

describe('story choices', () => {
  const stories = fakeEngine(STRIKES).stories();
  it('offers ids as values and titles as names, filtered by what was typed', async () => {
    expect(storyChoices(stories, '')).toEqual([{ name: 'A story', value: 'story_1' }]);
    expect(storyChoices(stories, 'STOR')).toHaveLength(1);
    expect(storyChoices(stories, 'nothing')).toEqual([]);
  });

  it('accepts an id or an exact title', async () => {
    expect(resolveStory(stories, 'story_1')?.id).toBe('story_1');
    expect(resolveStory(stories, ' a STORY ')?.id).toBe('story_1');
    expect(resolveStory(stories, 'story')).toBeUndefined();
  });
});

describe('cleanQuestion', () => {
  it.each([
    ['<@123456789012345678> how many **strikes** were there?', 'how many strikes were there?'],
    ['@everyone @here what did <@&223456789012345678> say in <#323456789012345678>?', 'what did say in ?'],
    ['> who said it\n> and when', 'who said it and when'],
    ['# Who is [Marco Rubio](https://e.example/x)?', 'Who is Marco Rubio?'],
    ['`code` ||spoiler|| ~~gone~~ _it_ <t:1700000000:R> <:pepe:423456789012345678>', 'code spoiler gone it'],
    ['<@1> <@&2> @everyone', ''],
    ['', ''],
  ])('%j → %j', (text, question) => {
    expect(cleanQuestion(text)).toBe(question);
  });

  it('cuts long messages to a question’s length at a word', async () => {
    const question = cleanQuestion('word '.repeat(200));
    expect(question.length).toBeLessThanOrEqual(300);
    expect(question.endsWith('word')).toBe(true);
  });
});

describe('pinRefusal', () => {
  const perms = (...bits: bigint[]) => new PermissionsBitField(bits);
  const botOk = perms(
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
    PermissionFlagsBits.ReadMessageHistory,
    PermissionFlagsBits.PinMessages,
  );

  it('allows a member with Pin Messages or Manage Messages when the bot can post and pin', async () => {
    expect(pinRefusal(perms(PermissionFlagsBits.PinMessages), botOk, false)).toBeUndefined();
    expect(pinRefusal(perms(PermissionFlagsBits.ManageMessages), botOk, false)).toBeUndefined();
    expect(pinRefusal(perms(PermissionFlagsBits.Administrator), botOk, false)).toBeUndefined();
  });

  it('refuses a member without either permission', async () => {
    expect(pinRefusal(perms(PermissionFlagsBits.SendMessages), botOk, false)).toMatch(/You need the \*\*Pin Messages\*\*/);
  });

  it('names what the bot lacks', async () => {
    const refusal = pinRefusal(
      perms(PermissionFlagsBits.PinMessages),
      perms(PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages),
      false,
    );
    expect(refusal).toContain('**Embed Links**');
    expect(refusal).toContain('**Read Message History**');
    expect(refusal).toContain('**Pin Messages (or Manage Messages)**');
    expect(refusal).not.toContain('**Send Messages**');
    expect(pinRefusal(perms(PermissionFlagsBits.PinMessages), botOk, true)).toContain('**Send Messages in Threads**');
  });

  it('refuses outside a server', async () => {
    expect(pinRefusal(null, botOk, false)).toMatch(/only in a server/);
  });

  it('names what would be pinned and the command to run without pin', () => {
    expect(pinRefusal(perms(PermissionFlagsBits.ManageChannels), botOk, false, { what: 'the FAQ', command: 'faq' })).toBe(
      'You need the **Pin Messages** (or **Manage Messages**) permission in this channel to pin the FAQ. Run `/faq` without `pin` to see it.',
    );
  });
});

describe('moderatorRefusal and postRefusal', () => {
  const perms = (...bits: bigint[]) => new PermissionsBitField(bits);

  it('lets only members with Manage Messages (or Administrator) use a moderators’ command', () => {
    expect(moderatorRefusal(perms(PermissionFlagsBits.ManageMessages), 'insights')).toBeUndefined();
    expect(moderatorRefusal(perms(PermissionFlagsBits.Administrator), 'insights')).toBeUndefined();
    // Pinning alone is not moderating what members ask.
    expect(moderatorRefusal(perms(PermissionFlagsBits.PinMessages, PermissionFlagsBits.SendMessages), 'faq')).toBe(
      '`/faq` is for moderators: you need the **Manage Messages** permission in this channel.',
    );
    expect(moderatorRefusal(null, 'insights')).toMatch(/only in a server channel/);
  });

  it('lets the bot post when it can see, send and embed; names what is missing otherwise', () => {
    expect(
      postRefusal(perms(PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks), false),
    ).toBeUndefined();
    const refusal = postRefusal(perms(PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages), true);
    expect(refusal).toContain('**Send Messages in Threads**, **Embed Links**');
    expect(refusal).toContain('nothing was posted');
    expect(refusal).not.toContain('Pin');
  });
});

describe('countPins and postAndPin', () => {
  /** A REST double: answers by route, records calls. */
  function fakeRest(handlers: Record<string, (path: string, options: unknown) => unknown>) {
    const calls: string[] = [];
    const call = (method: string) => async (path: string, options: unknown) => {
      calls.push(`${method} ${path}`);
      const handler = handlers[method];
      if (!handler) throw new Error(`unexpected ${method} ${path}`);
      return handler(path, options);
    };
    return { rest: { get: call('GET'), post: call('POST'), put: call('PUT'), delete: call('DELETE') } as unknown as REST, calls };
  }

  const apiError = (code: number, status: number) =>
    new DiscordAPIError({ code, message: 'refused' }, code, status, 'PUT', '/x', { body: undefined, files: undefined });

  it('counts pins page by page, stopping at the limit', async () => {
    let served = 0;
    const { rest, calls } = fakeRest({
      GET: () => {
        const items = Array.from({ length: 50 }, (_, i) => ({
          pinned_at: `2025-01-01T00:00:${String(served + i).padStart(2, '0')}Z`,
          message: {},
        }));
        served += 50;
        return { items, has_more: true };
      },
    });
    expect(await countPins(rest, '1')).toBe(MAX_PINS);
    expect(calls).toHaveLength(5);
  });

  it('counts a short list in one request', async () => {
    const { rest } = fakeRest({ GET: () => ({ items: [{ pinned_at: 'x', message: {} }], has_more: false }) });
    expect(await countPins(rest, '1')).toBe(1);
  });

  it('removes the posted message when the pin is refused', async () => {
    const { rest, calls } = fakeRest({
      POST: () => ({ id: '900000000000000001' }),
      PUT: () => {
        throw apiError(30003, 400);
      },
      DELETE: () => undefined,
    });
    const result = await postAndPin(rest, '1', { content: 'summary' }, 'test');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('250 pinned messages') });
    expect(calls).toEqual([
      'POST /channels/1/messages',
      'PUT /channels/1/messages/pins/900000000000000001',
      'DELETE /channels/1/messages/900000000000000001',
    ]);
  });

  it('posts with allowed_mentions that ping nobody, then pins', async () => {
    let body: unknown;
    const { rest, calls } = fakeRest({
      POST: (_path, options) => {
        body = (options as { body: unknown }).body;
        return { id: '900000000000000002' };
      },
      PUT: () => undefined,
    });
    const result = await postAndPin(rest, '1', { content: '@everyone' }, 'test');
    expect(result.ok).toBe(true);
    expect(body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(calls).toHaveLength(2);
  });
});
