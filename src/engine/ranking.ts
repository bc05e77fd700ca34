/**
 * Every ranking constant of the engine, each named with what it does, and the table of question types. General
 * weights, set once by measuring every question set together (`npm run eval`), never per question or per story.
 */
import type { FeatureName } from './features.js';
import { STATEMENT_QUESTION } from './speech.js';

/** How the sentence encoder's cosine joins the lexical evidence (decide.ts). */
export const MEANING = {
  /**
   * Answer when the encoder is at least this sure of one passage (cosine), even if the words cover less than
   * `minCoverage`: paraphrases no word rule links. Near-miss out-of-scope questions reached 0.56 on our sets.
   */
  confidentCosine: 0.6,
  /**
   * Words covering the question just past `minCoverage` answer only if the encoder agrees: coverage plus
   * `agreementWeight` × the best cosine must reach this (at coverage 0.55 a cosine of 0.4; from 0.75 none).
   */
  agreedCoverage: 0.75,
  /** How much the best cosine counts toward `agreedCoverage`. */
  agreementWeight: 0.5,
  /**
   * Once the question is answered, a passage the lexical search missed joins the candidates when its cosine is at
   * least this… (it can only come after better passages: the bar for answering at all is above)
   */
  candidateCosine: 0.25,
  /** …and at least this share of the best cosine. */
  candidateRelativeCosine: 0.5,
  /** How many of the nearest passages by meaning are considered at all. */
  nearest: 10,
  /** Weight of a candidate's coverage (the share of the question its words hold) in the final order; the cosine weighs the rest. */
  lexicalWeight: 0.4,
  /** With this many questions already waiting for the encoder, a question with a time budget is answered by words at once. */
  maxWaitingQuestions: 16,
  /** Above this many passages, cosines are computed only for the lexical candidates (no search by meaning alone). */
  denseSearchLimit: 50_000,
};

/** The lexical ranking: general weights, set once on every eval set together, never per question. */
export const DEFAULT_RANKING = {
  /** MiniSearch field boosts: the passage itself, its speaker, the sentence before it. */
  fields: { text: 1, speaker: 0.2, context: 0.2 },
  /** Credit a concept gets when it matches only in a field other than the passage's own text. */
  fieldCredit: { text: 1, speaker: 0.85, context: 0.15 } as Record<string, number>,
  /** Credit for the sentence before when this one refers back to it ("they", "Both strikes…"). */
  anaphoricContextCredit: 0.5,
  /** Answers need at least this share of the question's meaning (idf-weighted). */
  minCoverage: 0.55,
  /** Answers after the first need at least this coverage… */
  minFollowerCoverage: 0.35,
  /** …and this share of the first's. */
  minRelativeCoverage: 0.6,
  /** Whether a passage must give what "how many" and "when" ask for (a number, a time) to be a candidate at all. */
  requireFeatures: true,
  /** How many of MiniSearch's best results are scored. */
  candidates: 60,
  /** How fully a typo's correction stands for the word (one edit away)… */
  typoWeight: 0.85,
  /** …less this for each further edit. */
  typoEditPenalty: 0.1,
  /** How fully another degree of an adjective stands for it ("poorer" for "poor", "highest" for "high"). */
  degreeWeight: 0.9,
  /** How fully a story word one edit from an English word the stories never use stands for it (a slip: "patents" for "patients")… */
  realWordTypoWeight: 0.6,
  /** …for words of at least this many letters (shorter real words are one edit from too many others). */
  realWordTypoMinLength: 6,
  /** A multi-word relative's words fetch candidates at this share of its weight (it counts only where they stand together). */
  phraseFetchShare: 0.5,
  /** How fully a completion of a half-typed last word stands for it. */
  prefixWeight: 0.9,
  /** How fully a gazetteer entity ("UK" for "Britain") stands for the alias as typed. */
  entityWeight: 1,
  /** How far the importance of a word the stories never use falls with its commonness in English. */
  commonDiscount: 0.9,
  /** Importance of a short non-word ("ppl", "govt") against a topic word's: shorthand, not a topic. */
  shorthandImportance: 0.3,
  /** Weight a relative needs for the stories' use of it to count as their use of the word. */
  knownRelativeWeight: 0.5,
  /** Importance of a verb the stories never use, against a noun's. */
  unknownVerbImportance: 0.5,
  /** Weight of a missing concept that the stories use elsewhere, against 1 for one they never use. */
  missingKnownWeight: 0.5,
  /** Each content word of a multi-word WordNet relative stands for the word at this share of the relative's weight. */
  multiWordRelativeWeight: 0.8,
  /**
   * Importance multiplier of a verb right after the question word ("what closed because of…", "who founded…"): the
   * question asks who or what did it, so a passage with the rest of the words and not that one does not answer.
   */
  askedVerbWeight: 2.5,
  /** Bonus per pair of consecutive question concepts found close together in the passage. */
  proximityBonus: 0.12,
  /** Words apart that still count as close together for the proximity bonus. */
  proximityWindow: 3,
  /** A term in more passages than this share of the archive (and at least `commonTermMinPassages`) is searched only among the candidates of the rarer ones… */
  commonTermShare: 0.01,
  /** …at least this many passages (below it every term is searched). */
  commonTermMinPassages: 500,
  /** How many of the best candidates the proximity rerank looks at. */
  rerankDepth: 10,
  /** Meaning (the sentence encoder) beside the words; see decide.ts. */
  meaning: MEANING,
};

