/**
 * Who a question means by a role ("the guesthouse owner", "the defence lawyer", "the prime minister's office"): the
 * register entries whose role, in the story's words, holds every word of the phrase — words compared by their base
 * form, a compound with its parts ("guesthouse" / "guest house"), a position verb with the noun for whoever holds it
 * ("runs" → owner, manager), and WordNet's synonyms, derived forms and broader words ("GP" is a doctor, "defending"
 * is the defence). Seats of power are known by their other names ("Number 10" is Downing Street).
 */
import { loadLexicon } from './lexicon.js';
import { remembered } from './memo.js';

/** Offices known by their address, their nickname or the role they serve. */
const OFFICES: readonly (readonly string[])[] = [
  ['downing street', 'number 10', 'no 10', 'number ten', 'prime minister office', 'pm office'],
  ['white house', 'president office', 'oval office'],
  ['kremlin', 'president office'],
  ['elysee', 'elysee palace', 'president office'],
  [
    'pentagon',
    'department of defense',
    'department of defence',
    'defense department',
    'defence department',
    'department of war',
    'war department',
  ],
  ['state department', 'department of state', 'foggy bottom'],
];

/** Words naming the country an office belongs to: "the US defence department" is the defence department. */
const COUNTRY_WORDS = /^(?:us|usa|american|america|uk|british|britain|russian|russia|french|france)\s+/;

/** Lowercase, accents and possessives off, single-spaced, without a leading "the": how roles and names are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

/** The offices a name or a role phrase can be ("the prime minister’s office" → Downing Street's), as indexes. */
export function officesOf(text: string): number[] {
  const folded = fold(text).replace(COUNTRY_WORDS, '');
  const found: number[] = [];
  OFFICES.forEach((aliases, i) => {
    if (aliases.includes(folded)) found.push(i);
  });
  return found;
}

/** Every other name of the office a name is ("Downing Street" → number 10, no 10, …), folded; [] for no office. */
export function officeNames(name: string): string[] {
  const offices = officesOf(name);
  return offices.length === 1 ? [...(OFFICES[offices[0] as number] ?? [])] : [];
}

/** Whether two names are the same office ("Downing Street" and "Number 10"). */
export function sameOffice(a: string, b: string): boolean {
  const [first] = officesOf(a);
  return first !== undefined && officesOf(a).length === 1 && officesOf(b).length === 1 && officesOf(b)[0] === first;
}

/** Verbs of position and the nouns for whoever holds it: "who runs the guest house" is its owner or manager. */
const HOLDER_NOUNS: Record<string, readonly string[]> = {
  run: ['owner', 'manager', 'boss', 'head', 'proprietor', 'operator'],
  own: ['owner', 'proprietor'],
  manage: ['manager', 'boss'],
  lead: ['leader', 'head', 'boss'],
  head: ['head', 'leader', 'boss'],
  chair: ['chair', 'chairman', 'chairwoman', 'chairperson'],
  found: ['founder'],
  direct: ['director'],
  edit: ['editor'],
  represent: ['representative', 'lawyer', 'solicitor'],
  coach: ['coach'],
  captain: ['captain', 'skipper'],
  teach: ['teacher'],
  present: ['presenter'],
  organise: ['organiser', 'organizer'],
  organize: ['organiser', 'organizer'],
  work: ['worker', 'employee'],
};

/**
 * The role phrases "who <verb> <object>" asks for: the verb with its object ("runs the guest house"), and the object with
 * each noun for whoever holds that position ("the distillery manager" for "who runs the distillery").
 */
export function positionPhrases(verb: string, object: string): string[] {
  const nouns = baseForms(verb.toLowerCase()).flatMap((base) => HOLDER_NOUNS[base] ?? []);
  return [`${verb} ${object}`, ...new Set(nouns)].map((p, i) => (i === 0 ? p : `${object} ${p}`));
}

/** "Who runs the guest house?": the verb and its object. */
export const WHO_HOLDS = new RegExp(
  `^\\s*who\\s+(?:(?:currently|now)\\s+)?(${Object.keys(HOLDER_NOUNS)
    .map((v) => `${v}s?|${v}ed`)
    .join('|')}|ran|led|owned|founded)\\s+(.{2,80}?)\\s*[?.!]*\\s*$`,
  'i',
);

/** Words of a question's role phrase that say nothing of the role. */
const STOP = new Set('the a an of for at in on to with who which that is was his her their its our person people man woman'.split(' '));

const lexicon = () => loadLexicon();
const MAX_REMEMBERED = 20_000;

/** The forms a word can be matched by: itself, its base forms, and (for a role's own words) its relatives. */
const baseForms = remembered((word: string): string[] => [word, ...lexicon().lemmas(word)], MAX_REMEMBERED);
const relatives = remembered((word: string): string[] => {
  const out = new Set(baseForms(word));
  for (const base of baseForms(word)) {
    for (const noun of HOLDER_NOUNS[base] ?? []) out.add(noun);
    for (const related of lexicon().related(base))
      if (!related.word.includes(' ') || related.kind === 'synonym') out.add(related.word.replace(/ /g, ''));
  }
  return [...out];
}, MAX_REMEMBERED);

/** Everything a role phrase's words can be matched by, compounds joined ("guest house" → guesthouse) and initials ("United Nations" → un). */
function roleUnits(role: string): Set<string> {
  const list = fold(role)
    .split(' ')
    .filter((w) => w && !STOP.has(w));
  const units = new Set<string>();
  list.forEach((word, i) => {
    for (const form of relatives(word)) units.add(form);
    const next = list[i + 1];
    if (next) units.add(`${word}${next}`);
  });
  for (const run of role.match(/\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/gu) ?? [])
    units.add(
      run
        .split(/\s+/)
        .map((w) => w[0]?.toLowerCase())
        .join(''),
    );
  return units;
}

/** Whether every word of a question's role phrase is in a role (a compound in the question may be two words of the role, and back). */
export function roleHolds(role: string, phrase: string): boolean {
  const wanted = fold(phrase)
    .split(' ')
    .filter((w) => w && !STOP.has(w));
  if (wanted.length === 0) return false;
  const units = roleUnits(role);
  const has = (word: string) => baseForms(word).some((form) => units.has(form));
  for (let i = 0; i < wanted.length; i++) {
    const word = wanted[i] as string;
    const next = wanted[i + 1];
    if (next && has(`${word}${next}`)) {
      i++;
      continue;
    }
    if (!has(word)) return false;
  }
  return true;
}

/** Words after which a role phrase names the body's voice, not a person: "the council spokesman" is the council. */
const VOICE = /(?:^|\s)(?:official|officials|spokesman|spokeswoman|spokesperson|spokespeople|representative|source|sources)$/i;

/** A phrase that names a body's official or spokesperson, less those words ("the council's spokeswoman" → "the council"); else null. */
export function bodyOfVoice(phrase: string): string | null {
  const trimmed = phrase.trim();
  // "a spokeswoman for the trust", "officials at the council".
  const owner =
    /^(?:(?:the|a|an)\s+)?(?:officials?|spokes(?:man|woman|person|people)|representatives?|sources?)\s+(?:for|of|at|from)\s+(.+)$/i.exec(
      trimmed,
    )?.[1];
  if (owner) return owner;
  if (!VOICE.test(trimmed)) return null;
  const body = trimmed
    .replace(VOICE, '')
    .replace(/[’']s$/, '')
    .replace(/\s+(?:for|of|at|from)$/i, '')
    .trim();
  return /[\p{L}\p{N}]/u.test(body.replace(/^(?:the|a|an)\b/i, '')) ? body : null;
}
