/**
 * Hostile input for the property tests, and the checks every reply must pass whatever came in:
 * quoted passages verbatim, within Discord's limits, pinging nobody.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { ELLIPSIS } from '../../src/bot/reply.js';

const SEEDS = resolve(import.meta.dirname, '..', '..', 'seeds');

/** The raw text of every story file in seeds/: quotes must be exact substrings of one of them. */
export const STORY_FILES: readonly string[] = readdirSync(SEEDS)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => readFileSync(join(SEEDS, name), 'utf8'));

/** Words of the stories, so generated questions also hit passages (and the quotes get checked). */
const STORY_WORDS = [
  ...new Set(
    STORY_FILES.join(' ')
      .split(/\s+/)
      .filter((w) => w.length > 2),
  ),
].slice(0, 400);

/** Pieces that have broken chat bots: markup, pings, invisible and direction characters, broken Unicode. */
export const HOSTILE_PIECES = [
  '',
  ' ',
  '\n',
  '\t',
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\u2060', // word joiner
  '\ufeff', // byte-order mark
  '\u200e', // left-to-right mark
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u2066', // left-to-right isolate
  'مرحبا',
  'שלום',
  '**',
  '__',
  '*',
  '_',
  '~~',
  '||',
  '`',
  '```',
  '```js\nconsole.log(1)\n```',
  '> ',
  '>>> ',
  '# ',
  '-# ',
  '- ',
  '1. ',
  '\\',
  '[click](https://evil.example/x)',
  '[x](<https://evil.example>)',
  'https://evil.example/a_(b)_c',
  '<https://evil.example>',
  '@everyone',
  '@here',
  '<@400000000000000002>',
  '<@!400000000000000002>',
  '<@&500000000000000003>',
  '<#600000000000000004>',
  '</ask:700000000000000005>',
  '<t:1700000000:R>',
  '<:emoji:423456789012345678>',
  '<a:dance:423456789012345678>',
  '😀',
  '🇬🇧',
  '👩‍👩‍👧‍👦',
  '\ud83d', // a lone high surrogate
  '\udc00', // a lone low surrogate
  '\u0000',
  '\u0007',
  'e\u0301\u0301\u0301', // stacked combining marks
] as const;

/** Arbitrary text: any Unicode (graphemes, raw UTF-16 units incl. lone surrogates), hostile pieces, story words mixed with them. */
export function hostileText(maxLength = 400): fc.Arbitrary<string> {
  const piece = fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.constantFrom(...STORY_WORDS));
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'grapheme-composite', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(' ').slice(0, maxLength)),
    fc.array(fc.constantFrom(...STORY_WORDS), { minLength: 2, maxLength: 12 }).map((words) => words.join(' ')),
  );
}

/** What Discord's markdown parser does with a backslash: it drops it before any ASCII punctuation. */
export function unescapeDiscord(text: string): string {
  return text.replace(/\\([^0-9A-Za-z\s])/g, '$1');
}

/** The quoted passages of an embed description ("> " lines), as the member reads them. */
export function shownQuotes(embeds: readonly APIEmbed[] | undefined): string[] {
  const quotes: string[] = [];
  for (const embed of embeds ?? []) {
    for (const line of (embed.description ?? '').split('\n')) if (line.startsWith('> ')) quotes.push(unescapeDiscord(line.slice(2)));
  }
  return quotes;
}

/** A quote is verbatim when it (or, cut with "…", what is left of it) stands in a story file exactly. */
export function isVerbatimQuote(quote: string): boolean {
  const text = quote.endsWith(ELLIPSIS) ? quote.slice(0, -ELLIPSIS.length) : quote;
  return text.length > 0 && STORY_FILES.some((file) => file.includes(text));
}

/** True when the string holds half of a surrogate pair (not well-formed UTF-16: not valid Unicode text). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