export type Ranking = typeof DEFAULT_RANKING;

/**
 * What a passage can give, as read from it (features.ts computes these once per passage).
 */
export interface PassageFacts {
  text: string;
  speaker: string | null;
  /** The passage names a place the gazetteer knows. */
  hasPlaceEntity: boolean;
  /** The passage names a person. */
  hasName: boolean;
}

/**
 * One kind of thing a question can ask for, and how a passage gives it. The whole declaration of a question type:
 * adding one is adding a row here (and a bit in `Feature`, features.ts).
 */
export interface QuestionType {
  feature: FeatureName;
  /** Question words asking for it. The earliest question word of a question decides what it asks for. */
  asks?: RegExp;
  /** Also asked for wherever these words stand in the question… */
  alsoAsks?: RegExp;
  /** …when the question already asks for this (a name, for "who is…" of a person). */
  onlyWith?: FeatureName;
  /** A passage without it cannot answer (a number for "how many", a time for "when")… */
  required?: boolean;
  /** …unless the question also matches this ("how long" is answered by "for years", "has long"). */
  notRequiredWhen?: RegExp;
  /** The answer must have it when the question matches this, whatever else it asks. */
  requiredWhen?: RegExp;
  /** Multiplier of the lexical score when the question asks for it and the passage gives it. */
  boost: number;
  /** Whether a passage gives it. */
  gives: (passage: PassageFacts) => boolean;
}

/** Multiplier when a passage gives what the question asks for (a number for "how many"...). */
const BOOST = 1.35;
/** A statement is asked for by many questions in passing ("what did they say about…"): half the boost. */
const STATEMENT_BOOST = 1 + (BOOST - 1) / 2;
const HOW_LONG = /\bhow long\b/;

const MONEY = /[£$€¥₹]\s?\d|\b\d[\d.,]*\s?(?:p|pence|pounds?|dollars?|euros?|cents?)\b|\b(?:pounds|dollars|euros)\b/iu;

const NUMBER =
  /\p{N}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|double|twice|single|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/iu;

const TIME =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|yesterday|today|tonight|tomorrow|ago|since|until|previous day|next day|last (?:week|month|year|night)|this (?:week|month|year)|earlier|later|morning|evening|afternoon|weekend|decade|century|fortnight|spring|summer|autumn|winter|(?:next|last|this|late|early|in the) fall|next (?:week|month|year|decade)|(?:19|20)\d\d|\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)|(?:within|in|after|for)\s+(?:about\s+|around\s+|at least\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)\s+(?:days?|weeks?|months?|years?|hours?|minutes?))\b/i;

const NUMBER_TOKEN =
  /(?<![\p{L}\d£$€¥₹.,])(\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?)(?![\p{L}\d])(\s*(?:%|per ?cent\b|p\b|pence\b|m\b|bn\b))?/giu;

const FUTURE =
  /\b(?:will|would|shall|expect(?:s|ed)?|plan(?:s|ned)?|due to|set to|going to|next|upcoming|later this|until|by (?:the end of|\d{4})|intend(?:s|ed)?|hope(?:s|d)? to|aim(?:s|ed)? to|(?:ready|prepared|willing) to|at any time|soon|shortly|in the coming)\b/i;

const DURATION =
  /\b\d+[- ](?:day|week|month|year|hour|minute)s?\b|\b(?:days|weeks|months|years|hours|decades|fortnight)\b|\b(?:since|until|for)\s+(?:\d|a |an |the |years|months)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an) (?:day|week|month|year|hour|minute|decade)\b|\b(?:has|have|had) long\b|\blong-(?:running|standing)\b/i;

const PLACE =
  /\b(?:in|near|off|at|across|from|into|along|inside|outside|over|to)\s+(?:the\s+)?\p{Lu}|\b(?:waters|coast|sea|ocean|region|territor(?:y|ies)|border|city|country|countries|island|islands|capital|province|state|route|port|base|area|zone)\b/u;

const REASON =
  /\b(?:because|due to|in order to|to avoid|so that|so as to|concern(?:s|ed)?|fear(?:s|ed)?|worr(?:y|ied|ies)|amid|as a result|reason|believe[sd]?|over (?:fears|concerns|claims)|in response to|following|after)\b/i;

const PERSON =
  /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+|\b(?:official|officials|spokesman|spokeswoman|spokesperson|minister|secretary|chief|president|leader|director|ambassador|administration|government|department|ministry)\b/u;

const AGE = /\b\d+[- ]years?[- ]old\b|\baged \d+|\b\d+-year-old\b|\p{Lu}\p{L}+,\s\d{1,3},\s/u;

