/**
 * What a question asks for, and which passages can give it: numbers for "how many", times for "when", places for
 * "where", people and bodies for "who", reasons for "why", statements for "what did … say". The question types
 * themselves are declared in one table, `QUESTION_TYPES` (ranking.ts); this file reads questions and passages with it.
 */
import { type PassageFacts, QUESTION_TYPES } from './ranking.js';

export const Feature = {
  number: 1,
  time: 2,
  place: 4,
  person: 8,
  reason: 16,
  statement: 32,
  /** The passage refers back to the one before ("they", "Both strikes…"): its subject is named there. */
  anaphora: 64,
  /** The passage names a person ("Volker Turk"). */
  name: 128,
  /** An amount of money ("£3.4m", "$20", "486p", "30 euros"). */
  money: 256,
  /** A length of time ("a 45-day consultation", "for 11 hours", "since 2014"). */
  duration: 512,
  /** Something still to come ("will", "expected on Wednesday", "until at least Friday", "next year"). */
  future: 1024,
  /** A count of things ("14 strikes", "more than 70", "all 6"): a number that is no percentage, sum of money or year. */
  count: 2048,
  /** An age ("the 46-year-old", "aged 58", "Colin Ashworth, 58,", "31 years old"). */
  age: 4096,
} as const;

export type FeatureName = keyof typeof Feature;

/** Any question word: one that comes before every typed one ("What did X say when…") asks for what, not when. */
const OPENER = /\b(?:what|which|who|whom|whose|when|where|why|how)\b/;

/**
 * The features a question asks for (a bit set). The question word that comes first decides what is asked ("What did
 * they say when asked?" asks what, not when); the rows with `alsoAsks` are asked wherever their words stand.
 */
export function questionFeatures(question: string): number {
  const text = question.toLowerCase();
  let first = Number.POSITIVE_INFINITY;
  let bits = 0;
  for (const type of QUESTION_TYPES) {
    const at = type.asks?.exec(text)?.index;
    if (at === undefined || at > first) continue;
    if (at < first) bits = 0;
    first = at;
    bits |= Feature[type.feature];
  }
  const opener = OPENER.exec(text)?.index;
  if (opener !== undefined && opener < first) bits = 0;
  for (const type of QUESTION_TYPES) {
    if (!type.alsoAsks?.test(text)) continue;
    if (type.onlyWith && !(bits & Feature[type.onlyWith])) continue;
    bits |= Feature[type.feature];
  }
  return bits;
}

/** What a question asks for, and what of it an answer must have. */
export function questionNeeds(question: string): { features: number; required: number } {
  const text = question.toLowerCase();
  const features = questionFeatures(question);
  let required = 0;
  for (const type of QUESTION_TYPES) {
    const bit = Feature[type.feature];
    if (type.required && features & bit && !type.notRequiredWhen?.test(text)) required |= bit;
    if (type.requiredWhen?.test(text)) required |= bit;
  }
  return { features, required };
}

/** The score multiplier for what the question asks that the passage gives. */
export function featureBoost(asked: number, given: number): number {
  let boost = 1;
  for (const type of QUESTION_TYPES) if (asked & given & Feature[type.feature]) boost *= type.boost;
  return boost;
}

/** The features a passage can give (a bit set). */
export function passageFeatures(text: string, speaker: string | null, hasPlaceEntity: boolean, hasName: boolean): number {
  const facts: PassageFacts = { text, speaker, hasPlaceEntity, hasName };
  let bits = 0;
  for (const type of QUESTION_TYPES) if (type.gives(facts)) bits |= Feature[type.feature];
  return bits;
}
