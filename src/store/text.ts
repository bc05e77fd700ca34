/**
 * What the store does to a question before keeping it: mentions go (so the stored text can never
 * ping anyone and names no member), whitespace collapses, the length is capped. And the
 * normalised form that counts "Who is Hegseth?" and "who is hegseth" as one question.
 */
import { cutAtWord, ELLIPSIS } from '../shared/text.js';

/** The longest question kept, in characters: long enough for any real question, short enough for a report. */
export const MAX_QUESTION_CHARS = 300;

/** User (`<@1>`, `<@!1>`), role (`<@&1>`) and channel (`<#1>`) mentions, and the two mass pings. */
const MENTION = /<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b/g;
/** Control and zero-width characters: they hide text or break a terminal. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** The question as it will be stored and shown: no mentions, one space between words, at most MAX_QUESTION_CHARS. */
export function cleanQuestion(text: string, max = MAX_QUESTION_CHARS): string {
  const clean = text.replace(MENTION, ' ').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (Array.from(clean).length <= max) return clean;
  // Cut at a word, leaving room for the ellipsis: at most max - 1 UTF-16 units, so at most max characters with it.
  return `${cutAtWord(clean, max - 1)}${ELLIPSIS}`;
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
