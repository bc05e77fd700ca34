/**
 * Splitting a paragraph into sentences without rewriting a character: the result is offsets.
 */

export interface Span {
  start: number;
  end: number;
}

/** Titles before a name: a full stop after them never ends a sentence ("Mr. Smith", "Gen. Caine"). */
const TITLES = new Set(
  'mr mrs ms messrs mme dr prof rev fr sr st gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep pres supt insp det hon amb atty no nos vs v fig mt ft ave blvd approx dept est'.split(' '),
);

/** Abbreviations that may end a sentence: it ends there only when a typical sentence opener follows. */
const TRAILING_ABBREVIATIONS = new Set(
  'inc ltd co corp plc llc jr bros etc al jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun'.split(' '),
);

/** Words that commonly open a sentence: after an ambiguous abbreviation ("U.S.", "Inc.") they mark a new sentence. */
const SENTENCE_OPENERS = new Set(
  'the a an he she it they we i you this that these those there his her its their our my but and so yet however meanwhile in on at by for from after before when while if as although though since then now still also both all some many most no not one two three what why how who where which'.split(' '),
);

const CLOSERS = '”’"\')]}»›';
const TERMINATOR = /[.!?…]+/g;

/** Sentence spans of `paragraph`, trimmed, in order, covering every sentence that has a letter or digit. */
export function splitIntoSentences(paragraph: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(TERMINATOR)) {
    let end = match.index + match[0].length;
    while (end < paragraph.length && CLOSERS.includes(paragraph[end] as string)) end++;
    if (end < paragraph.length && !/\s/.test(paragraph[end] as string)) continue;
    if (end < paragraph.length && !endsSentence(paragraph, match.index, match[0], end)) continue;
    pushSpan(spans, paragraph, start, end);
    start = end;
  }
  pushSpan(spans, paragraph, start, paragraph.length);
  return spans;
}

function pushSpan(spans: Span[], text: string, from: number, to: number): void {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  if (start < end && /[\p{L}\p{N}]/u.test(text.slice(start, end))) spans.push({ start, end });
  else if (start < end && spans.length > 0) {
    // A stray mark (a lone dash or quote) belongs to the sentence before it.
    (spans[spans.length - 1] as Span).end = end;
  }
}

function endsSentence(text: string, at: number, terminator: string, after: number): boolean {
  const rest = text.slice(after).trimStart();
  const next = rest[0] ?? '';
  // "“Why?” he asked." / "U.S. forces": lowercase goes on with the same sentence.
  if (/\p{Ll}/u.test(next)) return false;
  if (!/[\p{Lu}\p{N}“‘"'([¿¡*#@<\p{Extended_Pictographic}]/u.test(next)) return false;
  if (terminator !== '.') return true;
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, at))?.[1] ?? '';
  const bare = word.replace(/\./g, '').toLowerCase();
  if (word.length === 0) return true;
  // A single capital is an initial ("J. K. Rowling"); a title precedes a name.
  if (/^\p{Lu}$/u.test(word) || TITLES.has(bare)) return false;
  // Dotted abbreviations ("U.S.", "a.m.", "e.g.") and trailing ones ("Inc.") end a sentence only before a usual opener.
  if (/\p{L}\.\p{L}/u.test(word) || TRAILING_ABBREVIATIONS.has(bare)) {
    const nextWord = /^[“‘"'(]*([\p{L}]+)/u.exec(rest)?.[1]?.toLowerCase() ?? '';
    return SENTENCE_OPENERS.has(nextWord);
  }
  return true;
}
