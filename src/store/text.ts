/**
 * What the store does to a question before keeping it: mentions go (so the stored text can never
 * ping anyone and names no member), whitespace collapses, the length is capped. And the
 * normalised form that counts "Who is Hegseth?" and "who is hegseth" as one question.
 */

/** The longest question kept, in characters: long enough for any real question, short enough for a report. */
export const MAX_QUESTION_CHARS = 300;

/** User (`<@1>`, `<@!1>`), role (`<@&1>`) and channel (`<#1>`) mentions, and the two mass pings. */
const MENTION = /<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b/g;
/** Control and zero-width characters: they hide text or break a terminal. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** The question as it will be stored and shown: no mentions, one space between words, at most MAX_QUESTION_CHARS. */
export function cleanQuestion(text: string, max = MAX_QUESTION_CHARS): string {
  const clean = text.replace(MENTION, ' ').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length <= max) return clean;
  // Cut at the last word boundary that fits, leaving room for the ellipsis.
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The key two askings of one question share: lower case, accents and punctuation gone, one space
 * between words. "What did Hegseth say?!" and "what did  hegseth say" meet here.
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
