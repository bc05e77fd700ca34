import { IRREGULAR_FORMS } from './irregular.js';

/** WordNet's parts of speech, as letters: noun, verb, adjective, adverb. */
export type Pos = 'n' | 'v' | 'a' | 'r';
export const POS_LETTERS: readonly Pos[] = ['n', 'v', 'a', 'r'];

export interface LemmaCandidate {
  lemma: string;
  pos: Pos;
  /** The form was already a lemma of this part of speech (no detachment or irregular table needed). */
  exact: boolean;
}

type Rule = readonly [suffix: string, replacement: string];

/**
 * WordNet's morphy detachment rules, plus the few that its exception lists would otherwise cover: -ied/-ier/-iest → -y
 * (carried, happier) and -ves → -f/-fe (wolves, knives). Doubled final consonants (stopped, bigger) are handled apart.
 */
const DETACHMENT_RULES: Readonly<Record<Pos, readonly Rule[]>> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
    ['ves', 'f'],
    ['ves', 'fe'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ied', 'y'],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
    ['ier', 'y'],
    ['iest', 'y'],
  ],
  r: [],
};

/** Suffixes after which a doubled consonant is undone: stopped → stop, running → run, bigger → big. */
const DOUBLING_SUFFIXES: Readonly<Record<Pos, readonly string[]>> = {
  n: [],
  v: ['ed', 'ing'],
  a: ['er', 'est'],
  r: [],
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function detachedForms(word: string, pos: Pos): string[] {
  const forms: string[] = [];
  for (const [suffix, replacement] of DETACHMENT_RULES[pos]) {
    if (word.length > suffix.length && word.endsWith(suffix)) forms.push(word.slice(0, -suffix.length) + replacement);
  }
  for (const suffix of DOUBLING_SUFFIXES[pos]) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    const last = stem.at(-1);
    if (stem.length >= 3 && last !== undefined && last === stem.at(-2) && !VOWELS.has(last)) forms.push(stem.slice(0, -1));
  }
  return forms;
}

/**
 * Base-form candidates of one lowercase token, the way WordNet's morphy finds them: an irregular form gives its listed
 * bases (and itself); otherwise the word itself plus every detachment that yields a lemma of that part of speech.
 */
function singleWordCandidates(word: string, pos: Pos, isLemma: (lemma: string, pos: Pos) => boolean): string[] {
  const irregular = IRREGULAR_FORMS[pos].get(word);
  const forms = irregular !== undefined ? [word, ...irregular] : [word, ...detachedForms(word, pos)];
  const found: string[] = [];
  for (const form of forms) if (!found.includes(form) && isLemma(form, pos)) found.push(form);
  return found;
}

/** Inflectable forms of one token (itself first), found without checking the lexicon. */
function tokenForms(token: string, pos: Pos): string[] {
  const irregular = IRREGULAR_FORMS[pos].get(token);
  return [token, ...(irregular ?? detachedForms(token, pos))];
}

/**
 * Candidates for a multi-word phrase: the phrase as is, then with its first word reduced (verb phrases: "holding back")
 * or its last word reduced (noun compounds: "human rights", "death tolls").
 */
function phraseCandidates(tokens: string[], pos: Pos, isLemma: (lemma: string, pos: Pos) => boolean): string[] {
  const found: string[] = [];
  const consider = (phrase: string) => {
    if (!found.includes(phrase) && isLemma(phrase, pos)) found.push(phrase);
  };
  consider(tokens.join(' '));
  const first = tokens[0] ?? '';
  const last = tokens.at(-1) ?? '';
  const middle = tokens.slice(1, -1);
  for (const head of tokenForms(first, pos)) consider([head, ...tokens.slice(1)].join(' '));
  for (const tail of tokenForms(last, pos)) consider([...tokens.slice(0, -1), tail].join(' '));
  if (tokens.length > 1) {
    for (const head of tokenForms(first, pos).slice(1)) {
      for (const tail of tokenForms(last, pos).slice(1)) consider([head, ...middle, tail].join(' '));
    }
  }
  return found;
}

/** Every (lemma, part of speech) a lowercase word or space-separated phrase may be an inflection of. */
export function lemmaCandidates(text: string, isLemma: (lemma: string, pos: Pos) => boolean): LemmaCandidate[] {
  const tokens = text.split(' ');
  const candidates: LemmaCandidate[] = [];
  for (const pos of POS_LETTERS) {
    const lemmas = tokens.length === 1 ? singleWordCandidates(text, pos, isLemma) : phraseCandidates(tokens, pos, isLemma);
    for (const lemma of lemmas) candidates.push({ lemma, pos, exact: lemma === text });
  }
  return candidates;
}
