import { describe, expect, it } from 'vitest';
import { CHART_FILE, fitLines, renderFaq, renderInsights } from '../../src/bot/insights-render.js';
import {
  embedsLength,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELD_NAME,
  MAX_EMBED_FIELD_VALUE,
  MAX_EMBED_FIELDS,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
  MAX_EMBEDS_TOTAL,
  type ReplyMessage,
} from '../../src/bot/reply.js';
import type { Answer } from '../../src/engine/types.js';
import { answer as passageAnswer, story } from '../support/answers.js';
import type { InsightsReport } from '../../src/store/types.js';

/** Questions as a hostile member could type them (the store keeps up to 300 characters of any text). */
const HOSTILE = [
  '@everyone <@123456789012345678> <@&123456789012345678> who **really** did it?',
  '# heading\n> quote\n- list `code` ||spoiler|| ~~gone~~ [link](https://evil.example)',
  '1. numbered __underline__ <t:1700000000:R> <#123456789012345678> <:emoji:123456789012345678>',
  'a'.repeat(300),
  'word '.repeat(60),
];

function answer(text: string, paragraph: number, info = story()): Answer {
  return passageAnswer(text, { index: paragraph, storyId: info.id, paragraph, speaker: paragraph % 2 ? 'Pete Hegseth' : null }, info);
}

function report(overrides: Partial<InsightsReport> = {}): InsightsReport {
  return {
    days: 30,
    questions: 1204,
    members: 311,
    answered: 1090,
    refused: 96,
    helpful: 140,
    notHelpful: 12,
    top: [
      { question: 'How many strikes has the US reported?', count: 57 },
      { question: 'Who ordered the strikes?', count: 9 },
    ],
    unanswered: [{ question: 'Who won the football?', count: 9 }],
    unhelpful: [{ question: 'Where were the boats?', passage: 'The boats were near the Venezuelan coast.', votes: 3 }],
    perDay: [],
    ...overrides,
  };
}

/** Every limit Discord enforces on a message's embeds. */
function expectWithinLimits(message: ReplyMessage): void {
  const embeds = message.embeds ?? [];
  expect(embedsLength(embeds)).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
  for (const embed of embeds) {
    expect((embed.title ?? '').length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect((embed.description ?? '').length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect((embed.footer?.text ?? '').length).toBeLessThanOrEqual(MAX_EMBED_FOOTER);
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(MAX_EMBED_FIELDS);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(MAX_EMBED_FIELD_NAME);
      expect(field.value.length).toBeLessThanOrEqual(MAX_EMBED_FIELD_VALUE);
      expect(field.value.length).toBeGreaterThan(0);
    }
  }
}

/** Nothing in the text could render as a mention, a heading, a list or formatting. */
function expectInert(text: string): void {
  expect(text).not.toMatch(/(^|[^\\])<[@#:t/]/m);
  expect(text).not.toMatch(/(^|[^\\])(\*\*|__|\|\||~~|`)/m);
  expect(text).not.toMatch(/(^|[^\\])\[link\]\(/);
  expect(text).not.toMatch(/^(#|- |1\. )/m);
}

describe('renderInsights', () => {
  it('gives the figures, the lists and the footer on privacy', () => {
    const message = renderInsights(report(), { retentionDays: 30 });
    const embed = message.embeds?.[0];
    expect(embed?.title).toBe('What members asked in the last 30 days');
    expect(embed?.description).toBe(
      [
        '**1,204 questions** from **311 members**',
        '**91%** answered · 96 questions the stories could not answer · 18 throttled, busy or failed',
        '**92%** of 152 votes said helpful (140 helpful, 12 not)',
      ].join('\n'),
    );
    expect(embed?.fields?.map((f) => f.value)).toEqual([
      '**57×** How many strikes has the US reported?\n**9×** Who ordered the strikes?',
      '**9×** Who won the football?',
      '**3 votes** on “Where were the boats?”\n> The boats were near the Venezuelan coast.',
    ]);
    expect(embed?.footer?.text).toContain('kept 30 days');
    expect(message.files).toBeUndefined();
  });

  it('attaches the chart and shows it in the embed', () => {
    const png = Buffer.from('png');
    const message = renderInsights(report({ days: 1 }), { retentionDays: 30, chart: png, story: story() });
    expect(message.embeds?.[0]?.image?.url).toBe(`attachment://${CHART_FILE}`);
    expect(message.files).toEqual([{ name: CHART_FILE, data: png }]);
    expect(message.embeds?.[0]?.title).toBe('What members asked in the last day: UK pauses some intelligence sharing with US');
  });

  it('says so when there are no votes, and no lists, instead of empty fields', () => {
    const message = renderInsights(report({ helpful: 0, notHelpful: 0, top: [], unanswered: [], unhelpful: [] }), { retentionDays: 7 });
    expect(message.embeds?.[0]?.description).toContain('No votes on answers yet.');
    expectWithinLimits(message);
  });

  it('stays within every limit with hundreds of long hostile rows, counting what it leaves out, and nothing can ping or format', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ question: `${HOSTILE[i % HOSTILE.length]} ${i}`, count: 1000 - i }));
    const unhelpful = rows.map((row, i) => ({
      question: row.question,
      passage: HOSTILE[(i + 1) % HOSTILE.length]?.repeat(20) ?? '',
      votes: 5,
    }));
    const message = renderInsights(report({ top: rows, unanswered: rows, unhelpful }), {
      retentionDays: 30,
      story: story({ title: '**T** '.repeat(100) }),
    });
    expectWithinLimits(message);
    for (const field of message.embeds?.[0]?.fields ?? []) {
      expect(field.value).toMatch(/\n…and \d+ more$/);
      expectInert(
        field.value
          .split('\n')
          .filter((line) => !line.startsWith('> '))
          .join('\n')
          .replace(/^\*\*[\d,]+×\*\* |^\*\*\d+ votes\*\* on /gm, ''),
      );
    }
  });
});

