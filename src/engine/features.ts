/**
 * What a question asks for, and which passages can give it: numbers for "how many", times for
 * "when", places for "where", people and bodies for "who", reasons for "why", statements for
 * "what did … say". Read from general English patterns, never from one story.
 */

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
} as const;

export type FeatureName = keyof typeof Feature;

const QUESTION_TYPES: readonly [FeatureName, RegExp][] = [
  ['number', /\bhow (?:many|much|often|far|old|large|big|high|low)\b|\bwhat (?:number|percentage|proportion|share|amount|total|figure|toll|price|cost|size)\b/],
  ['time', /\bwhen\b|\bwhat (?:time|day|date|year|month|week|hour)\b|\bhow long(?: ago)?\b|\bsince when\b|\bwhich (?:day|date|year|month)\b/],
  ['place', /\bwhere\b|\bwhat (?:country|countries|city|region|area|location|place|waters|sea|ocean|coast|territor\w*)\b|\bwhich (?:country|countries|city|region|waters|sea|ocean|coast|territor\w*)\b/],
  ['person', /\bwho\b|\bwhom\b|\bwhose\b|\bwhich (?:official|person|people|minister|organi[sz]ation|body|agency|leader|country|government|newspaper|network|outlet)\b/],
  ['reason', /\bwhy\b|\bwhat (?:reason|caused|prompted|led)\b|\bhow come\b|\bfor what reason\b/],
  ['statement', /\b(?:say|says|said|saying|tell|told|describe[sd]?|call(?:ed|s)?|comment\w*|react\w*|respond\w*|claim\w*|announce\w*|think|thinks|view|position|stance|assessment|quote\w*|statement)\b/],
];

/**
 * The features a question asks for (a bit set). The question word that comes first decides what is
 * asked ("What did they say when asked?" asks what, not when); a statement is asked for anywhere.
 */
export function questionFeatures(question: string): number {
  const text = question.toLowerCase();
  let first = Number.POSITIVE_INFINITY;
  let bits = 0;
  for (const [name, pattern] of QUESTION_TYPES) {
    if (name === 'statement') continue;
    const at = pattern.exec(text)?.index;
    if (at === undefined || at > first) continue;
    if (at < first) bits = 0;
    first = at;
    bits |= Feature[name];
  }
  const opener = /\b(?:what|which|who|whom|whose|when|where|why|how)\b/.exec(text)?.index;
  // An earlier plain "what"/"how" ("What did X say when…") outranks a later typed question word.
  if (opener !== undefined && opener < first) bits = 0;
  if (QUESTION_TYPES.find(([name]) => name === 'statement')?.[1].test(text)) bits |= Feature.statement;
  // "When will…" asks about what is still to come.
  if (/\bwhen (?:will|would|is (?:it|\w+) (?:going|expected|due|set) to|are (?:they|\w+) (?:going|expected|due|set) to)\b/.test(text)) bits |= Feature.future;
  // "How long" asks for a length of time.
  if (/\bhow long\b/.test(text)) bits |= Feature.duration;
  // "Who is…" asks for a name, not only for someone who spoke.
  if (bits & Feature.person && /\bwho(?:'s| is| was| are| were)\b/.test(text)) bits |= Feature.name;
  // "How much … cost / paid / earn / worth": an amount of money.
  if (/\bhow much\b/.test(text) && /\b(?:cost|costs|costing|price|priced|pay|paid|pays|earn|earns|earned|earning|worth|spend|spent|charge|charged|fine|fined|salary|wage|wages|money|compensation|bill|bills|fee|fees)\b/.test(text)) {
    bits |= Feature.money;
  }
  // "How many" asks for a count, not a percentage, a price or a year.
  if (/\bhow many\b/.test(text)) bits |= Feature.count;
  // Asking for a toll or a count asks for a number wherever the question word stands.
  if (/\b(?:toll|number of|count of|total number|how many|how much)\b/.test(text)) bits |= Feature.number;
  return bits;
}

const MONEY = /[£$€¥₹]\s?\d|\b\d[\d.,]*\s?(?:p|pence|pounds?|dollars?|euros?|cents?)\b|\b(?:pounds|dollars|euros)\b/iu;
const NUMBER = /\p{N}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|double|twice|single)\b/iu;
const TIME =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|yesterday|today|tonight|tomorrow|ago|since|until|previous day|next day|last (?:week|month|year|night)|this (?:week|month|year)|earlier|later|morning|evening|afternoon|weekend|decade|century|(?:19|20)\d\d|\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.))\b/i;
const NUMBER_TOKEN =
  /(?<![\p{L}\d£$€¥₹.,])(\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|dozens?)(?![\p{L}\d])(\s*(?:%|per ?cent\b|p\b|pence\b|m\b|bn\b))?/giu;

/** A number that counts something: not a percentage, an amount of money or a year. */
function hasCount(text: string): boolean {
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    if (match[2]) continue;
    if (/^(?:1[89]|20)\d\d$/.test(match[1] ?? '')) continue;
    return true;
  }
  return false;
}

const FUTURE = /\b(?:will|would|shall|expect(?:s|ed)?|plan(?:s|ned)?|due to|set to|going to|next|upcoming|later this|until|by (?:the end of|\d{4})|intend(?:s|ed)?|hope(?:s|d)? to|aim(?:s|ed)? to)\b/i;
const DURATION = /\b\d+[- ](?:day|week|month|year|hour|minute)s?\b|\b(?:days|weeks|months|years|hours|decades)\b|\b(?:since|until|for)\s+(?:\d|a |an |the |years|months)/i;
const PLACE =
  /\b(?:in|near|off|at|across|from|into|along|inside|outside|over|to)\s+(?:the\s+)?\p{Lu}|\b(?:waters|coast|sea|ocean|region|territor(?:y|ies)|border|city|country|countries|island|islands|capital|province|state|route|port|base|area|zone)\b/u;
const REASON = /\b(?:because|due to|in order to|to avoid|so that|so as to|concern(?:s|ed)?|fear(?:s|ed)?|worr(?:y|ied|ies)|amid|as a result|reason|believe[sd]?|over (?:fears|concerns|claims)|in response to|following|after)\b/i;
const PERSON = /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+|\b(?:official|officials|spokesman|spokeswoman|spokesperson|minister|secretary|chief|president|leader|director|ambassador|administration|government|department|ministry)\b/u;

const ANAPHORA = /^[“"‘'(]?(?:(?:\S+\s+){0,4})?(?:he|she|they|them|it|its|their|this|these|those|both|such|the two|the three|all (?:\d+|of them|three|two|four|five|six))\b/i;

/** The features a passage can give (a bit set). */
export function passageFeatures(text: string, speaker: string | null, hasPlaceEntity: boolean, hasName: boolean): number {
  let bits = 0;
  if (NUMBER.test(text)) bits |= Feature.number;
  if (TIME.test(text)) bits |= Feature.time;
  if (hasPlaceEntity || PLACE.test(text)) bits |= Feature.place;
  if (speaker !== null || PERSON.test(text)) bits |= Feature.person;
  if (REASON.test(text)) bits |= Feature.reason;
  if (speaker !== null) bits |= Feature.statement;
  if (ANAPHORA.test(text)) bits |= Feature.anaphora;
  if (hasName) bits |= Feature.name;
  if (MONEY.test(text)) bits |= Feature.money;
  if (DURATION.test(text)) bits |= Feature.duration;
  if (FUTURE.test(text)) bits |= Feature.future;
  if (hasCount(text)) bits |= Feature.count;
  return bits;
}
