/**
 * Text analysis shared by the index and the questions: words, aliases, stop words and stems.
 * Both sides go through the same steps, so a question's terms meet the passages' terms.
 */
import { eng as STOPWORDS_EN } from 'stopword';
import stem from 'wink-porter2-stemmer';
import { GAZETTEER, isCaseSensitiveAlias } from './gazetteer.js';
import { IRREGULAR_FORMS } from './lexicon/irregular.js';
import { remembered } from './memo.js';

export interface Token {
  /** As written. */
  surface: string;
  /** Lowercase, dots and apostrophe suffixes removed. */
  lower: string;
  start: number;
  end: number;
}

/** Term marking a gazetteer entity ("=uk"); no word can produce it. */
export const ENTITY_PREFIX = '=';

/** Question words and filler that carry no topic: the question type is read from them first. */
const QUESTION_STOPWORDS = [
  'will',
  'would',
  'can',
  'could',
  'shall',
  'should',
  'might',
  'must',
  'when',
  'why',
  'whom',
  'whose',
  'does',
  'doing',
  'done',
  'tell',
  'please',
  'happen',
  'happened',
  'know',
  'anything',
  'something',
  'thing',
  'things',
  'story',
  'article',
  'news',
  'yes',
  'no',
  'not',
  'nor',
  'just',
  'ever',
  'exactly',
  'really',
  'actually',
  'its',
  'it’s',
  'theirs',
  'ours',
  'yours',
  'mine',
  'us',
  'whats',
  'what’s',
  'who’s',
  'whos',
  'hows',
  'wheres',
  'whens',
  'mr',
  'mrs',
  'ms',
  'u',
];

/** Verbs the general list drops that carry meaning in news: who "said" what, what "came" or was "taken". */
const CONTENT_VERBS = new Set(['said', 'make', 'take', 'came', 'come', 'like', 'way']);

export const STOPWORDS: ReadonlySet<string> = new Set(
  [...STOPWORDS_EN.filter((w) => !CONTENT_VERBS.has(w)), ...QUESTION_STOPWORDS].map((w) => w.replace(/’/g, "'")),
);

/** A Map, not an object: a word like "constructor" must not find Object's prototype. */
const NUMBER_WORDS = new Map<string, string>(
  Object.entries({
    zero: '0',
    one: '1',
    two: '2',
    three: '3',
    four: '4',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
    ten: '10',
    eleven: '11',
    twelve: '12',
    thirteen: '13',
    fourteen: '14',
    fifteen: '15',
    sixteen: '16',
    seventeen: '17',
    eighteen: '18',
    nineteen: '19',
    twenty: '20',
    thirty: '30',
    forty: '40',
    fifty: '50',
    sixty: '60',
    seventy: '70',
    eighty: '80',
    ninety: '90',
    hundred: '100',
    thousand: '1000',
    million: '1000000',
    billion: '1000000000',
    dozen: '12',
  }),
);

const WORD = /[\p{L}\p{N}]+(?:[’'.-][\p{L}\p{N}]+)*\.?/gu;

const PLAIN_WORD = /^[A-Za-z0-9]+$/;

function lowerForm(surface: string): string {
  // Most words are plain ASCII: nothing to normalise but case.
  if (PLAIN_WORD.test(surface)) return surface.toLowerCase();
  return surface
    .normalize('NFKC')
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/'s$|'$/, '')
    .replace(/\.(?=\p{L}|$)/gu, '');
}

/** Words of a text, with their offsets; hyphenated words give their parts too. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let surface = match[0];
    // A trailing full stop belongs to the word only in abbreviations ("U.S.").
    if (surface.endsWith('.') && !/\p{L}\.\p{L}/u.test(surface)) surface = surface.slice(0, -1);
    const start = match.index;
    const parts = surface.split(/[-]/);
    if (parts.length > 1) {
      let offset = start;
      for (const part of parts) {
        if (part) tokens.push({ surface: part, lower: lowerForm(part), start: offset, end: offset + part.length });
        offset += part.length + 1;
      }
    } else {
      tokens.push({ surface, lower: lowerForm(surface), start, end: start + surface.length });
    }
  }
  return tokens;
}

interface AliasNode {
  next: Map<string, AliasNode>;
  entity?: string;
  caseSensitive?: string;
}

const aliasTrie: AliasNode = { next: new Map() };
for (const entry of GAZETTEER) {
  for (const alias of entry.aliases) {
    const words = tokenize(alias);
    let node = aliasTrie;
    for (const word of words) {
      let child = node.next.get(word.lower);
      if (!child) {
        child = { next: new Map() };
        node.next.set(word.lower, child);
      }
      node = child;
    }
    node.entity = entry.id;
    if (isCaseSensitiveAlias(alias)) node.caseSensitive = words.map((w) => w.surface.replace(/\./g, '')).join(' ');
  }
}

export interface EntityMatch {
  entity: string;
  /** Token positions covered. */
  from: number;
  to: number;
}

