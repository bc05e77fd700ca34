/**
 * Who said it: the speaker of quotations and reported statements, resolved through pronouns
 * ("He said:"), surnames ("Weber said") and definite descriptions ("the official said", "the
 * commission said") to the person or body named before. When the speaker is uncertain the
 * answer is null — none rather than a wrong one.
 *
 * The story is read in order, keeping a register of the people and bodies it has named (as
 * speakers or in narration, never inside quotations), with their roles and, once known, whether
 * the story calls them "he" or "she".
 */
import {
  CLAUSE_WORDS,
  defaultKnowledge,
  type Kind,
  type NameKnowledge,
  NOT_NAMES,
  OPENER,
  PERSON_ROLE,
  PERSON_ROLE_WORDS,
  roleAround,
  roleWords,
  roleWordsOpening,
  TITLE_WORDS,
  words,
} from './roles.js';
import { SPEECH_FORMS } from './speech.js';

export type { NameKnowledge } from './roles.js';

/** Finite forms of verbs that report speech: the engine's one table of them (speech.ts). */
const SPEECH_VERBS = SPEECH_FORMS;

/** Words between a subject and its verb that do not change who speaks ("has said", "also told"). */
const AUXILIARIES = new Set(
  'has have had also previously later earlier then would will did does repeatedly publicly recently once again had further separately'.split(
    ' ',
  ),
);
/** A form of "be" before the verb makes it passive: "was asked" is not someone asking. */
const PASSIVE = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'be']);

/** After a role word: more of the role ("chief executive"), or "of/for …" and a name ("secretary of war Pete Hegseth"). */
const ROLE_GOES_ON = new RegExp(
  `^\\s+(?:${PERSON_ROLE_WORDS}|executive|officer)\\b|^\\s+(?:of|for)\\s+[^,;:.]*\\p{Lu}\\p{Ll}+\\s+\\p{Lu}`,
  'iu',
);

/** Roles that "the official" may name: people who speak for an institution. */
const OFFICIAL_ROLES = new Set([
  'official',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'aide',
  'source',
  'representative',
  'officer',
  'officials',
  'sources',
]);

/** Nouns that stand for whichever company or organisation the story is about. */
const GENERIC_BODIES = new Set([
  'company',
  'firm',
  'group',
  'business',
  'organisation',
  'organization',
  'charity',
  'retailer',
  'manufacturer',
  'carrier',
  'airline',
  'bank',
  'insurer',
  'lender',
  'supplier',
  'operator',
  'provider',
  'utility',
]);

const HE_ROLES = new Set([
  'husband',
  'father',
  'son',
  'brother',
  'king',
  'prince',
  'spokesman',
  'chairman',
  'boyfriend',
  'grandfather',
  'uncle',
  'nephew',
]);
const SHE_ROLES = new Set([
  'wife',
  'mother',
  'daughter',
  'sister',
  'queen',
  'princess',
  'spokeswoman',
  'chairwoman',
  'girlfriend',
  'grandmother',
  'aunt',
  'niece',
  'widow',
]);
const HE_TITLES = new Set(['mr', 'sir', 'lord', 'king', 'prince', 'father', 'brother', 'spokesman', 'chairman']);
const SHE_TITLES = new Set(['mrs', 'ms', 'miss', 'dame', 'lady', 'queen', 'princess', 'sister', 'spokeswoman', 'chairwoman']);

/** Lowercase nouns for an organisation: "the Unite union", "the Kellbridge Rovers club" name a body. */
const ORGANISATION_NOUNS = new Set(
  'council union party government department ministry agency committee commission board trust team club school college university hospital court police association society federation'.split(
    ' ',
  ),
);

/**
 * Whether a capitalised name between a determiner and a common noun names that thing ("the Harbour View guest house",
 * "the Kestrel Arms pub"): then it is no person or body of the story. A person's or an organisation's noun after it
 * ("the Harbour View owner", "the Unite union") leaves it a name.
 */
function namesAThing(text: string, start: number, end: number, knowledge: NameKnowledge): boolean {
  if (!/(?:^|\s)(?:the|a|an)\s+$/i.test(text.slice(0, start))) return false;
  const nouns: string[] = [];
  for (const word of text
    .slice(end)
    .match(/^(?:\s+\p{Ll}+){1,3}/u)?.[0]
    .trim()
    .split(/\s+/) ?? []) {
    if (!(knowledge.isThingNoun?.(word) || knowledge.isPersonNoun?.(word))) break;
    nouns.push(word);
  }
  const head = nouns[nouns.length - 1];
  return head !== undefined && knowledge.isThingNoun?.(head) === true && !ORGANISATION_NOUNS.has(head) && !GENERIC_BODIES.has(head);
}

/** Lowercase nouns that name a body when they end a capitalised name ("Charity Commission", "Marlow Water"). */
const BODY_HEADS = new Set(
  'street house office department ministry agency council union nations states kingdom government administration party court commission committee parliament congress senate police army navy military forces guard bank company group organisation organization network news times post journal press gazette herald chronicle courier telegraph tribune observer guardian mirror echo express examiner inquirer advertiser bulletin reuters institute university foundation embassy pentagon kremlin whitehall authority authorities service services board bureau corporation inc ltd plc llc fund team club league trust charity hospital school college inspectorate water energy gas power airlines railway council regulator exchange'.split(
    ' ',
  ),
);

const DETERMINER = /^(?:the|a|an|this|that|one|another|its|their|his|her|our)\s+/i;
const OPEN_QUOTES = '“‘«"';
const CLOSE_QUOTES = '”’»"';

export interface SentenceInput {
  paragraph: number;
  text: string;
  furniture: boolean;
}

export interface SpeakerResolution {
  /** The person or body, as named in the story. */
  speaker: string;
  /** Every way the story refers to them around this sentence ("US secretary of war Pete Hegseth", "He"). */
  phrases: string[];
}

/** The attribution of one sentence: the subject of its speech verb as written, or none. */
export interface Attribution {
  phrase: string;
}

