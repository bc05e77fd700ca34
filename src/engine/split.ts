/**
 * Splitting a paragraph into sentences without rewriting a character: the result is offsets.
 */

export interface Span {
  start: number;
  end: number;
}

/** Titles before a name, written capitalised: a full stop after them never ends a sentence ("Mr. Smith", "Gen. Caine"). */
const TITLES = new Set(
  'mr mrs ms messrs mme dr prof rev fr sr gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep pres supt insp det hon amb atty mt'.split(
    ' ',
  ),
);

/** Abbreviations that never end a sentence whatever their case ("Smith v. Jones", "approx. 40"). */
const NEVER_FINAL = new Set('vs v approx cf viz'.split(' '));

/** Abbreviations of a following number ("No. 10", "Fig. 3"): "no." before anything else is the word "no". */
const NUMBER_PREFIXES = new Set('no nos fig figs vol pp'.split(' '));

/** Abbreviations that may end a sentence: it ends there only when a typical sentence opener follows. */
const TRAILING_ABBREVIATIONS = new Set('inc ltd co corp plc llc jr bros etc al st ave blvd rd dept ft'.split(' '));

/** Abbreviated months and weekdays: only capitalised, since "sat", "sun", "wed" and "mar" are also words. */
const CALENDAR_ABBREVIATIONS = new Set(
  'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun'.split(' '),
);

/** Words that commonly open a sentence: after an ambiguous abbreviation ("U.S.", "Inc.") they mark a new sentence. */
const SENTENCE_OPENERS = new Set(
  'the a an he she it they we i you this that these those there his her its their our my but and so yet however meanwhile in on at by for from after before when while if as although though since then now still also both all some many most no not one two three what why how who where which'.split(
    ' ',
  ),
);

/** What may follow a time ("5 p.m. Monday", "9 a.m. GMT") without a new sentence starting. */
const AFTER_TIME = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december gmt bst utc cet cest et est edt ct cdt pt pst pdt local'.split(
    ' ',
  ),
);

const CLOSERS = '”’"\')]}»›';
const QUOTE_CLOSERS = '”’"\'»›';
const TERMINATOR = /[.!?…]+/g;

/** Sentence spans of `paragraph`, trimmed, in order, covering every sentence that has a letter or digit. */
export function splitIntoSentences(paragraph: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(TERMINATOR)) {
    const afterTerminator = match.index + match[0].length;
    let end = afterTerminator;
    while (end < paragraph.length && CLOSERS.includes(paragraph[end] as string)) end++;
    if (end < paragraph.length && !/\s/.test(paragraph[end] as string)) continue;
    const quoteClosed = [...paragraph.slice(afterTerminator, end)].some((c) => QUOTE_CLOSERS.includes(c));
    if (end < paragraph.length && !endsSentence(paragraph, match.index, match[0], end, quoteClosed)) continue;
    if (pushSpan(spans, paragraph, start, end)) start = end;
  }
  pushSpan(spans, paragraph, start, paragraph.length);
  return spans;
}

/**
 * Adds the trimmed span [from, to) and says whether the text was used. A stray mark (a lone dash or
 * quote) joins the sentence before it, or, at the start of the paragraph, stays for the next one.
 */
function pushSpan(spans: Span[], text: string, from: number, to: number): boolean {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  if (start === end) return true;
  if (/[\p{L}\p{N}]/u.test(text.slice(start, end))) {
    spans.push({ start, end });
    return true;
  }
  const previous = spans[spans.length - 1];
  if (previous === undefined) return false;
  previous.end = end;
  return true;
}

function endsSentence(text: string, at: number, terminator: string, after: number, quoteClosed: boolean): boolean {
  const rest = text.slice(after).trimStart();
  const next = rest[0] ?? '';
  // "“Why?” he asked." / "U.S. forces": lowercase goes on with the same sentence.
  if (/\p{Ll}/u.test(next)) return false;
  if (!/[\p{Lu}\p{N}“‘"'([¿¡*#@<\p{Extended_Pictographic}]/u.test(next)) return false;
  // A full stop inside a closed quotation ends it: abbreviations and initials do not stand before a closing quote.
  if (terminator !== '.' || quoteClosed) return true;
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, at))?.[1] ?? '';
  if (word.length === 0) return true;
  const bare = word.replace(/\./g, '').toLowerCase();
  const capitalised = /^\p{Lu}/u.test(word);
  const nextWord = /^[“‘"'(]*([\p{L}]+)/u.exec(rest)?.[1]?.toLowerCase() ?? '';
  // A single capital is an initial ("J. K. Rowling"); a title precedes a name.
  if (/^\p{Lu}$/u.test(word) || (capitalised && TITLES.has(bare)) || NEVER_FINAL.has(bare)) return false;
  if (NUMBER_PREFIXES.has(bare)) return !/^\p{N}/u.test(next);
  // "5 p.m. Lunch is served.": a time ends its sentence unless a day, month or time zone follows.
  if (bare === 'am' || bare === 'pm') return /\p{L}\.\p{L}/u.test(word) ? !AFTER_TIME.has(nextWord) : true;
  // Dotted abbreviations ("U.S.", "e.g.") and trailing ones ("Inc.") end a sentence only before a usual opener.
  if (/\p{L}\.\p{L}/u.test(word) || TRAILING_ABBREVIATIONS.has(bare) || (capitalised && CALENDAR_ABBREVIATIONS.has(bare))) {
    return SENTENCE_OPENERS.has(nextWord);
  }
  return true;
}
