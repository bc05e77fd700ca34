/**
 * Who said it: the speaker of quotations and reported statements, resolved through pronouns
 * ("He said:") and definite descriptions ("the official said") to the person or body named before.
 * When the speaker is uncertain the answer is null — none rather than a wrong one.
 */

/** Finite forms of verbs that report speech. */
const SPEECH_VERBS =
  'said|says|told|tells|added|adds|stated|states|announced|announces|described|describes|claimed|claims|insisted|insists|warned|warns|reported|reports|wrote|writes|posted|tweeted|explained|explains|argued|argues|noted|notes|confirmed|confirms|replied|replies|declared|declares|acknowledged|acknowledges|admitted|admits|cited|cites|alleged|alleges|maintained|maintains|stressed|stresses|emphasised|emphasized|asserted|asserts|testified|responded|responds|continued|concluded|predicted|predicts|revealed|reveals|suggested|suggests|urged|urges|vowed|vows|pledged|promised|accused|accuses|denied|denies|dismissed|condemned|condemns|welcomed|welcomes|criticised|criticized|praised|asked|asks|answered';
const AUXILIARIES = new Set('has have had was were is are also previously later earlier then would will did does had repeatedly publicly recently once again'.split(' '));

/** Nouns naming a person by role: "the official", "a spokesman". */
const PERSON_ROLES =
  /\b(?:official|spokesman|spokeswoman|spokesperson|minister|secretary|chief|president|prime minister|chancellor|leader|director|ambassador|diplomat|envoy|aide|adviser|advisor|analyst|expert|lawyer|attorney|judge|prosecutor|commander|general|admiral|officer|senator|governor|mayor|chairman|chairwoman|chair|head|source|spokespeople|officials|ministers|sources|experts|witness|resident|colleague|campaigner|activist|professor|researcher|economist|scientist|doctor|executive|ceo|founder|manager|representative|lawmaker|mp|deputy|councillor|sheriff|inspector|detective|negotiator|monarch|king|queen|prince|princess|pope|bishop|captain|coach|player|author|editor|reporter|correspondent|journalist|investigator|auditor|regulator|owner|partner|member|members)$/i;

/** Words that are titles before a name, dropped when the name itself is known ("Foreign Secretary Yvette Cooper" → "Yvette Cooper"). */
const TITLE_WORDS = new Set(
  'foreign home defence defense prime deputy vice secretary minister president chancellor general gen senator sen representative rep governor gov mayor mr mrs ms miss dr prof professor sir dame lord lady judge justice king queen prince princess pope chief commissioner ambassador admiral captain capt colonel col lieutenant lt sergeant sgt attorney state interior finance health justice trade energy treasury shadow acting former us uk'.split(' '),
);

/** Head words that make a capitalised phrase a body, not a person ("Downing Street", "the Pentagon"). */
const BODY_HEADS =
  /\b(?:street|house|office|department|ministry|agency|council|union|nations|states|kingdom|government|administration|party|court|commission|committee|parliament|congress|senate|police|army|navy|military|forces|guard|bank|company|group|organisation|organization|network|news|times|post|journal|press|reuters|agency|institute|university|foundation|embassy|pentagon|kremlin|whitehall|authority|authorities|service|services|board|bureau|corporation|inc|ltd|plc|fund|team|club|league)$/i;

const PRONOUN_PERSON = /^(?:he|she)$/i;
const PRONOUN_PLURAL = /^(?:they)$/i;
const DETERMINER = /^(?:the|a|an|this|that|one|another)\s+/i;

/** Words that cannot be inside a subject noun phrase: the candidate is a clause, not a speaker. */
const CLAUSE_WORDS = new Set(
  'that which who whom whose is are was were be been being has have had do does did not no will would could should may might can must to in on at with by from into about after before when while if but because since as than then there here it its their his her our we i you me them him us ever never also just still only even very so such what why how where'.split(' '),
);

const OPEN_QUOTES = '“‘«"';
const CLOSE_QUOTES = '”’»"';

export interface SentenceInput {
  paragraph: number;
  text: string;
  furniture: boolean;
}

interface Attribution {
  /** The phrase as written ("the official", "He", "US secretary of war Pete Hegseth"). */
  phrase: string;
}

const verbPattern = new RegExp(`(?<![\\p{L}])(?:${SPEECH_VERBS})(?![\\p{L}])`, 'giu');

