/**
 * Turns engine results into what the command line prints: the JSON contract of `ask --json`, and text for people.
 * Passages are printed verbatim; highlighting only wraps words in ANSI bold, it never changes a character of them.
 */
import type { Answer, Passage, StoryInfo, Summary } from '../engine/types.js';

/** One answer in the JSON contract of `npm run ask -- --json` (PRODUCT.md): outside tools rely on these exact keys. */
export interface ContractAnswer {
  text: string;
  story: string;
  storyId: string;
  paragraph: number;
  speaker: string | null;
  score: number;
}

export interface ContractResult {
  question: string;
  answers: ContractAnswer[];
}

export function toContract(question: string, answers: readonly Answer[]): ContractResult {
  return {
    question,
    answers: answers.map(({ passage, story, score }) => ({
      text: passage.text,
      story: story.title,
      storyId: story.id,
      paragraph: passage.paragraph,
      speaker: passage.speaker,
      score: roundScore(score),
    })),
  };
}

/** Three decimals: enough to order and compare answers, without float noise such as 12.300000000000001. */
export function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

const BOLD = '\u001b[1m';
const NORMAL = '\u001b[22m';
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** `speaker · title — publisher, ¶paragraph`; the speaker only when the engine is sure of one. */
export function attribution(passage: Passage, story: StoryInfo): string {
  const source = story.publisher ? `${story.title} — ${story.publisher}` : story.title;
  return `${passage.speaker ? `${passage.speaker} · ` : ''}${source}, ¶${passage.paragraph}`;
}

/** Wraps in ANSI bold the words of `text` that match a query term, including inflected, half-typed and mistyped forms. */
export function highlight(text: string, terms: readonly string[]): string {
  const keys = terms.flatMap((term) => term.match(WORD) ?? []).map(fold);
  if (keys.length === 0) return text;
  return text.replace(WORD, (word) => (keys.some((key) => sameWord(key, fold(word))) ? `${BOLD}${word}${NORMAL}` : word));
}

export interface RenderOptions {
  /** ANSI bold for matched words (only for a terminal that allows colour). */
  color: boolean;
  /** How many stories are loaded: the "no answer" line says "story" or "stories". */
  storyCount: number;
}

export function renderAnswers(answers: readonly Answer[], options: RenderOptions): string {
  if (answers.length === 0) return options.storyCount > 1 ? "The stories don't say." : "The story doesn't say.";
  return answers
    .map(({ passage, story, matched }, i) => {
      const text = options.color ? highlight(passage.text, matched) : passage.text;
      return `${i + 1}. ${text}\n   — ${attribution(passage, story)}`;
    })
    .join('\n\n');
}

export interface SummaryJson {
  story: { id: string; title: string; publisher: string | null; url: string | null };
  passages: Array<{ text: string; paragraph: number; speaker: string | null }>;
}

export function summaryToJson({ story, passages }: Summary): SummaryJson {
  return {
    story: { id: story.id, title: story.title, publisher: story.publisher, url: story.url },
    passages: passages.map(({ text, paragraph, speaker }) => ({ text, paragraph, speaker })),
  };
}

export function renderSummary({ story, passages }: Summary): string {
  const heading = [story.publisher ? `${story.title} — ${story.publisher}` : story.title];
  if (story.url) heading.push(story.url);
  const body = passages.map(
    (passage, i) => `${i + 1}. ${passage.text}\n   — ${passage.speaker ? `${passage.speaker}, ` : ''}¶${passage.paragraph}`,
  );
  return `${heading.join('\n')}\n\n${body.join('\n\n')}`;
}

/** Lower case without accents, so "Türk" and "turk" are one word. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'");
}

/**
 * Whether a passage word is the query word in another form: the same, one a prefix of the other (kill/killed,
 * "venezu" typed for Venezuela), or one or two typing slips apart (britian/Britain).
 */
export function sameWord(key: string, word: string): boolean {
  if (key === word) return true;
  const shorter = Math.min(key.length, word.length);
  if (shorter >= 3 && (word.startsWith(key) || key.startsWith(word))) return true;
  if (shorter < 4) return false;
  return editDistanceAtMost(key, word, shorter >= 8 ? 2 : 1);
}

/** Optimal-string-alignment distance (a swap of neighbours counts as one slip) ≤ max, stopping early. */
function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return false;
    before = previous;
    previous = current;
  }
  return (previous[b.length] ?? Number.POSITIVE_INFINITY) <= max;
}