describe('fitLines', () => {
  it('keeps whole lines and counts the rest', () => {
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 100)).toBe('aaaa\nbbbb\ncccc');
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 20)).toBe('aaaa\n…and 2 more');
    expect(fitLines([], 10)).toBe('');
  });
});

describe('renderFaq', () => {
  it('names the one story once, then each question, how often it was asked, and its passage with speaker and paragraph', () => {
    const message = renderFaq(
      [
        { question: 'How many strikes?', count: 57, answer: answer('The US has reported 14 strikes.', 3) },
        { question: 'Where?', count: 1, answer: answer('Near the coast.', 4) },
      ],
      { days: 30 },
    );
    expect(message.embeds?.[0]?.description).toBe(
      [
        'From [UK pauses some intelligence sharing with US](https://news.example/story) — Sky News',
        '',
        '**Q: How many strikes?** (asked 57 times)\n> The US has reported 14 strikes.\n— **Pete Hegseth** · ¶3',
        '',
        '**Q: Where?** (asked once)\n> Near the coast.\n— ¶4',
      ].join('\n'),
    );
    expect(message.components).toBeUndefined();
  });

  it('names each passage’s story when they come from several', () => {
    const other = story({ id: 'story_2', title: 'Second', publisher: null, url: null });
    const description = renderFaq(
      [
        { question: 'a', count: 2, answer: answer('One.', 2) },
        { question: 'b', count: 1, answer: answer('Two.', 2, other) },
      ],
      { days: 7 },
    ).embeds?.[0]?.description;
    expect(description).toContain('> One.\n— [UK pauses some intelligence sharing with US](https://news.example/story) — Sky News · ¶2');
    expect(description).toContain('> Two.\n— *Second* · ¶2');
  });

  it('stays within the limits with eight long hostile questions and passages, the questions inert', () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({
      question: HOSTILE[i % HOSTILE.length] ?? '',
      count: 100 - i,
      answer: answer(`${HOSTILE[(i + 2) % HOSTILE.length]} `.repeat(30), i + 1),
    }));
    const message = renderFaq(entries, { days: 30, story: story({ title: 'x'.repeat(400) }) });
    expectWithinLimits(message);
    const headings = (message.embeds?.[0]?.description ?? '').split('\n').filter((line) => line.startsWith('**Q: '));
    expect(headings).toHaveLength(8);
    for (const heading of headings) expectInert(heading.replace(/^\*\*Q: /, '').replace(/\*\* \(asked .*\)$/, ''));
  });
});
