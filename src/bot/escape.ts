import { escapeMarkdown } from 'discord.js';
import { truncate } from '../shared/text.js';

/**
 * Text the bot shows, made safe for Discord: what a member typed reduced to words (`plainText`),
 * and any text escaped so Discord shows it exactly as written (`escapeText`), within a length.
 */

/** Half of a surrogate pair: not a character, and Discord may refuse a payload holding one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Control characters (but tab and line breaks, which markdown reads) and the zero-width space: they stand between words. */
const INVISIBLE_SEPARATORS = /[^\P{Cc}\t\n\v\f\r]|\u200B/gu;
/** Invisible format characters (zero-width joiners, bidi overrides and isolates, BOM, soft hyphen). */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/**
 * Text a member typed, as words: lone surrogates dropped, control characters and zero-width
 * spaces made spaces, and invisible format characters (right-to-left overrides, zero-width
 * joiners…) removed. They are never words of a story; left in, "\u202Ehow" is not "how", and a
 * direction override echoed back would make the bot's own text read backwards.
 */
export function plainText(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(INVISIBLE_SEPARATORS, ' ').replace(FORMAT_CHARACTERS, '');
}

/** A bare link: escapeMarkdown leaves `*` and `_` in it alone so the link still works, and so do we. */
const URL_AT = /https?:\/\/[^\s<>]*/y;
/** Left unescaped by escapeMarkdown in some contexts (after `<a:`, around mentions), or not handled at all (`<`, `>`). */
const LEFTOVERS = '<>*_';

/**
 * Escapes text so Discord shows it exactly as written. discord.js's `escapeMarkdown` with every
 * option on, then what it misses: `<` and `>` (mentions, channels, timestamps, custom emoji and
 * block quotes would render), `*`/`_` it skips after an emoji-like `<a:`, and `-#` (subtext).
 * Every inserted character is a backslash before ASCII punctuation, which Discord's parser
 * removes, so un-escaping gives the text back.
 */
export function escapeText(text: string): string {
  const escaped = escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  });
  let out = '';
  for (let i = 0; i < escaped.length; ) {
    const char = escaped[i] as string;
    if (char === '\\') {
      out += escaped.slice(i, i + 2);
      i += 2;
      continue;
    }
    URL_AT.lastIndex = i;
    const url = URL_AT.exec(escaped);
    if (url) {
      out += url[0];
      i += url[0].length;
      continue;
    }
    out += LEFTOVERS.includes(char) ? `\\${char}` : char;
    i++;
  }
  return out.replace(/^(\s*)-#/gm, '$1\\-#');
}

/** Escapes a string to show inside a masked link's [text]. */
export function escapeLinkText(text: string): string {
  return escapeText(text).replace(/[[\]]/g, '\\$&');
}

/** The longest escaped form of a prefix of `text` (cut by `truncate`) that fits in `max`. */
export function escapeWithin(text: string, max: number): string {
  let budget = Math.min(text.length, max);
  for (;;) {
    const escaped = escapeText(truncate(text, budget));
    if (escaped.length <= max) return escaped;
    // Escaping at most triples a character, so this shrinks the budget fast but never skips a fit by much.
    budget = Math.min(budget - 1, Math.floor((budget * max) / escaped.length));
  }
}

/** Only http(s) links are shown; parentheses are encoded so they cannot end a masked link early. */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  } catch {
    return undefined;
  }
}
