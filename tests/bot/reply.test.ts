import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/engine/types.js';
import { answer, passage, story } from '../support/answers.js';
import {
  channelMessageBody,
  ELLIPSIS,
  embedsLength,
  escapeText,
  escapeWithin,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
  MAX_EMBEDS_TOTAL,
  MAX_MESSAGE_LENGTH,
  messageOptions,
  questionFromEmbeds,
  type ReplyMessage,
  renderAbstention,
  renderAnswers,
  renderContext,
  renderStories,
  renderSummary,
  replyOptions,
  plainText,
  safeUrl,
  truncate,
} from '../../src/bot/reply.js';

/** What Discord's markdown parser does with a backslash: it drops it before any ASCII punctuation. */
function unescapeDiscord(text: string): string {
  return text.replace(/\\([^0-9A-Za-z\s])/g, '$1');
}

/** Characters that stay literal in `escaped`: false if one of `special` is left unescaped. */
function allEscaped(escaped: string, special: string): boolean {
  for (let i = 0; i < escaped.length; i++) {
    const char = escaped[i] as string;
    if (char === '\\') i++;
    else if (special.includes(char)) return false;
  }
  return true;
}

/** The quoted passages of a rendered description, block by block, exactly as Discord would show them. */
function shownQuotes(description: string): string[] {
  return description.split('\n\n').map((block) =>
    unescapeDiscord(
      block
        .split('\n')
        .filter((line) => line.startsWith('> '))
        .map((line) => line.slice(2))
        .join('\n'),
    ),
  );
}

/** A quote is verbatim when it is the passage, or a prefix of it marked with "…". */
function isVerbatim(shown: string, text: string): boolean {
  if (shown === text) return true;
  return shown.endsWith(ELLIPSIS) && text.startsWith(shown.slice(0, -ELLIPSIS.length));
}

function everyPayloadPingsNobody(message: ReplyMessage) {
  expect(messageOptions(message).allowedMentions).toEqual({ parse: [], repliedUser: false });
  expect(replyOptions(message, { ephemeral: false }).allowedMentions).toEqual({ parse: [], repliedUser: false });
  expect(channelMessageBody(message).allowed_mentions).toEqual({ parse: [] });
}

const HOSTILE = [
  '**bold** __under__ *it* _it_ ~~strike~~ ||spoiler|| `code` ```block```',
  '# Heading',
  '-# subtext',
  '> quoted >>> more',
  '- bullet',
  '1. numbered',
  '[click me](https://evil.example/x) and [x](<https://evil.example>)',
  '@everyone @here <@123456789012345678> <@!123456789012345678> <@&223456789012345678> <#323456789012345678>',
  '<t:1700000000:R> <:emoji:423456789012345678> </ask:523456789012345678>',
  'back\\slash \\*not bold\\* C:\\path\\_x',
  'The US has reported carrying out 14 strikes since September on boats near the Venezuelan coast.',
  '“We don’t comment on security or intelligence matters,” the official said.',
  'emoji 🇬🇧 and 👩‍👩‍👧 survive',
];

describe('truncate', () => {
  it('returns short text unchanged', () => {
    expect(truncate('Short.', 10)).toBe('Short.');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts at a sentence end when one keeps at least half the room', () => {
    expect(truncate('First sentence here. Second one is long enough to cut.', 40)).toBe('First sentence here.…');
  });

  it('cuts at a word boundary otherwise', () => {
    expect(truncate('alpha beta gamma delta epsilon', 14)).toBe('alpha beta…');
  });

  it('cuts mid-word only when there is no space in the second half', () => {
    expect(truncate('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghi…');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('😀😀😀😀😀😀', 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).toBe('😀😀…');
  });

  it('always fits and keeps a prefix (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 0, max: 320 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (cut !== text && cut.length > 0) {
          expect(cut.endsWith(ELLIPSIS)).toBe(true);
          expect(text.startsWith(cut.slice(0, -1).trimEnd())).toBe(true);
        }
      }),
    );
  });
});

describe('plainText', () => {
  it('drops lone surrogates and invisible format characters, spaces out controls, keeps words, emoji and line breaks', () => {
    expect(plainText('a\ud83db\udc00c')).toBe('abc');
    expect(plainText('\u202eright\u202c \u2067iso\u2069 \u200fmark\ufeff')).toBe('right iso mark');
    expect(plainText('zero\u200bwidth nul\u0000bell\u0007')).toBe('zero width nul bell ');
    expect(plainText('line\none\ttab 😀 🇬🇧 مرحبا')).toBe('line\none\ttab 😀 🇬🇧 مرحبا');
  });
});

