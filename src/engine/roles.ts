/**
 * Roles: what English calls a person by ("the trust’s chief executive", "Lawyer", "who runs the guest house"), read
 * from the words around a name, and the tables of role nouns and titles that the speaker resolution (speakers.ts)
 * shares with it. WordNet tells a noun that names a person ("GP", "crofter", "publican") from a thing ("pier").
 */
import { loadLexicon } from './lexicon.js';
import { remembered } from './memo.js';
import { SPEECH_FORMS } from './speech.js';

export type Kind = 'person' | 'body' | 'place' | 'unknown';

/** What telling a body ("Marlow Water") from a person ("Helen Okafor") needs to know of English. */
export interface NameKnowledge {
  /** Whether a lowercase word is an ordinary English word (not only a name). */
  isCommonWord(word: string): boolean;
  /** Whether a lowercase word is an inflected verb ("shares", "met"): it ends a role phrase read backwards. */
  isInflectedVerb?(word: string): boolean;
  /** Whether a lowercase word is an -s form of an English word ("appliances", "ferries"): such a word ends a company's name, not a person's. */
  isPluralNoun?(word: string): boolean;
  /** Whether a lowercase word is a noun for a kind of person ("gp", "crofter", "lawyer"): it heads a role. */
  isPersonNoun?(word: string): boolean;
  /** Whether a lowercase word reads first as a verb ("found", "noticed", "withdrew"). */
  isVerb?(word: string): boolean;
  /** Whether a lowercase word is a noun for a thing, not a person or a verb ("guest" of "guest house", "pub"). */
  isThingNoun?(word: string): boolean;
}

/** Nouns naming a person by role: "the official", "a spokesman". */
export const PERSON_ROLE_WORDS =
  'official|spokesman|spokeswoman|spokesperson|spokespeople|minister|secretary|chief|president|chancellor|leader|director|ambassador|diplomat|envoy|aide|adviser|advisor|analyst|expert|lawyer|attorney|barrister|solicitor|counsel|judge|prosecutor|commander|general|admiral|officer|senator|governor|mayor|chairman|chairwoman|chair|head|source|witness|resident|colleague|campaigner|activist|professor|researcher|economist|scientist|doctor|executive|ceo|founder|manager|representative|lawmaker|mp|deputy|councillor|sheriff|inspector|detective|negotiator|monarch|king|queen|prince|princess|pope|bishop|captain|coach|player|author|editor|reporter|correspondent|journalist|investigator|auditor|regulator|owner|partner|member|chemist|engineer|teacher|nurse|driver|farmer|worker|victim|mother|father|wife|husband|son|daughter|friend|neighbour|neighbor|survivor|officials|ministers|sources|experts|members|residents|witnesses|workers|analysts|lawyers|officers|leaders|campaigners|investigators';
export const PERSON_ROLE = new RegExp(`^(?:${PERSON_ROLE_WORDS})$`, 'i');

/** Words that are titles before a name, dropped from the name ("Foreign Secretary Yvette Cooper" → "Yvette Cooper"). */
export const TITLE_WORDS = new Set(
  'foreign home defence defense prime deputy vice secretary minister president chancellor general gen senator det insp sen representative rep governor gov mayor mr mrs ms miss mx dr prof professor sir dame lord lady judge justice king queen prince princess pope chief commissioner ambassador admiral captain capt colonel col lieutenant lt sergeant sgt attorney state interior finance health education trade energy treasury shadow acting former us uk police prosecutor detective det inspector insp superintendent supt constable pc dc chairman chairwoman opposition leader local councillor cllr mp rev reverend father brother sister coach manager'.split(
    ' ',
  ),
);

export const CLAUSE_WORDS = new Set(
  'that which who whom whose is are was were be been being has have had do does did not no will would could should may might can must to in on at with by from into about after before when while if but because since as than then there here it its their his her our we i you me them him us ever never also just still only even very so such what why how where'.split(
    ' ',
  ),
);

/** Words that make a clause of what follows a name, never a noun phrase: "…, noticed that one supplier had been paid". */
const FINITE = new Set(
  'that which is are was were be been being has have had do does did not will would could should may might can must'.split(' '),
);