/** Gazetteer entities named in a token sequence, longest alias first. `question` relaxes capitals for aliases that cannot be read otherwise there. */
export function findEntities(tokens: readonly Token[], question = false): EntityMatch[] {
  const found: EntityMatch[] = [];
  for (let i = 0; i < tokens.length; ) {
    let node: AliasNode | undefined = aliasTrie;
    let best: EntityMatch | null = null;
    for (let j = i; j < tokens.length && node; j++) {
      node = node.next.get((tokens[j] as Token).lower);
      if (node?.entity && accepts(node, tokens, i, j, question)) best = { entity: node.entity, from: i, to: j };
    }
    if (best) {
      found.push(best);
      i = best.to + 1;
    } else i++;
  }
  return found;
}

/** The pronoun "us" after these words in a question is the object of a verb, not the country. */
const VERBS_BEFORE_US = new Set(['tell', 'give', 'show', 'let', 'help', 'send', 'for', 'to', 'about', 'of', 'gave', 'told', 'showed']);

function accepts(node: AliasNode, tokens: readonly Token[], from: number, to: number, question: boolean): boolean {
  if (!node.caseSensitive) return true;
  // As written, less dots and a possessive ("UN’s" is "UN").
  const written = tokens
    .slice(from, to + 1)
    .map((t) => t.surface.replace(/\./g, '').replace(/[’']s?$/, ''))
    .join(' ');
  if (written === node.caseSensitive || (written.toUpperCase() === written && written.length > 1)) return true;
  if (!question) return false;
  // In a typed question people skip capitals: "did the us strike" — but not "tell us".
  if (node.caseSensitive === 'US') {
    const previous = tokens[from - 1]?.lower ?? '';
    return !VERBS_BEFORE_US.has(previous);
  }
  return LOWERCASE_IN_QUESTIONS.has(node.caseSensitive);
}

/** Short capitalised aliases people type in lowercase and that mean nothing else in a question ("who" stays a question word). */
const LOWERCASE_IN_QUESTIONS = new Set(['UK', 'UN', 'EU', 'USA', 'NATO', 'NHS', 'CIA', 'FBI', 'MI6', 'IMF', 'ICC', 'ICJ', 'G7', 'G20']);

/** The index term of a word: numbers as digits, irregular forms by their base ("said" → "say", "men" → "man"), then the Porter2 stem. */
// Stemming is the costliest step of analysis and words repeat: remember them.
export const stemWord: (lower: string) => string = remembered(computeStem, 200_000);

function computeStem(lower: string): string {
  const number = NUMBER_WORDS.get(lower);
  if (number !== undefined) return number;
  if (/^\p{N}/u.test(lower)) return lower.replace(/,/g, '');
  const base = IRREGULAR_FORMS.v.get(lower)?.[0] ?? IRREGULAR_FORMS.n.get(lower)?.[0] ?? lower;
  return stem(base);
}

export function isStopword(lower: string): boolean {
  return STOPWORDS.has(lower);
}

/** Index terms of a passage: stems of its content words plus the entities it names. */
export function analyzeText(text: string): string[] {
  const tokens = tokenize(text);
  return termsOf(tokens, findEntities(tokens));
}

/** Index terms of text already split into words, with the entities found in them. */
export function termsOf(tokens: readonly Token[], entities: readonly EntityMatch[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    if (!isStopword(token.lower)) terms.push(stemWord(token.lower));
  }
  for (const match of entities) terms.push(ENTITY_PREFIX + match.entity);
  return terms;
}