/** The speaker phrase of a sentence that reports speech, as written, or null. */
export function findAttribution(sentence: string): Attribution | null {
  for (const match of sentence.matchAll(verbPattern)) {
    const before = sentence.slice(0, match.index);
    // Subject before the verb: from the last clause boundary (sentence start, comma, colon, quote).
    const words = before.trimEnd().split(/\s+/);
    while (words.length > 0 && AUXILIARIES.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
    // An appositive subject ends in a comma: "The ship’s owner, Norland Shipping, said".
    const clause = words.join(' ').replace(/(?<=[\p{L}\p{N}]),$/u, '');
    const boundary = Math.max(
      clause.lastIndexOf(','),
      clause.lastIndexOf(':'),
      clause.lastIndexOf(';'),
      ...[...CLOSE_QUOTES].map((q) => clause.lastIndexOf(q)),
      clause.lastIndexOf(' – '),
      clause.lastIndexOf(' — '),
    );
    const subject = clause.slice(boundary + 1).trim();
    if (subject.length > 0) {
      if (isSpeakerPhrase(subject)) return { phrase: subject };
      continue;
    }
    // Inverted attribution after a quotation: "…,” said the official."
    const after = sentence.slice(match.index + match[0].length);
    const object = /^\s+((?:the|a|an)\s+)?([\p{L}\p{N}’'.-]+(?:\s+[\p{L}\p{N}’'.-]+){0,6}?)(?=\s*(?:[,.;:!?]|$|\s(?:in|on|at|who|after|when|as|to)\b))/iu.exec(after);
    if (object && /[”’"]\s*,?\s*$/.test(before)) {
      const phrase = `${object[1] ?? ''}${object[2]}`.trim();
      if (isSpeakerPhrase(phrase)) return { phrase };
    }
  }
  return null;
}

function isSpeakerPhrase(phrase: string): boolean {
  const words = phrase.split(/\s+/);
  if (words.length === 0 || words.length > 9) return false;
  if (words.length === 1 && (PRONOUN_PERSON.test(phrase) || PRONOUN_PLURAL.test(phrase))) return true;
  if (/[,;:“”"«»()]/.test(phrase)) return false;
  const rest = phrase.replace(DETERMINER, '');
  if (rest.length === 0 || /^(?:the|a|an|this|that|one|another)$/i.test(phrase)) return false;
  // Lowercase function words mark a clause; capitalised ones ("US") are names.
  if (rest.split(/\s+/).some((word) => CLAUSE_WORDS.has(word))) return false;
  const hasProperNoun = rest.split(/\s+/).some((word) => /^\p{Lu}/u.test(word));
  return hasProperNoun || PERSON_ROLES.test(rest);
}

/** A named person: ends with two or more capitalised words that are not a body's name. */
function personalName(phrase: string): string | null {
  const words = phrase.replace(/[’']s$/, '').split(/\s+/);
  const name: string[] = [];
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] as string;
    if (!/^\p{Lu}[\p{Ll}’'.-]+$/u.test(word) || TITLE_WORDS.has(word.toLowerCase().replace(/\.$/, ''))) break;
    name.unshift(word);
  }
  if (name.length < 2 || name.length > 4 || BODY_HEADS.test(name.join(' '))) return null;
  return name.join(' ');
}

function cleanPhrase(phrase: string): string {
  return phrase.replace(DETERMINER, '').replace(/[’']s$/, '').trim();
}

interface Mention {
  text: string;
  /** The fullest phrase the story used for them ("US secretary of war Pete Hegseth"). */
  description: string;
  person: boolean;
  plural: boolean;
}

function describe(phrase: string): Mention {
  const name = personalName(phrase);
  if (name) return { text: name, description: phrase, person: true, plural: false };
  const text = cleanPhrase(phrase);
  const role = PERSON_ROLES.exec(text)?.[0]?.toLowerCase() ?? null;
  const plural = role !== null && /s$/.test(role) && !/(?:ss|us)$/.test(role);
  return { text, description: phrase, person: role !== null && !BODY_HEADS.test(text), plural };
}

/** Role phrases mentioned in a sentence ("A Number 10 spokesman"), for resolving "the official" later. */
function roleMentions(sentence: string): Mention[] {
  const found: Mention[] = [];
  const pattern = /\b(?:[Aa]n?|[Tt]he)\s+((?:[\p{Lu}\p{N}][\p{L}\p{N}’'.-]*\s+){1,4})(\p{Ll}+)\b/gu;
  for (const match of sentence.matchAll(pattern)) {
    const phrase = `${match[1]}${match[2]}`;
    if (PERSON_ROLES.test(match[2] as string)) found.push(describe(phrase));
  }
  return found;
}

/**
 * Speakers for every sentence of a story, in order (null where the sentence is no statement or
 * the speaker is uncertain). Furniture is skipped and breaks no chain.
 */
export interface SpeakerResolution {
  /** The person or body, as named in the story. */
  speaker: string;
  /** Every way the story refers to them around this sentence ("US secretary of war Pete Hegseth", "He"). */
  phrases: string[];
}

export function resolveSpeakers(sentences: readonly SentenceInput[]): (SpeakerResolution | null)[] {
  const speakers: (SpeakerResolution | null)[] = sentences.map(() => null);
  let lastSpeaker: Mention | null = null;
  let lastRole: Mention | null = null;
  let previousParagraph: { speaker: Mention | null; phrase: string | null; quoted: boolean; openQuote: boolean } | null = null;

  const byParagraph = new Map<number, number[]>();
  sentences.forEach((sentence, i) => {
    if (sentence.furniture) return;
    const list = byParagraph.get(sentence.paragraph) ?? [];
    list.push(i);
    byParagraph.set(sentence.paragraph, list);
  });

  for (const indexes of byParagraph.values()) {
    const texts = indexes.map((i) => (sentences[i] as SentenceInput).text);
    const paragraphText = texts.join(' ');
    const quoted = [...OPEN_QUOTES, ...CLOSE_QUOTES].some((q) => paragraphText.includes(q));
    const startsWithQuote = OPEN_QUOTES.includes(paragraphText.trimStart()[0] ?? '');

    let paragraphSpeaker: Mention | null = null;
    let paragraphPhrase: string | null = null;
    let attributed = false;
    indexes.forEach((index, k) => {
      const attribution = findAttribution(texts[k] as string);
      if (!attribution) return;
      attributed = true;
      const speaker = resolve(attribution.phrase, lastSpeaker, lastRole);
      if (speaker) {
        speakers[index] = { speaker: speaker.text, phrases: [speaker.description, attribution.phrase] };
        paragraphSpeaker = speaker;
        paragraphPhrase = attribution.phrase;
      }
    });

    if (paragraphSpeaker !== null && quoted) {
      // Every sentence of a quotation carries the speaker of the quotation.
      const speaker: Mention = paragraphSpeaker;
      indexes.forEach((index, k) => {
        if (insideQuotation(texts, k)) speakers[index] ??= { speaker: speaker.text, phrases: [speaker.description, paragraphPhrase ?? ''] };
      });
    } else if (!attributed && startsWithQuote && previousParagraph?.speaker && (previousParagraph.quoted || previousParagraph.openQuote)) {
      // A paragraph that is only a quotation goes on with the speaker quoted just before it.
      paragraphSpeaker = previousParagraph.speaker;
      paragraphPhrase = previousParagraph.phrase;
      const { text, description } = previousParagraph.speaker;
      for (const index of indexes) speakers[index] = { speaker: text, phrases: [description, paragraphPhrase ?? ''] };
    }

    for (const text of texts) {
      const roles = roleMentions(text);
      if (roles.length > 0) lastRole = roles[roles.length - 1] as Mention;
    }
    if (paragraphSpeaker !== null) {
      lastSpeaker = paragraphSpeaker;
      if ((paragraphSpeaker as Mention).person) lastRole = paragraphSpeaker;
    }
    previousParagraph = { speaker: paragraphSpeaker, phrase: paragraphPhrase, quoted, openQuote: quoteBalance(paragraphText) > 0 };
  }
  return speakers;
}

function resolve(phrase: string, lastSpeaker: Mention | null, lastRole: Mention | null): Mention | null {
  if (PRONOUN_PERSON.test(phrase)) {
    if (lastSpeaker?.person && !lastSpeaker.plural) return lastSpeaker;
    return lastRole && !lastRole.plural ? lastRole : null;
  }
  if (PRONOUN_PLURAL.test(phrase)) return lastSpeaker?.plural ? lastSpeaker : null;
  const bare = cleanPhrase(phrase);
  // "the official", "the spokesman": a bare role names the person or body mentioned before in that role.
  if (/^(?:the|this|that)\s/i.test(phrase) && PERSON_ROLES.test(bare) && !/\p{Lu}/u.test(bare)) {
    const plural = /s$/i.test(bare);
    const candidate = lastSpeaker?.person && lastSpeaker.plural === plural ? lastSpeaker : lastRole;
    if (candidate && candidate.plural === plural) return candidate;
    return null;
  }
  return describe(phrase);
}

/** Opening minus closing quotation marks (straight quotes count as opening when unbalanced). */
function quoteBalance(text: string): number {
  let balance = 0;
  let straight = 0;
  for (const char of text) {
    if (char === '“' || char === '«') balance++;
    else if (char === '”' || char === '»') balance--;
    else if (char === '"') straight++;
  }
  return balance + (straight % 2);
}

/** Whether sentence k of a paragraph is, or touches, quoted speech. */
function insideQuotation(texts: readonly string[], k: number): boolean {
  let depth = 0;
  for (let i = 0; i < k; i++) depth += quoteBalance(texts[i] as string);
  const text = texts[k] as string;
  return depth > 0 || /[“”«»"]/.test(text) || /(?:^|\s)‘|’(?=[\s,.;:!?]|$)/u.test(text);
}