/** Verbs that report words only when a quotation follows them: "called the closure “devastating for the city”". */
const QUOTING_VERBS = /(?<![\p{L}])(?:called|calls|branded|brands|labelled|labeled|dubbed|termed)(?![\p{L}])(?=[^“"]*[“"])/gu;

function quotingVerbs(sentence: string): RegExpExecArray[] {
  return [...sentence.matchAll(QUOTING_VERBS)];
}

/** Reporting verbs that are as often plain verbs ("Fighting continued", "The company responded to the crisis"). */
const WEAK_VERBS = /^(?:continued|concluded|responded|responds|replied|replies|answered|asked|asks|noted|notes|described|describes)$/;

const verbPattern = new RegExp(`(?<![\\p{L}])(?:${SPEECH_VERBS})(?![\\p{L}])`, 'gu');

/**
 * The speaker phrase of a sentence that reports speech, as written ("US secretary of war Pete Hegseth",
 * "the official", "He"), or null. Only lowercase verbs count: "Omar Said" is a name.
 */
export function findAttribution(sentence: string): Attribution | null {
  const found = attributionOf(sentence);
  return found.phrase === null ? null : { phrase: found.phrase };
}

/** As findAttribution, and whether the sentence has a reporting clause at all (even one whose subject cannot be read). */
function attributionOf(sentence: string): { phrase: string | null; reporting: boolean } {
  let reporting = false;
  for (const match of [...sentence.matchAll(verbPattern), ...quotingVerbs(sentence)]) {
    // "Fighting continued overnight": some verbs report speech only beside a quotation or a colon.
    if (WEAK_VERBS.test(match[0]) && !/[“”"«»]/.test(sentence) && !/^\s*:/.test(sentence.slice(match.index + match[0].length))) continue;
    const before = sentence.slice(0, match.index);
    const words = before.trimEnd().split(/\s+/).filter(Boolean);
    if (PASSIVE.has((words[words.length - 1] ?? '').toLowerCase())) continue;
    while (words.length > 0 && AUXILIARIES.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
    if (PASSIVE.has((words[words.length - 1] ?? '').toLowerCase())) continue;
    const clause = words.join(' ');
    const afterQuote = /[”"’»]\s*,?\s*$/.test(clause) || /[,!?]\s*[”"’»]$/.test(clause);
    if (afterQuote) reporting = true;
    const subject = subjectOf(clause);
    if (subject) return { phrase: subject, reporting: true };
    // Inverted attribution after a quotation: "…,” said the official." / "…,” said Jane Doe, the engineer."
    if (afterQuote) {
      const after = sentence.slice(match.index + match[0].length);
      const object = /^\s+([^,.;:!?“”"]{1,80}?)(?=\s*(?:[,.;:!?]|$)|\s(?:in|on|at|who|after|when|as|to|outside)\b)/u.exec(after)?.[1];
      if (object && isSpeakerPhrase(object.trim())) return { phrase: object.trim(), reporting: true };
    }
  }
  return { phrase: null, reporting };
}

/**
 * The subject at the end of the words before a speech verb. Leading adverbials ("On Monday,"), appositives
 * ("Simon Threlfall KC, defending,"; "The Commission, which regulates charities,"; "Helen Okafor, the director of
 * public health,") and a coordinated predicate ("…, apologised to customers and said") are looked through.
 */
function subjectOf(clause: string): string | null {
  let text = clause.trim();
  // After a quotation only what follows the closing quote can be the subject.
  const lastQuote = lastQuotationMark(text);
  if (lastQuote >= 0) text = text.slice(lastQuote + 1).replace(/^[\s,]+/, '');
  text = text.replace(/[\s,]+$/, '');
  const colon = Math.max(text.lastIndexOf(':'), text.lastIndexOf(';'), text.lastIndexOf(' – '), text.lastIndexOf(' — '));
  if (colon >= 0) text = text.slice(colon + 1).trim();
  if (text.length === 0) return null;
  let parts = text.split(/,\s*/);
  // "X, Y, apologised to customers and said": the last part is a predicate, the subject comes before it.
  const last = parts[parts.length - 1] ?? '';
  if (parts.length > 1 && /^\p{Ll}+(?:ed|s)\b/u.test(last) && /\band$/.test(last)) parts = parts.slice(0, -1);
  for (let i = parts.length - 1; i >= 0 && i >= parts.length - 4; i--) {
    // "…, and the hospital said", "…, where Mr. Pellew said": a conjunction opens the clause, the subject follows it.
    const candidate = withoutOpener(
      (parts[i] ?? '').replace(/^(?:and|but|while|as|though|although|where|when|after|because|since)\s+/i, '').trim(),
    );
    if (!parts.slice(i + 1).every(isAppositive)) return null;
    // "Helen Okafor, the director of public health,": a role after a name is the name's appositive.
    const beforeIt = (parts[i - 1] ?? '').trim();
    if (
      /^(?:the|a|an|its|their|his|her)\s+[^\p{Lu}]/u.test(candidate) &&
      /\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(beforeIt) &&
      isSpeakerPhrase(beforeIt)
    )
      continue;
    const subject = isSpeakerPhrase(candidate) ? candidate : i === parts.length - 1 ? afterClause(candidate) : null;
    if (!subject) continue;
    // The subject opens the sentence or follows an adverbial ("On Monday,", "Sentencing him on Friday,");
    // or it stands last, after a whole clause ("…more than a month ago, CNN reported").
    const head = parts.slice(0, i);
    if (head.every((h) => isAdverbial(h) || isAppositive(h)) || i === parts.length - 1) return subject;
  }
  return null;
}

/**
 * The subject of a second clause joined by "and" or "but" without a comma: "Engineers found a crack and the company
 * said…" → "the company". Only when the first is a clause (it has a verb: "The mayor and the council said" is one
 * subject of two) and the second opens with a determiner.
 */
function afterClause(text: string): string | null {
  const joined = /^(.*\S)\s+(?:and|but)\s+((?:the|a|an|its|their)\s+\S.*)$/i.exec(text);
  if (!joined) return null;
  const [, first = '', second = ''] = joined;
  const knowledge = defaultKnowledge();
  if (!words(first).some((w) => knowledge.isVerb?.(w.toLowerCase()))) return null;
  return isSpeakerPhrase(second) ? second : null;
}

/** Where the last quotation mark stands, or -1; an apostrophe between letters ("firm’s", "O’Neill") is none. */
function lastQuotationMark(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const char = text[i] as string;
    if (!OPEN_QUOTES.includes(char) && !CLOSE_QUOTES.includes(char)) continue;
    if ((char === '’' || char === '‘' || char === "'") && /\p{L}/u.test(text[i - 1] ?? '') && /\p{L}/u.test(text[i + 1] ?? '')) continue;
    return i;
  }
  return -1;
}

/** An aside after a subject: "defending", "of the City Police", "which regulates…", "58", "the director of…". */
function isAppositive(part: string): boolean {
  const text = part.trim();
  return /^(?:\p{Ll}|\d)/u.test(text) && !/^(?:and|but)\s/.test(text);
}

/**
 * A subject read with its introductory phrase ("In a statement the firm" → "the firm"): the longest rest that is a
 * speaker phrase opening with a determiner or a capital; "" when nothing after the phrase can speak.
 */
function withoutOpener(phrase: string): string {
  const list = words(phrase);
  if (!OPENER.test(list[0] ?? '')) return phrase;
  for (let i = 2; i < list.length; i++) {
    const rest = list.slice(i).join(' ');
    if (/^(?:the|a|an|its|their|his|her|\p{Lu})/u.test(rest) && isSpeakerPhrase(rest)) return rest;
  }
  return '';
}

function isAdverbial(part: string): boolean {
  return /^(?:on|in|at|after|before|earlier|later|meanwhile|speaking|sentencing|asked|writing|responding|however|last|this|yesterday|today|separately|overnight|since)\b/i.test(
    part.trim(),
  );
}

function isSpeakerPhrase(phrase: string): boolean {
  const list = words(phrase);
  if (list.length === 0 || list.length > 10) return false;
  if (list.length === 1 && /^(?:he|she|they)$/i.test(phrase)) return true;
  if (OPENER.test(list[0] ?? '')) return false;
  if (/[,;:“”"«»()]/.test(phrase)) return false;
  // "Jane Smith and the council said": two speakers in one subject are no one speaker.
  if (/\s(?:and|or)\s+(?:the|a|an|his|her|its|their)\s/i.test(phrase)) return false;
  // A phrase that opens with a lowercase preposition or verb is an aside, not a subject.
  // …unless a name ends it: "operator Westway Ferries", "councillor Jane Doe".
  const endsInName = list.length <= 5 && /^\p{Lu}/u.test(list[list.length - 1] ?? '') && list.filter((w) => /^\p{Ll}/u.test(w)).length <= 2;
  if (
    /^(?!the\b|a\b|an\b|this\b|that\b|its\b|their\b|his\b|her\b|one\b|another\b)\p{Ll}/u.test(phrase) &&
    !PERSON_ROLE.test(list[0] ?? '') &&
    !endsInName
  )
    return false;
  const rest = phrase.replace(DETERMINER, '');
  if (rest.length === 0 || (rest === phrase && /^(?:the|a|an|this|that|one|another)$/i.test(phrase))) return false;
  if (words(rest).some((word) => CLAUSE_WORDS.has(word))) return false;
  const hasProperNoun = words(rest).some((word) => /^\p{Lu}/u.test(word));
  const head = roleHead(rest) ?? '';
  return hasProperNoun || PERSON_ROLE.test(head) || (/^(?:the|this)\s/i.test(phrase) && (BODY_HEADS.has(head) || GENERIC_BODIES.has(head)));
}

/** The role noun a phrase is headed by: the last word before a preposition ("spokeswoman" of "A spokeswoman for the trust"). */
function roleHead(phrase: string): string | null {
  const head = phrase.replace(DETERMINER, '').split(/\s+(?:of|for|at|from|in|with|to|on)\s+/)[0] ?? '';
  const last = words(head).pop();
  return last ? last.toLowerCase().replace(/[’']s$/, '') : null;
}

type Gender = 'he' | 'she' | null;

interface Entity {
  name: string;
  /** The fullest phrase the story used for them. */
  description: string;
  kind: Kind;
  gender: Gender;
  plural: boolean;
  /** Role nouns the story gave them: "spokesman", "judge", "commission". */
  roles: Set<string>;
  /** The sentence where they were last named or quoted. */
  lastSeen: number;
  /** Whether the story gives them a name (not only a role: "a spokesman"). */
  proper?: boolean;
  /** An unnamed official or spokesperson of a body ("a Pentagon official"): their statements are the body's. */
  speaksFor?: Entity | undefined;
  /** The role the story gives them, in its own words ("US secretary of war"), once found. */
  role?: string | null;
  /** The paragraph where the story first names them. */
  firstParagraph?: number;
  /** The sentence (index in the input) that gives the role. */
  roleSentence?: number;
}

/** How far back (in sentences) a pronoun or description may reach for its antecedent. */
const PRONOUN_REACH = 8;
const DESCRIPTION_REACH = 14;

/** A title before a name: "Mr.", "Dr", "Judge", "Insp.". */
function isTitle(token: string): boolean {
  return /^\p{Lu}(?:\p{Ll}*|\p{Lu}{1,3})\.?$/u.test(token) && TITLE_WORDS.has(token.toLowerCase().replace(/\.$/, ''));
}

/** A word of a name: "Cooper", "J.", "CNN", "McDonald", "MacRae", "DeSantis", "O’Neill", "Smith-Jones". */
const NAME_TOKEN = /^(?:\p{Lu}[\p{Ll}’'-]+|\p{Lu}\.|\p{Lu}{2,4}|\p{Lu}\p{Ll}{0,2}\p{Lu}\p{Ll}+|O’\p{Lu}\p{Ll}+)$/u;

class Register {
  readonly entities: Entity[] = [];
  /** The paragraph being read: where a newly named entity is first named. */
  paragraph = 0;
  /** The sentence being read (its index in the input): where a role is given. */
  sentence = -1;
  /** Who made the last statement, and at which position. */
  lastSpeaker: Entity | null = null;
  lastSpokeAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly knowledge: NameKnowledge) {}

  /** The entity a phrase names, registering it (or refreshing it) as seen at `position`; null when unknown or ambiguous. */
  named(phrase: string, position: number, kind?: Kind): Entity | null {
    const entity = this.classify(phrase);
    if (!entity) return null;
    // A body spoken for by its official ("a Transport Scotland spokesman") is a body, whatever its name looks like.
    if (kind) entity.kind = kind;
    const known = this.same(entity);
    if (known === 'ambiguous') return null;
    if (known) {
      known.lastSeen = position;
      for (const role of entity.roles) known.roles.add(role);
      known.gender ??= entity.gender;
      if (kind && !(known.kind === 'person' && known.proper)) known.kind = kind;
      if (entity.description.length > known.description.length) known.description = entity.description;
      return known;
    }
    // "The United Nations human rights chief": a role alone is the one person the story gave that role, if only one.
    if (!entity.proper && entity.kind === 'person' && !entity.plural) {
      const holder = this.holderOf(entity.name);
      if (holder) {
        holder.lastSeen = position;
        return holder;
      }
    }
    entity.lastSeen = position;
    entity.firstParagraph = this.paragraph;
    this.entities.push(entity);
    if (!entity.proper && entity.kind === 'person') entity.speaksFor = this.bodyOfOfficial(entity.name, position);
    return entity;
  }

  /** An earlier entry for the same one: the same name, the same first and last name, or a surname alone when only one person has it. */
  private same(entity: Entity): Entity | 'ambiguous' | undefined {
    const lower = entity.name.toLowerCase();
    const exact = this.entities.find((e) => e.name.toLowerCase() === lower);
    if (exact) return exact;
    const list = words(entity.name);
    if (entity.proper && list.length >= 2) {
      // "Colin Ashworth" is "Colin D. Ashworth": the same first and last name, initials aside.
      const bare = (name: string) => words(name).filter((w) => !/^\p{Lu}\.$/u.test(w));
      const key = bare(entity.name).join(' ').toLowerCase();
      return this.entities.find((e) => e.kind === 'person' && e.proper && bare(e.name).join(' ').toLowerCase() === key);
    }
    if (list.length !== 1) return undefined;
    // "Halvorsen" after "Halvorsen Appliances": a body's first word stands for it, when every body it opens extends the first.
    const bodies = this.entities.filter((e) => e.kind === 'body' && words(e.name).length > 1 && words(e.name)[0] === entity.name);
    const firstBody = bodies[0];
    if (firstBody && bodies.every((b) => b.name.startsWith(firstBody.name))) return firstBody;
    // "Council officials said" after "Argyll Council": a body's own noun alone is that body, when only one has it.
    if (BODY_HEADS.has(entity.name.toLowerCase())) {
      const headed = this.entities.filter((e) => e.kind === 'body' && words(e.name).length > 1 && words(e.name).pop() === entity.name);
      if (headed.length === 1) return headed[0];
    }
    // A surname alone ("Weber said", "Mr. Pellew said") is the person named before in full, if only one has it
    // ("Mrs Ashworth" and "Mr Ashworth" are told apart by their titles).
    const holders = this.entities.filter(
      (e) =>
        e.kind === 'person' &&
        e.proper &&
        words(e.name).length > 1 &&
        words(e.name).pop() === entity.name &&
        (entity.gender === null || e.gender === null || e.gender === entity.gender),
    );
    if (holders.length > 1) {
      const byGender = entity.gender ? holders.filter((e) => e.gender === entity.gender) : [];
      return byGender.length === 1 ? byGender[0] : 'ambiguous';
    }
    return holders[0];
  }

  /** The one named person whose role in the story holds every word of a role phrase ("United Nations human rights chief"). */
  private holderOf(phrase: string): Entity | undefined {
    const wanted = roleWords(phrase);
    if (wanted.length < 2) return undefined;
    const holders = this.entities.filter((e) => e.proper && e.role && wanted.every((w) => roleWords(e.role as string).includes(w)));
    return holders.length === 1 ? holders[0] : undefined;
  }

  /**
   * The body an unnamed official or spokesperson speaks for: "Pentagon official", "Number 10 spokesman",
   * "spokeswoman for the Department for Business and Trade", "spokeswoman for the trust", "the company's spokesman".
   */
  private bodyOfOfficial(phrase: string, position: number): Entity | undefined {
    const [head = '', ...rest] = phrase.split(/\s+(?:for|of|at|from)\s+/);
    const headWords = words(head);
    const noun = (headWords.pop() ?? '').toLowerCase();
    if (!OFFICIAL_ROLES.has(noun)) return undefined;
    const modifier = headWords.join(' ').replace(/[’']s$/, '');
    const owner = rest.length > 0 ? rest.join(' for ') : modifier;
    // "The company said… Engineers will need a week, a spokesman added.": a spokesperson of no named body, right after
    // a body spoke, speaks for that body.
    if (!owner) {
      const last = this.lastSpeaker?.speaksFor ?? this.lastSpeaker;
      return last && last.kind === 'body' && position - this.lastSpokeAt <= 2 ? last : undefined;
    }
    if (/\p{Lu}/u.test(owner)) return this.named(owner.replace(DETERMINER, ''), position, 'body') ?? undefined;
    const body = roleHead(owner);
    return body ? (this.described(body, position) ?? undefined) : undefined;
  }

  /** A body the story describes without naming it ("the island's community trust"), registered under the description. */
  describedBody(phrase: string, noun: string, position: number): Entity {
    const name = phrase.replace(DETERMINER, '').trim();
    const known = this.entities.find((e) => e.name === name);
    if (known) {
      known.lastSeen = position;
      return known;
    }
    const entity: Entity = {
      name,
      description: phrase,
      kind: 'body',
      gender: null,
      plural: false,
      roles: new Set([noun]),
      lastSeen: position,
    };
    entity.firstParagraph = this.paragraph;
    this.entities.push(entity);
    return entity;
  }

  /** He/she: the person seen most recently whose gender does not contradict it. */
  pronoun(pronoun: 'he' | 'she', position: number): Entity | null {
    const candidates = this.entities
      .filter(
        (e) => e.kind === 'person' && !e.plural && (e.gender === null || e.gender === pronoun) && position - e.lastSeen <= PRONOUN_REACH,
      )
      .sort(
        (a, b) =>
          b.lastSeen - a.lastSeen ||
          words(b.name).filter((w) => /^\p{Lu}/u.test(w)).length - words(a.name).filter((w) => /^\p{Lu}/u.test(w)).length,
      );
    const found = candidates[0] ?? null;
    if (found) {
      found.gender = pronoun;
      found.lastSeen = position;
    }
    return found;
  }

  /** They: the plural person or body seen most recently. */
  plural(position: number): Entity | null {
    const found = this.entities
      .filter((e) => e.plural && position - e.lastSeen <= PRONOUN_REACH)
      .sort((a, b) => b.lastSeen - a.lastSeen)[0];
    return found ?? null;
  }

  /**
   * "the official", "the judge", "the commission": the last one seen in that role nearby, or else the only one the
   * story ever gave that role.
   */
  described(noun: string, position: number): Entity | null {
    const official = OFFICIAL_ROLES.has(noun);
    const fits = (e: Entity) =>
      GENERIC_BODIES.has(noun)
        ? e.kind === 'body'
        : e.roles.has(noun) ||
          (official && [...e.roles].some((r) => OFFICIAL_ROLES.has(r))) ||
          (noun.startsWith('spokes') && [...e.roles].some((r) => r.startsWith('spokes')));
    const all = this.entities.filter(fits);
    const found =
      all.filter((e) => position - e.lastSeen <= DESCRIPTION_REACH).sort((a, b) => b.lastSeen - a.lastSeen)[0] ??
      (all.length === 1 ? all[0] : undefined);
    if (found) found.lastSeen = position;
    return found ?? null;
  }

  /** People and bodies named in narration: capitalised names (with the role the story gives them), and role phrases ("A Number 10 spokesman"). */
  noteMentions(narration: string, position: number): void {
    for (const match of narration.matchAll(/(?:\b(?:[Aa]n?|[Tt]he)\s+)?((?:[\p{Lu}\p{N}][\p{L}\p{N}’'.-]*\s+){0,4})([\p{Ll}]+)\b/gu)) {
      const role = (match[2] ?? '').toLowerCase();
      // "Chief executive Graham Pellew": a role right before a name is the name's title, not another person.
      const nameFollows = /^\s+\p{Lu}/u.test(narration.slice(match.index + match[0].length));
      // "US secretary of war Pete Hegseth", "Marlow Water’s chief executive, Simon…": the role goes on, and belongs to the name.
      const after = narration.slice(match.index + match[0].length);
      const goesOn = ROLE_GOES_ON.test(after);
      const owner = (match[1] ?? '').trim();
      if (PERSON_ROLE.test(role) && owner.length > 0 && !/^(?:his|her|their|its|our|the|a|an)$/i.test(owner) && !nameFollows && !goesOn)
        this.named(`${match[1]}${match[2]}`, position);
    }
    const tokens = [...narration.matchAll(/[^\s,;:()“”"]+/g)];
    let run: { text: string; start: number; end: number }[] = [];
    const flush = () => {
      // Titles open a run but are not the name ("Foreign Secretary Yvette Cooper"), unless the run names a body ("US Coast Guard");
      // a lone capital is a name only as a known person's surname.
      const body = BODY_HEADS.has((run[run.length - 1]?.text ?? '').toLowerCase());
      while (!body && run.length > 0 && TITLE_WORDS.has((run[0]?.text ?? '').toLowerCase().replace(/\.$/, ''))) run.shift();
      // "Lawyer Rebecca Stone, who…": an occupation word opening the sentence is her role, not her first name.
      if (!body)
        run.splice(
          0,
          roleWordsOpening(
            run.map((t) => t.text),
            this.knowledge,
          ),
        );
      const first = run[0];
      const last = run[run.length - 1];
      if (first && last && !body && namesAThing(narration, first.start, last.end, this.knowledge)) run = [];
      if (first && last && (run.length >= 2 || this.entities.some((e) => e.kind === 'person' && words(e.name).pop() === first.text))) {
        const entity = this.named(run.map((t) => t.text).join(' '), position);
        if (entity && run.length >= 2 && !entity.role) {
          entity.role = roleAround(narration, first.start, last.end, entity.kind, this.knowledge);
          if (entity.role) {
            entity.roleSentence = this.sentence;
            const roleWordsLower = words(entity.role.toLowerCase());
            // "His wife, Sarah Dunn": the role tells "she" from "he"…
            entity.gender ??= roleWordsLower.some((w) => SHE_ROLES.has(w))
              ? 'she'
              : roleWordsLower.some((w) => HE_ROLES.has(w))
                ? 'he'
                : null;
            // …and a person from a place or a firm ("Ellen Park, an analyst at…").
            const head = roleHead(entity.role) ?? '';
            const named = words(entity.name);
            const bodyNamed = BODY_HEADS.has((named[named.length - 1] ?? '').toLowerCase()) || /^\p{Lu}{2,}$/u.test(entity.name);
            // "Moira Bell, who owns…": "who" is said of a person, "which" of a body.
            const who = /^who\s/.test(entity.role);
            if (entity.kind !== 'person' && !bodyNamed && ((PERSON_ROLE.test(head) && !GENERIC_BODIES.has(head)) || who))
              entity.kind = 'person';
          }
        }
      }
      run = [];
    };
    const clean = (raw: string) => raw.replace(/[’']s$/, '').replace(/[.!?]$/, (dot) => (/^\p{Lu}$/u.test(raw.slice(0, -1)) ? dot : ''));
    let previousEnd = 0;
    tokens.forEach((match, i) => {
      const raw = match[0];
      const token = clean(raw);
      const lower = token.toLowerCase();
      // A name does not run over punctuation ("Harpenden, Hertfordshire"; "On Monday, US secretary").
      if (/[^\s]/.test(narration.slice(previousEnd, match.index))) flush();
      previousEnd = match.index + raw.length;
      // "City of London Police", "Department for Business and Trade": a joining word between capitals stays in the name.
      const next = clean(tokens[i + 1]?.[0] ?? '');
      const joins =
        run.length > 0 &&
        (/^(?:of|for)$/.test(token) || (token === 'and' && run.some((t) => /^(?:of|for)$/.test(t.text)))) &&
        NAME_TOKEN.test(next) &&
        !NOT_NAMES.has(next.toLowerCase());
      // A capitalised function word or a common word opening the sentence ("The", "Among") is no name, unless a name
      // goes on after it ("Downing Street did not deny…").
      const nameGoesOn = NAME_TOKEN.test(next) && !NOT_NAMES.has(next.toLowerCase()) && !/[’']s$/.test(raw);
      const opener =
        (i === 0 || run.length === 0) &&
        (NOT_NAMES.has(lower) || (i === 0 && this.knowledge.isCommonWord(lower) && !TITLE_WORDS.has(lower) && !nameGoesOn));
      if ((NAME_TOKEN.test(token) && !opener) || joins) run.push({ text: token, start: match.index, end: match.index + token.length });
      else flush();
      // "UN’s human rights chief": a possessive ends the name.
      if (/[’']s$/.test(raw)) flush();
    });
    flush();
  }

  /** What a phrase names: a person (by name or role), a body, a place, or something unknown. */
  private classify(phrase: string): Entity | null {
    const cleaned = phrase
      .trim()
      .replace(/[.,;:]+$/, '')
      .replace(DETERMINER, '')
      .replace(/(?:\s+(?:\p{Lu}{2,4}|Jr\.?|Sr\.?))+$/u, (letters) => (words(phrase).length > 2 ? '' : letters));
    if (!cleaned) return null;
    // "Fighting continued…": a capitalised gerund is an activity, not a name.
    if (/^\p{Lu}\p{Ll}+ing$/u.test(cleaned) && this.knowledge.isCommonWord(cleaned.toLowerCase())) return null;
    const tokens = words(cleaned);
    const lowerTokens = tokens.map((t) =>
      t
        .toLowerCase()
        .replace(/[’']s$/, '')
        .replace(/\.$/, ''),
    );
    const gender: Gender = lowerTokens.some((t) => HE_TITLES.has(t)) ? 'he' : lowerTokens.some((t) => SHE_TITLES.has(t)) ? 'she' : null;
    const roles = new Set<string>();
    const head = roleHead(cleaned);
    if (head) roles.add(head);
    for (const t of lowerTokens) if (TITLE_WORDS.has(t) || PERSON_ROLE.test(t)) roles.add(t);
    // The trailing run of capitalised tokens (initials allowed), less the titles that open it, is a name.
    const name: string[] = [];
    for (let i = tokens.length - 1; i >= 0; i--) {
      const token = (tokens[i] as string).replace(/[’']s$/, '');
      // "City of London Police", "Department for Business and Trade": joining words between capitals belong to the name.
      const joining =
        /^(?:of|for|and)$/.test(token) &&
        name.length > 0 &&
        NAME_TOKEN.test(tokens[i - 1] ?? '') &&
        !NOT_NAMES.has((tokens[i - 1] ?? '').toLowerCase());
      if (!NAME_TOKEN.test(token) && !isTitle(token) && !joining) break;
      name.unshift(token);
    }
    let titled = false;
    const bodyHeaded = BODY_HEADS.has((name[name.length - 1] ?? '').toLowerCase());
    while (!bodyHeaded && name.length > 1 && isTitle(name[0] as string)) {
      name.shift();
      titled = true;
    }
    if (!bodyHeaded) name.splice(0, roleWordsOpening(name, this.knowledge));
    // A lone title or role word opening a sentence ("Officials said") is a role, not a name.
    if (name.length === 1 && (isTitle(name[0] as string) || (tokens.length === 1 && PERSON_ROLE.test(lowerTokens[0] ?? ''))))
      name.length = 0;
    const description = phrase.trim().replace(/[.,;:]+$/, '');
    const base = { description, gender, plural: false, roles, lastSeen: 0 };
    if (name.length > 0) {
      const nameText = name.join(' ');
      const last = (name[name.length - 1] as string).toLowerCase();
      const isAcronym = name.length === 1 && /^\p{Lu}{2,}$/u.test(name[0] as string);
      // "MV Heron", "HMS Victory": a name behind a prefix of capitals that is no title is a thing's, not a person's.
      if (
        name.length > 1 &&
        /^\p{Lu}{2,4}$/u.test(name[0] as string) &&
        !TITLE_WORDS.has((name[0] as string).toLowerCase()) &&
        !BODY_HEADS.has(name[name.length - 1]?.toLowerCase() ?? '')
      ) {
        return { ...base, name: name.join(' '), kind: 'unknown', proper: true };
      }
      // "Marlow Water", "Charity Commission", "CNN" are bodies; "Helen Okafor", "Caroline Mercer", "Mr. Pellew" are people;
      // "South America", "River Kell", "West Midlands" are places (an English word for a whole, or a place word first).
      const multi = name.length > 1;
      const placeLike =
        !BODY_HEADS.has(last) &&
        multi &&
        (PLACE_WORDS.has((name[0] as string).toLowerCase()) ||
          PLACE_HEADS.has(last.replace(/\.$/, '')) ||
          this.knowledge.isCommonWord(nameText.toLowerCase()));
      const bodyLike =
        !placeLike &&
        (BODY_HEADS.has(last) ||
          isAcronym ||
          (multi && (this.knowledge.isCommonWord(last) || this.knowledge.isPluralNoun?.(last) === true)));
      if ((name.length >= 2 || titled) && !bodyLike && !placeLike) return { ...base, name: nameText, kind: 'person', proper: true };
      // "Islanders said": a plural noun alone is a group of people, named by what they are (no speaker: see resolve).
      if (name.length === 1 && tokens.length === 1 && this.knowledge.isPluralNoun?.(last)) {
        return { ...base, name: nameText, kind: 'person', plural: true, proper: false };
      }
      if (bodyLike || placeLike || name.length === tokens.length) {
        // A lone capitalised word ("Venezuela", "Weber") may be a person or a body: unknown until the story says.
        const kind: Kind = bodyLike
          ? 'body'
          : placeLike
            ? BODY_HEADS.has(last)
              ? 'body'
              : 'place'
            : this.knowledge.isCommonWord(last)
              ? 'body'
              : 'unknown';
        if (kind === 'body' || kind === 'place') roles.add(last);
        return { ...base, name: nameText, kind, proper: true };
      }
    }
    // A role phrase: "Number 10 spokesman", "Pentagon official", "spokeswoman for the trust".
    if (head && PERSON_ROLE.test(head)) {
      const plural = /s$/.test(head) && !/(?:ss|us)$/.test(head) && head !== 'chairs';
      return { ...base, name: cleaned.replace(/[’']s$/, ''), kind: 'person', plural, proper: false };
    }
    if (/\p{Lu}/u.test(cleaned)) return { ...base, name: cleaned, kind: 'body', proper: true };
    return null;
  }
}

/** Last words that make a capitalised name a place ("Hebden Bridge", "Kellbridge Leisure Centre", "Mill St."). */
const PLACE_HEADS = new Set(
  'bridge street st road rd avenue ave lane square park centre center hill hills valley sea river ocean island islands coast county city town village district region province midlands airport station estate beach harbour harbor moor forest heath pier quay wharf jetty dock docks marina slipway terminal crescent terrace gardens'.split(
    ' ',
  ),
);

/** First words that make a capitalised name a place ("South America", "River Kell", "Mount Everest"). */
const PLACE_WORDS = new Set(
  'north south east west northern southern eastern western central upper lower greater new old river lake loch mount mountain port fort cape bay isle island isles gulf sea ocean strait lake glen vale'.split(
    ' ',
  ),
);

/** Sentences of one paragraph with quoted text blanked out, so names inside quotations are not taken as antecedents. */
function narrationOf(texts: readonly string[]): string[] {
  let depth = 0;
  return texts.map((text) => {
    let out = '';
    for (const char of text) {
      if (char === '“' || char === '«') depth++;
      if (depth === 0) out += char;
      else out += ' ';
      if ((char === '”' || char === '»') && depth > 0) depth--;
    }
    return out;
  });
}

/**
 * Sentences of one paragraph with the words inside quotations blanked but the quotation marks kept: a reporting
 * clause is read only outside them, so neither a quotation's own words ("“Local businesses told us…") nor a name
 * inside it can be taken for its speaker, while "…,” she said" and "…,” said the official" still read as before.
 */
function quotationsMasked(texts: readonly string[]): string[] {
  let depth = 0;
  // Straight quotes open and close in turn, when the paragraph has them in pairs.
  let straight = false;
  const paired = texts.join('').split('"').length % 2 === 1;
  return texts.map((text) => {
    let out = '';
    for (const char of text) {
      const isStraight = char === '"' && paired;
      const open = char === '“' || char === '«' || (isStraight && !straight);
      const close = ((char === '”' || char === '»') && depth > 0) || (isStraight && straight);
      if (isStraight) straight = !straight;
      if (open) depth++;
      out += open || close || depth === 0 ? char : ' ';
      if (close) depth--;
    }
    return out;
  });
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

/**
 * Speakers for every sentence of a story, in order (null where the sentence is no statement or
 * the speaker is uncertain). Furniture is skipped and breaks no chain.
 */
export function resolveSpeakers(
  sentences: readonly SentenceInput[],
  knowledge: NameKnowledge = defaultKnowledge(),
): (SpeakerResolution | null)[] {
  return readSpeakers(sentences, knowledge, false).speakers;
}

/** One person or body of a story's register, as the speaker resolution found them. */
export interface RegisterEntity {
  /** As the story spells it in full ("Pete Hegseth", "Number 10", or a role phrase when unnamed: "spokeswoman for the trust"). */
  name: string;
  kind: 'person' | 'body' | 'place' | 'unknown';
  /** Whether the story names them (not only by a role). */
  proper: boolean;
  plural: boolean;
  /** The role the story gives them, in its own words, or null. */
  role: string | null;
  /** The paragraph of first mention (outside quotations and furniture). */
  firstParagraph: number;
  /** The sentence that gives the role (its index in the input), or null. */
  roleSentence: number | null;
  /** For an unnamed official or spokesperson: the body whose statements theirs are. */
  speaksFor: string | null;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `text` holds `phrase` as whole words. */
function hasWords(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    if (!WORD_CHAR.test(text[at - 1] ?? ' ') && !WORD_CHAR.test(text[at + phrase.length] ?? ' ')) return true;
  }
  return false;
}

/** The name a statement is attributed to: a body's unnamed official speaks as the body. */
function speakerName(entity: Entity): string {
  return (entity.speaksFor ?? entity).name;
}

/**
 * Speakers for every sentence (as `resolveSpeakers`) and the register the story built on the way: every person and
 * body it named outside quotations and page furniture, in order of first mention.
 */
export function readSpeakers(
  sentences: readonly SentenceInput[],
  knowledge: NameKnowledge = defaultKnowledge(),
  withRegister = true,
): { speakers: (SpeakerResolution | null)[]; entities: RegisterEntity[] } {
  const speakers: (SpeakerResolution | null)[] = sentences.map(() => null);
  const register = new Register(knowledge);
  let previous: { speaker: Entity | null; phrase: string | null; quoted: boolean; openQuote: boolean } | null = null;

  const byParagraph = new Map<number, number[]>();
  sentences.forEach((sentence, i) => {
    if (sentence.furniture) return;
    const list = byParagraph.get(sentence.paragraph) ?? [];
    list.push(i);
    byParagraph.set(sentence.paragraph, list);
  });

  const paragraphs: { indexes: number[]; startsWithQuote: boolean; openQuote: boolean; reporting: boolean }[] = [];
  const narrations: { paragraph: number; text: string }[] = [];
  let position = 0;
  for (const [paragraph, indexes] of byParagraph) {
    const texts = indexes.map((i) => (sentences[i] as SentenceInput).text);
    const narration = narrationOf(texts);
    const masked = quotationsMasked(texts);
    narrations.push({ paragraph, text: narration.join(' ') });
    register.paragraph = paragraph;
    const paragraphText = texts.join(' ');
    const quoted = [...OPEN_QUOTES, ...CLOSE_QUOTES].some((q) => paragraphText.includes(q));
    const startsWithQuote = OPEN_QUOTES.includes(paragraphText.trimStart()[0] ?? '');

    let paragraphSpeaker: Entity | null = null;
    let paragraphPhrase: string | null = null;
    let reporting = false;
    indexes.forEach((index, k) => {
      position++;
      const found = attributionOf(masked[k] as string);
      reporting ||= found.reporting;
      const speaker = found.phrase === null ? null : resolve(found.phrase, register, position);
      // What speaks is no place: "…, operator Western Isles Sailings said" is a body ("the company" after it).
      if (speaker?.kind === 'place') speaker.kind = 'body';
      if (speaker && found.phrase !== null) {
        register.lastSpeaker = speaker;
        register.lastSpokeAt = position;
        speakers[index] = { speaker: speakerName(speaker), phrases: [speaker.description, found.phrase] };
        paragraphSpeaker = speaker;
        paragraphPhrase = found.phrase;
      }
      register.sentence = index;
      register.noteMentions(narration[k] as string, position);
    });

    if (paragraphSpeaker !== null && quoted) {
      // Every sentence of a quotation carries the speaker of the quotation.
      const speaker: Entity = paragraphSpeaker;
      indexes.forEach((index, k) => {
        if (insideQuotation(texts, k))
          speakers[index] ??= { speaker: speakerName(speaker), phrases: [speaker.description, paragraphPhrase ?? ''] };
      });
    } else if (!reporting && paragraphSpeaker === null && startsWithQuote && previous?.speaker && (previous.quoted || previous.openQuote)) {
      // A paragraph that is only a quotation goes on with the speaker quoted just before it.
      paragraphSpeaker = previous.speaker;
      paragraphPhrase = previous.phrase;
      previous.speaker.lastSeen = position;
      const name = speakerName(previous.speaker);
      const { description } = previous.speaker;
      for (const index of indexes) speakers[index] = { speaker: name, phrases: [description, paragraphPhrase ?? ''] };
    }
    previous = { speaker: paragraphSpeaker, phrase: paragraphPhrase, quoted, openQuote: quoteBalance(paragraphText) > 0 };
    paragraphs.push({ indexes, startsWithQuote, openQuote: quoteBalance(paragraphText) > 0, reporting });
  }
  // A quotation that runs on over paragraphs may be attributed only at its end ("“…  ¶ “…,” he said."):
  // an unattributed opening paragraph takes the speaker of the paragraph that continues it.
  for (let p = paragraphs.length - 2; p >= 0; p--) {
    const here = paragraphs[p] as (typeof paragraphs)[number];
    const next = paragraphs[p + 1] as (typeof paragraphs)[number];
    const nextSpeaker = speakers[next.indexes[0] as number];
    if (
      here.startsWithQuote &&
      here.openQuote &&
      !here.reporting &&
      next.startsWithQuote &&
      nextSpeaker &&
      here.indexes.every((i) => speakers[i] === null)
    ) {
      for (const i of here.indexes) speakers[i] = nextSpeaker;
    }
  }
  if (!withRegister) return { speakers, entities: [] };
  const entities = register.entities.map((e): RegisterEntity => {
    // A name the story used before it registered it ("The US…" before "The US has reported") counts from there.
    const earliest = e.proper ? narrations.find((n) => hasWords(n.text, e.name))?.paragraph : undefined;
    return {
      name: e.name,
      kind: e.kind,
      proper: e.proper ?? false,
      plural: e.plural,
      role: e.role ?? null,
      firstParagraph: Math.min(e.firstParagraph ?? Number.POSITIVE_INFINITY, earliest ?? Number.POSITIVE_INFINITY),
      speaksFor: e.speaksFor ? e.speaksFor.name : null,
      roleSentence: e.roleSentence ?? null,
    };
  });
  return { speakers, entities };
}

/**
 * The person or body a speaker phrase names. A group of people named by what they are ("Islanders said", "Residents
 * said", "They said" after them) is neither a person nor a body, and no one in particular: no speaker, unless they
 * are a body's officials ("Council officials said").
 */
function resolve(phrase: string, register: Register, position: number): Entity | null {
  const found = resolveAny(phrase, register, position);
  return found?.plural && !found.proper && !found.speaksFor && found.kind === 'person' ? null : found;
}

function resolveAny(phrase: string, register: Register, position: number): Entity | null {
  const lower = phrase.toLowerCase();
  if (lower === 'he' || lower === 'she') return register.pronoun(lower, position);
  if (lower === 'they') return register.plural(position);
  // "the official", "the spokeswoman", "the commission": a description without a name refers back.
  if (/^(?:the|this|that)\s/i.test(phrase) && !/\p{Lu}/u.test(phrase.slice(1))) {
    const noun = roleHead(phrase);
    const found = noun ? register.described(noun, position) : null;
    // "…, the island's community trust said": an organisation the story describes but never names, when the
    // description says which one (more than "the trust").
    if (!found && noun && ORGANISATION_NOUNS.has(noun) && words(phrase).length >= 3) return register.describedBody(phrase, noun, position);
    return found;
  }
  return register.named(phrase, position);
}
