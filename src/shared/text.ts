/**
 * Cutting text to a length, in one place for the bot, the command-line tools and (when it switches)
 * the engine. Nothing here knows Discord: callers pass their own limits.
 */

export const ELLIPSIS = '…';

const WHITESPACE = /\s/;
/** The first half of a surrogate pair: cutting after it would leave half a character behind. */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/**
 * At most `max` characters, cut before the last whitespace that keeps at least half of the room
 * (trailing whitespace dropped), else mid-word without splitting a surrogate pair. No ellipsis:
 * for values that are sent back as typed (autocomplete values, a question cut to its limit).
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const floor = Math.ceil(max / 2);
  for (let i = max; i >= floor; i--) {
    if (WHITESPACE.test(text[i] ?? '')) return text.slice(0, i).trimEnd();
  }
  const end = HIGH_SURROGATE.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}

/**
 * At most `max` characters, cut at a sentence end if one keeps at least half of the room, else at
 * a word boundary, else mid-word (see `cutAtWord`); "…" marks that something was dropped.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const room = max - ELLIPSIS.length;
  const floor = Math.ceil(room / 2);
  // A cut after position i (0 < i ≤ room) is at a sentence end when text[i-1] ends a sentence
  // (allowing closing quotes/brackets) and text[i] is whitespace.
  for (let i = room; i >= floor; i--) {
    if (WHITESPACE.test(text[i] ?? '') && /[.!?]["'”’)\]]*$/.test(text.slice(Math.max(0, i - 4), i))) {
      return `${text.slice(0, i).trimEnd()}${ELLIPSIS}`;
    }
  }
  return `${cutAtWord(text, room)}${ELLIPSIS}`;
}