/** Words that open an introductory phrase ("In a statement,", "Speaking on Monday"): never a subject's first word. */
export const OPENER =
  /^(?:in|on|at|after|before|during|from|for|with|without|speaking|writing|responding|asked|according|following|despite|earlier|later|meanwhile|separately|yesterday|today|overnight|since|under|via|through)$/i;

/** Capitalised words that never start a name. */
export const NOT_NAMES = new Set(
  'the a an this that these those but and or on in at after before when while it he she they we i his her their our its among as by for from with yet so if'.split(
    ' ',
  ),
);

export const SPEECH_WORD = new RegExp(`^(?:${SPEECH_FORMS})$`);

export function words(phrase: string): string[] {
  return phrase.split(/\s+/).filter(Boolean);
}

/** Honorifics name no role ("Dr. Helen Okafor": her role is what follows). */
const HONORIFICS = new Set('mr mrs ms miss mx dr sir dame lord lady prof rev reverend'.split(' '));
/** Honorifics standing between a role and a name: "The trust’s chief executive, Dr Marcus Ellery". */
const HONORIFIC_TAIL = /(?:(?<![\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Rev)\.?\s+)+$/u;

/** Nouns that can head a role phrase: the person roles and titles, and a few more relations. */
const TITLE_MODIFIERS = new Set(
  'foreign home defence defense prime deputy vice state interior finance health education trade energy treasury shadow acting former us uk police local opposition father brother sister rev reverend'.split(
    ' ',
  ),
);
export const ROLE_NOUNS = new Set(
  [
    ...PERSON_ROLE_WORDS.split('|'),
    ...[...TITLE_WORDS].filter((w) => !TITLE_MODIFIERS.has(w)),
    'counterpart',
    'operator',
    'provider',
    'supplier',
    'boss',
    'trustee',
    'candidate',
    'rival',
    'successor',
    'predecessor',
    'landlord',
    'shopkeeper',
    'baker',
    'publican',
    'nominee',
    'regulator',
    'inspectorate',
    'union',
    'watchdog',
    'maker',
    'firm',
    'company',
  ].filter((w) => !HONORIFICS.has(w)),
);

/** Words that end a role phrase read backwards from a name: function words, prepositions (but "of"). */
const ROLE_STOPS = new Set(
  [...CLAUSE_WORDS, 'between', 'among', 'including', 'against', 'like', 'for', 'via', 'said', 'says', 'told'].filter(
    (w) => w !== 'of' && !/^(?:his|her|their|its|our)$/.test(w),
  ),
);

/** The words of a role, for comparing roles: lowercase, no determiners, a capitalised name by its initials as well ("United Nations" → un). */
export function roleWords(phrase: string): string[] {
  const out: string[] = [];
  let capitals: string[] = [];
  const flushCapitals = () => {
    if (capitals.length > 1) out.push(capitals.map((w) => w[0]?.toLowerCase()).join(''));
    else if (capitals.length === 1) out.push((capitals[0] as string).toLowerCase());
    capitals = [];
  };
  for (const raw of words(phrase.replace(/[’']s\b/g, ''))) {
    const word = raw.replace(/[.,;:]+$/, '');
    if (/^(?:the|a|an|his|her|their|its|our|of|for)$/i.test(word)) {
      flushCapitals();
      continue;
    }
    if (/^\p{Lu}\p{Ll}/u.test(word)) {
      capitals.push(word);
      continue;
    }
    flushCapitals();
    out.push(word.toLowerCase());
  }
  flushCapitals();
  return out;
}

const bare = (word: string) =>
  word
    .toLowerCase()
    .replace(/[’']s$/, '')
    .replace(/[.,]$/, '');

/** Whether a word names a person by what they are or do: a role or title, or (WordNet) a kind of person ("GP", "crofter"). */
export function isRoleNoun(word: string, knowledge: NameKnowledge): boolean {
  const lower = bare(word);
  return ROLE_NOUNS.has(lower) || knowledge.isPersonNoun?.(lower) === true;
}

/**
 * Whether a phrase names a role: it holds a role or title word ("US secretary of war"), or it is headed by a noun for a
 * kind of person ("the GP at the hospital", "a newly elected treasurer"; not "Reporters gathered outside").
 */
export function hasRoleNoun(phrase: string, knowledge: NameKnowledge): boolean {
  if (words(phrase).some((w) => ROLE_NOUNS.has(bare(w)))) return true;
  const head = words(phrase.split(/\s+(?:of|for|at|in|with|from|on|to)\s+/)[0] ?? '').pop();
  return head !== undefined && isRoleNoun(head, knowledge);
}

/**
 * How many capitalised role nouns open a name ("Lawyer Rebecca Stone", "Crofter Ann Bell"): an occupation is no first
 * name when a first name and a surname follow it ("Hunter Biden", "Hunter S. Thompson" keep theirs).
 */
export function roleWordsOpening(name: readonly string[], knowledge: NameKnowledge): number {
  let count = 0;
  while (
    name.length - count > 2 &&
    /^\p{Lu}\p{Ll}+$/u.test(name[count] as string) &&
    isRoleNoun(name[count] as string, knowledge) &&
    /^\p{Lu}\p{Ll}/u.test(name[count + 1] as string)
  )
    count++;
  return count;
}

/** A trial's parts, in the words a UK court report uses for counsel ("Simon Threlfall KC, defending, said"). */
const COURT_PARTS: Record<string, string> = {
  defending: 'defence counsel',
  prosecuting: 'prosecution counsel',
  presiding: 'presiding judge',
};

/** Verbs of a relative clause that give a position: "who runs the guest house", "who chairs the committee". */
const POSITION_VERBS =
  'runs|ran|run|owns|owned|own|manages|managed|manage|leads|led|lead|chairs|chaired|chair|heads|headed|head|founded|co-founded|directs|directed|edits|edited|represents|represented|coaches|coached|captains|captained|teaches|taught|works|worked|serves|served|presents|presented|organises|organised|organizes|organized|regulates|regulated|operates|operated|oversees|oversaw|inspects|inspected|funds|funded';
const RELATIVE_ROLE = new RegExp(
  `^\\s*,\\s*((?:who|which)\\s+(?:(?:has|have|had|also|now|still|long)\\s+)*(?:${POSITION_VERBS})\\s[^,;:.()“”"]{1,100}?)\\s*(?=[,;:.)]|$)`,
  'u',
);
/** "…, who is the chief executive of…": the role after "who is/was", when it is one. */
const RELATIVE_IS = /^\s*,\s*who\s+(?:is|was|has\s+been)\s+((?:the|a|an|its|his|her|their)\s[^,;:.()“”"]{1,100}?)\s*(?=[,;:.)]|$)/u;

/**
 * The role the story gives a name at one mention, in its own words: a title phrase right before it ("US secretary
 * of war Pete Hegseth", "her US counterpart Marco Rubio", "UN’s human rights chief Volker Turk"), an appositive after
 * it ("Helen Okafor, the director of public health,"; a body's "Halvorsen Appliances, the maker of…"), one before it
 * ("Marlow Water’s chief executive, Simon Achterberg"; "The trust’s chief executive, Dr Marcus Ellery"), a counsel's
 * part in a trial ("…, defending,"), or a relative clause that gives a position ("…, who runs the guest house,").
 * Honorifics ("Dr.") and ages are no role, nor a clause ("…, noticed that…").
 */
export function roleAround(text: string, start: number, end: number, kind: Kind, knowledge: NameKnowledge): string | null {
  const before = text.slice(0, start).replace(HONORIFIC_TAIL, '');
  const adjacent = /\S$/.test(before.trimEnd()) && !/[,;:(—–]\s*$/.test(before) ? roleBefore(before, knowledge) : null;
  // A title alone ("Councillor") says less than an appositive after the name would.
  if (adjacent && words(adjacent).length > 1) return adjacent;
  const after = /^[’']s\b/.test(text.slice(end)) ? '' : text.slice(end);
  const appositive = appositiveRole(after, kind, knowledge);
  if (appositive) return appositive;
  // "A newly appointed finance director, Priya Shah,": the role comes first, the name is its appositive (titles aside:
  // "The council's deputy leader, Cllr Tom Ashby").
  const comma = /,\s*(?:the\s+)?$/i.exec(withoutTitles(before));
  const first = comma ? roleBefore(before.slice(0, comma.index), knowledge) : null;
  if (first) return first;
  if (adjacent) return adjacent;
  // "The Commission, which regulates charities,": a body's part, as a person's is given by "who".
  const relative = RELATIVE_ROLE.exec(after)?.[1]?.trim();
  // "who" is said of a person, whatever their name looks like ("Moira Bell, who owns…"); "which" of a body.
  const fits = relative?.startsWith('who') ? kind !== 'place' : kind === 'body';
  const relativeRole =
    relative &&
    fits &&
    !words(relative)
      .slice(2)
      .some((w) => FINITE.has(w.toLowerCase()))
      ? relative
      : null;
  // "Simon Threlfall KC, defending, said": counsel's part in a trial (a person, whatever the name looks like).
  const counsel = /^\s*,\s*(defending|prosecuting|presiding)\s*,/.exec(after)?.[1];
  if (counsel) return COURT_PARTS[counsel] ?? null;
  if (kind !== 'person' || relativeRole?.startsWith('who')) return relativeRole;
  const is = RELATIVE_IS.exec(after)?.[1];
  if (is && hasRoleNoun(is, knowledge) && !words(is).some((w) => FINITE.has(w.toLowerCase()))) return is.trim();
  return relativeRole;
}

/** Text before a name without the titles that end it ("…, Cllr " → "…, "; "…, Det. Insp. " → "…, "). */
function withoutTitles(before: string): string {
  let text = before;
  for (;;) {
    const last = /(\p{Lu}[\p{L}]*\.?)\s+$/u.exec(text);
    if (!last || !TITLE_WORDS.has((last[1] as string).toLowerCase().replace(/\.$/, ''))) return text;
    text = text.slice(0, last.index);
  }
}

/** A noun phrase after a name and a comma that names a role ("the director of public health"), not a clause. */
function appositiveRole(after: string, kind: Kind, knowledge: NameKnowledge): string | null {
  const appositive =
    /^\s*,\s*((?:the|a|an|its|his|her|their|\p{L}+[’']s)\s[^,;:.()“”"]{1,120}?|\p{Ll}[^,;:.()“”"]{1,120}?)\s*(?=[,;:.)]|$|\s(?:who|which|said|says|told)\b)/u.exec(
      after,
    )?.[1];
  if (!appositive || /^\d/.test(appositive)) return null;
  const list = words(appositive);
  const opening = list[0]?.toLowerCase() ?? '';
  const clause =
    /^(?:who|whose|which|where|when|whom|that|of|in|at|from|on)$/.test(opening) ||
    SPEECH_WORD.test(opening) ||
    knowledge.isInflectedVerb?.(opening) ||
    list.some((w) => FINITE.has(w.toLowerCase()));
  if (clause) return null;
  return hasRoleNoun(appositive, knowledge) || (kind === 'body' && /^(?:the|a|an)\s/.test(appositive)) ? appositive.trim() : null;
}

/** A role phrase ending just before `text` ends, read backwards, or null. */
function roleBefore(text: string, knowledge: NameKnowledge): string | null {
  const chunk = text.split(/[,;:()“”"—–]/).pop() ?? '';
  const list = words(chunk);
  const taken: string[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const word = list[i] as string;
    const lower = word.toLowerCase().replace(/[.]$/, '');
    if (/^(?:the|a|an|his|her|their|its|our)$/i.test(word)) {
      taken.unshift(word);
      // "director of the regional programme": a determiner after "of" is inside the role.
      if ((list[i - 1] ?? '').toLowerCase() === 'of') continue;
      break;
    }
    if (/[’']s$/.test(word)) {
      // "Marlow Water’s chief executive", "UN’s human rights chief": the possessor's name ends the phrase.
      taken.unshift(word);
      while (i > 0 && /^\p{Lu}/u.test(list[i - 1] as string) && !OPENER.test(list[i - 1] as string)) taken.unshift(list[--i] as string);
      // "the firm’s managing director": the possessor's own determiner comes with it.
      if (i > 0 && /^(?:the|a|an)$/i.test(list[i - 1] as string)) taken.unshift(list[i - 1] as string);
      break;
    }
    if (/^\p{Lu}/u.test(word)) {
      if (OPENER.test(word) || NOT_NAMES.has(lower)) break;
      taken.unshift(word);
      continue;
    }
    if (ROLE_STOPS.has(lower) || SPEECH_WORD.test(lower)) break;
    // An inflected verb ends the phrase ("Britain shares …"), but a participle before a role is part of it ("managing director").
    const next = taken[0]?.toLowerCase() ?? '';
    if (knowledge.isInflectedVerb?.(lower) && !(/(?:ing|ed)$/.test(lower) && (ROLE_NOUNS.has(next) || taken.length > 0))) break;
    taken.unshift(word);
  }
  // "Members of Eastbrook Council", "a group of residents": words ending in a preposition are no role of the name after.
  if (/^(?:of|for|at|in|on|from|with|by|to|among|between)$/i.test(taken[taken.length - 1] ?? '')) return null;
  const phrase = taken.join(' ');
  const meaningful = taken.filter((w) => !HONORIFICS.has(w.toLowerCase().replace(/\.$/, '')));
  if (meaningful.length === 0 || !hasRoleNoun(meaningful.join(' '), knowledge)) return null;
  return phrase.replace(/^(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+/, '');
}

/** WordNet's broader words that make a noun one for a kind of person. */
const PERSON_ANCESTORS = new Set(['person', 'individual', 'adult', 'worker', 'professional', 'businessperson', 'leader', 'member']);
/** How far up WordNet's broader words a person noun is looked for ("gp" → doctor → … → professional). */
const PERSON_DEPTH = 4;

let englishNames: NameKnowledge | undefined;
/** Words whose WordNet answers are remembered: names and words repeat from story to story. */
const MAX_REMEMBERED_WORDS = 50_000;

/** By default, WordNet tells ordinary words from names. */
export function defaultKnowledge(): NameKnowledge {
  if (!englishNames) {
    const lexicon = loadLexicon();
    const broader = (word: string) => lexicon.related(word).flatMap((r) => (r.kind === 'broader' ? [r.word] : []));
    const isPersonNoun = remembered((word: string) => {
      if (lexicon.partOfSpeech(word) !== 'n') return false;
      const seen = new Set<string>();
      let level = [word];
      for (let depth = 0; depth < PERSON_DEPTH && level.length > 0; depth++) {
        const next: string[] = [];
        for (const w of level) {
          for (const up of broader(w)) {
            if (PERSON_ANCESTORS.has(up)) return true;
            if (!seen.has(up)) next.push(up);
            seen.add(up);
          }
        }
        level = next;
      }
      return false;
    }, MAX_REMEMBERED_WORDS);
    englishNames = {
      isCommonWord: remembered((word: string) => lexicon.isWord(word) && lexicon.commonness(word) >= 0.2, MAX_REMEMBERED_WORDS),
      isInflectedVerb: remembered(
        (word: string) => lexicon.partOfSpeech(word) === 'v' && !lexicon.lemmas(word).includes(word),
        MAX_REMEMBERED_WORDS,
      ),
      // An -s form whose base is an English word and which is no lemma itself ("ferries", "appliances"; not "jones", "banks").
      isPluralNoun: remembered((word: string) => {
        const lemmas = lexicon.lemmas(word);
        return /s$/.test(word) && lemmas.length > 0 && !lemmas.includes(word);
      }, MAX_REMEMBERED_WORDS),
      isPersonNoun,
      isVerb: remembered((word: string) => lexicon.partOfSpeech(word) === 'v', MAX_REMEMBERED_WORDS),
      isThingNoun: remembered((word: string) => lexicon.partOfSpeech(word) === 'n' && !isPersonNoun(word), MAX_REMEMBERED_WORDS),
    };
  }
  return englishNames;
}