describe('escapeText', () => {
  it('escapes markup after an emoji-like "<a:", which escapeMarkdown skips', () => {
    expect(escapeText('<:a:1> _x_')).toBe('\\<:a:1\\> \\_x\\_');
  });

  it('leaves underscores in bare links alone so the link still works', () => {
    expect(escapeText('see https://e.example/a_b_c now')).toBe('see https://e.example/a_b_c now');
  });

  it.each(HOSTILE)('shows %j exactly as written', (text) => {
    expect(unescapeDiscord(escapeText(text))).toBe(text);
  });

  it('neutralises markdown, masked links, headings, lists, quotes and Discord tokens', () => {
    expect(escapeText('**bold**')).toBe('\\*\\*bold\\*\\*');
    expect(escapeText('# Heading')).toBe('\\# Heading');
    expect(escapeText('-# subtext')).toBe('\\-# subtext');
    expect(escapeText('- bullet')).toBe('\\- bullet');
    expect(escapeText('1. numbered')).toBe('1\\. numbered');
    expect(escapeText('> quoted')).toBe('\\> quoted');
    expect(escapeText('[a](https://e.example)')).toMatch(/^\\\[a\]/);
    expect(escapeText('<@123456789012345678>')).toBe('\\<@123456789012345678\\>');
    expect(escapeText('<t:1700000000:R>')).toBe('\\<t:1700000000:R\\>');
    expect(escapeText('||x||')).toBe('\\|\\|x\\|\\|');
  });

  it('round-trips any text and leaves no active markup outside links (property)', () => {
    // Single characters plus the multi-character triggers escapeMarkdown treats specially.
    const alphabet = fc.constantFrom(
      ...'ab *_`~|<>#-[]().1\n\\@!:'.split(''),
      '😀',
      '‘’',
      '<a:',
      '<:',
      '<@1>',
      '-#',
      '**',
      '__',
      'https://',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const escaped = escapeText(text);
        expect(unescapeDiscord(escaped)).toBe(text);
        // With no "://" there is no URL for escapeMarkdown to leave alone.
        if (!text.includes('://')) expect(allEscaped(escaped, '*_`<>')).toBe(true);
        // An escaped backslash is a visible character: it keeps the pipes or tildes around it apart.
        expect(/(?<!\\)~~|(?<!\\)\|\|/.test(escaped.replace(/\\\\/g, 'x'))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('escapeWithin', () => {
  it('fits even text that escaping triples, and stays a verbatim prefix', () => {
    const text = '\\*'.repeat(500);
    const escaped = escapeWithin(text, 100);
    expect(escaped.length).toBeLessThanOrEqual(100);
    expect(isVerbatim(unescapeDiscord(escaped), text)).toBe(true);
  });
});

describe('safeUrl', () => {
  it('keeps http(s) links and encodes parentheses', () => {
    expect(safeUrl('https://e.example/a_(b)')).toBe('https://e.example/a_%28b%29');
  });

  it('drops other schemes and junk', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(null)).toBeUndefined();
  });
});

describe('renderAnswers', () => {
  it('quotes every passage verbatim with its attribution and keeps the question in the footer', () => {
    const answers = HOSTILE.slice(0, 5).map((text, i) =>
      answer(text, { index: i, paragraph: i + 1, speaker: i === 1 ? 'Pete **Hegseth**' : null }),
    );
    const message = renderAnswers('How many strikes?', answers);
    const embed = message.embeds?.[0];
    expect(embed).toBeDefined();
    const quotes = shownQuotes(embed?.description ?? '');
    expect(quotes).toEqual(HOSTILE.slice(0, 5));
    const blocks = (embed?.description ?? '').split('\n\n');
    expect(blocks[0]).toContain('¶1');
    expect(blocks[1]).toContain('**Pete \\*\\*Hegseth\\*\\***');
    // One story: named once, above the passages, with its link; each passage gives only speaker and paragraph.
    expect(blocks[0]?.startsWith('From [UK pauses some intelligence sharing with US](https://news.example/story) — Sky News\n> ')).toBe(
      true,
    );
    expect((embed?.description ?? '').match(/Sky News/g)).toHaveLength(1);
    expect(blocks[1]).toMatch(/\n— \*\*Pete \\\*\\\*Hegseth\\\*\\\*\*\* · ¶2$/);
    expect(questionFromEmbeds(message.embeds)).toBe('How many strikes?');
    everyPayloadPingsNobody(message);
  });

  it('names each passage’s story when the answer quotes several', () => {
    const other = story({ id: 'story_2', title: 'Another story', publisher: 'Other News', url: null });
    const message = renderAnswers('q', [
      answer('First.', { paragraph: 1 }),
      answer('Second.', { index: 1, storyId: 'story_2', paragraph: 4 }, other),
    ]);
    const blocks = (message.embeds?.[0]?.description ?? '').split('\n\n');
    expect(blocks[0]).toBe('> First.\n— [UK pauses some intelligence sharing with US](https://news.example/story) — Sky News · ¶1');
    expect(blocks[1]).toBe('> Second.\n— *Another story* — Other News · ¶4');
  });

  it('stays within every embed limit with huge, hostile passages, and the quotes stay verbatim prefixes', () => {
    const huge = HOSTILE.join(' ').repeat(40);
    const hostileStory = story({ title: '**T**'.repeat(200), publisher: '@everyone '.repeat(50), url: 'https://e.example/(x)' });
    const answers = [0, 1, 2, 3, 4].map((i) => answer(huge, { index: i, speaker: '<@1>'.repeat(100) }, hostileStory));
    const message = renderAnswers('q'.repeat(400), answers, {
      buttons: [{ customId: 'ask:more:3:v:x', label: 'More passages' }],
    });
    const embed = message.embeds?.[0];
    expect((embed?.description ?? '').length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect((embed?.title ?? '').length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect((embed?.footer?.text ?? '').length).toBeLessThanOrEqual(MAX_EMBED_FOOTER);
    expect(embedsLength(message.embeds ?? [])).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
    const quotes = shownQuotes(embed?.description ?? '');
    expect(quotes).toHaveLength(5);
    for (const shown of quotes) {
      expect(shown.length).toBeGreaterThan(200);
      expect(isVerbatim(shown, huge)).toBe(true);
    }
  });

  it('leaves out a button whose custom_id is too long rather than sending an invalid one', () => {
    const message = renderAnswers('q', [answer('A passage.')], {
      buttons: [
        { customId: `ask:ctx:1:1:v:${'x'.repeat(100)}`, label: 'Context' },
        { customId: 'ask:more:3:v:', label: 'More passages' },
      ],
    });
    const buttons = message.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.custom_id)).toEqual(['ask:more:3:v:']);
  });

  it('abstains with a plain message and no passages', () => {
    const message = renderAnswers('Who won the football?', []);
    expect(message.embeds).toBeUndefined();
    expect(message.content).toMatch(/^The story doesn't say — /);
    expect(message.content).toContain('Who won the football?');
  });
});

describe('renderAbstention', () => {
  it('escapes the question so it cannot ping or format', () => {
    const message = renderAbstention('@everyone <@&123456789012345678> **now**');
    expect(message.content).toContain('\\<@&123456789012345678\\>');
    expect(message.content).toContain('\\*\\*now\\*\\*');
    expect((message.content ?? '').length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    everyPayloadPingsNobody(message);
  });
});

describe('renderSummary', () => {
  it('quotes ten long passages in order, within one embed', () => {
    const long = 'A long sentence with many words that goes on. '.repeat(30);
    const passages = Array.from({ length: 10 }, (_, i) =>
      passage(`${i} ${long}`, { index: i, paragraph: i + 1, speaker: i % 2 ? 'Someone' : null }),
    );
    const message = renderSummary({ story: story(), passages });
    const embed = message.embeds?.[0];
    expect((embed?.description ?? '').length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect(embedsLength(message.embeds ?? [])).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
    const quotes = shownQuotes(embed?.description ?? '');
    expect(quotes).toHaveLength(10);
    quotes.forEach((shown, i) => {
      expect(isVerbatim(shown, `${i} ${long}`)).toBe(true);
    });
    expect(embed?.title).toBe('Summary: UK pauses some intelligence sharing with US');
    expect(embed?.url).toBe('https://news.example/story');
  });
});

describe('renderContext', () => {
  it('marks the answer among the passages around it', () => {
    const passages = ['Before.', 'The answer.', 'After.'].map((text, i) => passage(text, { index: i, sentence: i + 1 }));
    const message = renderContext(passages[1] as Passage, passages, story());
    const blocks = (message.embeds?.[0]?.description ?? '').split('\n\n');
    expect(shownQuotes(message.embeds?.[0]?.description ?? '')).toEqual(['Before.', 'The answer.', 'After.']);
    expect(blocks[1]).toContain('◀ the answer');
    expect(blocks[0]).not.toContain('◀ the answer');
  });
});

describe('renderStories', () => {
  it('lists title, publisher, passage count and link', () => {
    const message = renderStories([story(), story({ id: 's2', title: 'Second', publisher: null, url: null, passageCount: 1 })]);
    const description = message.embeds?.[0]?.description ?? '';
    expect(description).toContain(
      '**UK pauses some intelligence sharing with US** — Sky News — 30 passages — [link](https://news.example/story)',
    );
    expect(description).toContain('**Second** — 1 passage');
    expect(message.embeds?.[0]?.title).toBe('The 2 stories I know');
  });

  it('counts the stories that do not fit instead of overflowing', () => {
    const many = Array.from({ length: 200 }, (_, i) => story({ id: `s${i}`, title: `Story ${i} ${'x'.repeat(60)}` }));
    const description = renderStories(many).embeds?.[0]?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    const shown = description.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(description).toMatch(new RegExp(`…and ${200 - shown} more$`));
  });
});

describe('payload shaping', () => {
  it('sets the ephemeral flag only when asked', () => {
    expect(replyOptions({ content: 'x' }, { ephemeral: true }).flags).toBe(64);
    expect(replyOptions({ content: 'x' }, { ephemeral: false }).flags).toBeUndefined();
  });
});