const ANAPHORA =
  /^[“"‘'(]?(?:(?:\S+\s+){0,4})?(?:he|she|they|them|it|its|their|this|these|those|both|such|the two|the three|all (?:\d+|of them|three|two|four|five|six))\b|^the \d+-year-old\b/i;

/** A number that counts something: not a percentage, an amount of money or a year. */
function hasCount(text: string): boolean {
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    if (match[2]) continue;
    if (/^(?:1[89]|20)\d\d$/.test(match[1] ?? '')) continue;
    return true;
  }
  return false;
}

/** The question types, in the order they are read. */
export const QUESTION_TYPES: readonly QuestionType[] = [
  {
    feature: 'number',
    asks: /\bhow (?:many|much|often|far|old|large|big|high|low)\b|\bwhat (?:number|percentage|proportion|share|amount|total|figure|toll|price|cost|size)\b/,
    alsoAsks: /\b(?:toll|number of|count of|total number|how many|how much)\b/,
    required: true,
    boost: BOOST,
    gives: (p) => NUMBER.test(p.text),
  },
  {
    feature: 'time',
    asks: /\bwhen\b|\bwhat (?:time|day|date|year|month|week|hour)\b|\bhow long(?: ago)?\b|\bsince when\b|\bwhich (?:day|date|year|month)\b/,
    required: true,
    notRequiredWhen: HOW_LONG,
    boost: BOOST,
    gives: (p) => TIME.test(p.text),
  },
  {
    feature: 'place',
    asks: /\bwhere\b|\bwhat (?:country|countries|city|region|area|location|place|waters|sea|ocean|coast|territor\w*)\b|\bwhich (?:country|countries|city|region|waters|sea|ocean|coast|territor\w*)\b/,
    boost: BOOST,
    gives: (p) => p.hasPlaceEntity || PLACE.test(p.text),
  },
  {
    feature: 'person',
    asks: /\bwho\b|\bwhom\b|\bwhose\b|\bwhich (?:official|person|people|minister|organi[sz]ation|body|agency|leader|country|government|newspaper|network|outlet)\b/,
    // "Who…" is answered by a passage with someone in it: a name, a role, a speaker.
    requiredWhen: /^\W*(?:and |so |but )?(?:who|whom|whose)\b/,
    boost: BOOST,
    gives: (p) => p.speaker !== null || PERSON.test(p.text),
  },
  {
    feature: 'reason',
    asks: /\bwhy\b|\bwhat (?:reason|caused|prompted|led)\b|\bhow come\b|\bfor what reason\b/,
    boost: BOOST,
    gives: (p) => REASON.test(p.text),
  },
  { feature: 'statement', alsoAsks: STATEMENT_QUESTION, boost: STATEMENT_BOOST, gives: (p) => p.speaker !== null },
  // "When will…" asks about what is still to come.
  {
    feature: 'future',
    alsoAsks: /\bwhen (?:will|would|is (?:it|\w+) (?:going|expected|due|set) to|are (?:they|\w+) (?:going|expected|due|set) to)\b/,
    required: true,
    notRequiredWhen: HOW_LONG,
    boost: BOOST,
    gives: (p) => FUTURE.test(p.text),
  },
  { feature: 'duration', alsoAsks: HOW_LONG, boost: BOOST, gives: (p) => DURATION.test(p.text) },
  // "Who is…" asks for a name, not only for someone who spoke.
  { feature: 'name', alsoAsks: /\bwho(?:'s| is| was| are| were)\b/, onlyWith: 'person', boost: BOOST, gives: (p) => p.hasName },
  {
    feature: 'money',
    alsoAsks:
      /\bhow much\b(?=.*\b(?:cost|costs|costing|price|priced|pay|paid|pays|earn|earns|earned|earning|worth|spend|spent|charge|charged|fine|fined|salary|wage|wages|money|compensation|bill|bills|fee|fees)\b)|\b(?:cost|costs|costing|price|priced|pay|paid|pays|earn|earns|earned|earning|worth|spend|spent|charge|charged|fine|fined|salary|wage|wages|money|compensation|bill|bills|fee|fees)\b(?=.*\bhow much\b)/,
    required: true,
    boost: BOOST,
    gives: (p) => MONEY.test(p.text),
  },
  // "How many" asks for a count, not a percentage, a price or a year.
  { feature: 'count', alsoAsks: /\bhow many\b/, required: true, notRequiredWhen: HOW_LONG, boost: BOOST, gives: (p) => hasCount(p.text) },
  // "How old…" asks for an age, not any number.
  { feature: 'age', alsoAsks: /\bhow old\b|\bwhat age\b|\bage of\b/, required: true, boost: BOOST, gives: (p) => AGE.test(p.text) },
  // Not asked for: a passage that refers back to the one before ("they", "Both strikes…") gets its context's credit.
  { feature: 'anaphora', boost: 1, gives: (p) => ANAPHORA.test(p.text) },
];
