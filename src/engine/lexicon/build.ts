import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pos } from './morphy.js';
import { POS_LETTERS } from './morphy.js';

/** This module's source, hashed into the cache file name so that changing it invalidates the cache. */
export const BUILD_SOURCE_URL = import.meta.url;

/** How a related word relates to the lemma it expands. */
export type RelationKind = 'synonym' | 'derived' | 'antonym' | 'broader';

export interface StoredRelation {
  word: string;
  kind: RelationKind;
  /** In (0, 1], rounded to hundredths. */
  weight: number;
}

/** What the lexicon keeps of one lemma in one part of speech. */
export interface LemmaEntry {
  pos: Pos;
  /** How often the lemma was sense-tagged in this part of speech (SemCor counts from index.sense): a usage frequency. */
  frequency: number;
  /** Every sense is a proper name ("wolfe": Tom Wolfe), written capitalized in WordNet. */
  proper: boolean;
  related: StoredRelation[];
}

/** lemma (lowercase, words joined by spaces) → its entries, one per part of speech. */
export type LexiconTable = Map<string, LemmaEntry[]>;

const FILE_NAMES: Readonly<Record<Pos, string>> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

/** Weights of each way a word can be related, before sense and frequency discounts. */
const WEIGHT = {
  synonym: 0.9,
  glossHead: 0.75,
  glossHeadReverse: 0.6,
  similarAdjective: 0.6,
  derived: 0.8,
  antonym: 0.45,
  /** The class a noun belongs to ("boat" → "vessel"): a story may name the class where a question names the thing. */
  broader: 0.5,
} as const;

/** Senses of a lemma considered per part of speech: the first, and later ones only when nearly as frequent. */
const MAX_SENSES = 3;
/** A later sense counts when tagged at least this often relative to the first sense. */
const MIN_SENSE_RATIO = 0.2;
const UNTAGGED_SECOND_SENSE_WEIGHT = 0.5;
const NEVER_SEEN_SECOND_SENSE_WEIGHT = 0.2;

/** Big synsets are mostly idioms and rare words ("kick the bucket"); keep the most used few. */
const MAX_SYNONYMS_PER_SYNSET = 4;
const MAX_SIMILAR_ADJECTIVES = 4;
const MAX_REVERSE_GLOSS_HEADS = 4;
const MAX_GLOSS_HEAD_WORDS = 3;
/** Discount for related words never sense-tagged in WordNet's corpus ("killable", "flapcake"). */
const RARE_WORD_FACTOR = 0.85;
/** Related words stored per lemma and part of speech. */
export const MAX_STORED_RELATED = 12;

interface Pointer {
  symbol: string;
  target: string;
  /** 1-based word number in the source synset, 0 for a semantic (whole-synset) pointer. */
  source: number;
  /** 1-based word number in the target synset, 0 for a semantic pointer. */
  targetWord: number;
}

interface Synset {
  pos: Pos;
  words: string[];
  /** Per word: written with a capital in WordNet, i.e. a proper name. */
  capitalized: boolean[];
  pointers: Pointer[];
  gloss: string;
}

interface WordNet {
  synsets: Map<string, Synset>;
  /** lemma → part of speech → synset keys, most frequent sense first (the order of index.*). */
  senses: Map<string, Map<Pos, string[]>>;
  /** `${synsetKey}|${lemma}` → how often that sense of the lemma was tagged. */
  tagCounts: Map<string, number>;
}

const isLicenseLine = (line: string) => line.length === 0 || line.startsWith('  ');

function fileLetter(ssType: string): Pos {
  if (ssType === 's') return 'a';
  if (ssType === 'n' || ssType === 'v' || ssType === 'a' || ssType === 'r') return ssType;
  throw new Error(`lexicon: unknown WordNet synset type "${ssType}"`);
}

const synsetKey = (pos: Pos, offset: string) => pos + offset;

/** Data-file words carry case, underscores and adjective position markers: "Britain", "hold_back", "galore(ip)". */
function normalizeWord(raw: string): string {
  return raw
    .replace(/\([a-z]+\)$/, '')
    .toLowerCase()
    .replaceAll('_', ' ');
}

function parseDataFile(text: string, synsets: Map<string, Synset>): void {
  for (const line of text.split('\n')) {
    if (isLicenseLine(line)) continue;
    const bar = line.indexOf(' | ');
    const fields = (bar < 0 ? line : line.slice(0, bar)).trim().split(' ');
    const gloss = bar < 0 ? '' : line.slice(bar + 3).trim();
    const offset = fields[0] ?? '';
    const pos = fileLetter(fields[2] ?? '');
    const wordCount = Number.parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    const capitalized: boolean[] = [];
    let at = 4;
    for (let i = 0; i < wordCount; i++, at += 2) {
      const raw = fields[at] ?? '';
      words.push(normalizeWord(raw));
      capitalized.push(/[A-Z]/.test(raw));
    }
    const pointerCount = Number.parseInt(fields[at] ?? '0', 10);
    at += 1;
    const pointers: Pointer[] = [];
    for (let i = 0; i < pointerCount; i++, at += 4) {
      const sourceTarget = fields[at + 3] ?? '0000';
      pointers.push({
        symbol: fields[at] ?? '',
        target: synsetKey(fileLetter(fields[at + 2] ?? ''), fields[at + 1] ?? ''),
        source: Number.parseInt(sourceTarget.slice(0, 2), 16),
        targetWord: Number.parseInt(sourceTarget.slice(2), 16),
      });
    }
    synsets.set(synsetKey(pos, offset), { pos, words, capitalized, pointers, gloss });
  }
}

function parseIndexFile(text: string, pos: Pos, senses: WordNet['senses']): void {
  for (const line of text.split('\n')) {
    if (isLicenseLine(line)) continue;
    const fields = line.trim().split(' ');
    const lemma = (fields[0] ?? '').replaceAll('_', ' ');
    const synsetCount = Number.parseInt(fields[2] ?? '0', 10);
    const offsets = fields.slice(-synsetCount);
    let byPos = senses.get(lemma);
    if (byPos === undefined) {
      byPos = new Map();
      senses.set(lemma, byPos);
    }
    byPos.set(
      pos,
      offsets.map((offset) => synsetKey(pos, offset)),
    );
  }
}

const SENSE_KEY_POS: Readonly<Record<string, Pos>> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };

function parseSenseIndex(text: string): Map<string, number> {
  const tagCounts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const [senseKey = '', offset = '', , tagCount = '0'] = line.split(' ');
    const percent = senseKey.indexOf('%');
    const pos = SENSE_KEY_POS[senseKey.charAt(percent + 1)];
    if (percent < 0 || pos === undefined) continue;
    const lemma = senseKey.slice(0, percent).replaceAll('_', ' ');
    tagCounts.set(`${synsetKey(pos, offset)}|${lemma}`, Number.parseInt(tagCount, 10));
  }
  return tagCounts;
}

function readWordNet(dictDir: string): WordNet {
  const synsets = new Map<string, Synset>();
  const senses: WordNet['senses'] = new Map();
  for (const pos of POS_LETTERS) {
    parseDataFile(readFileSync(join(dictDir, `data.${FILE_NAMES[pos]}`), 'utf8'), synsets);
    parseIndexFile(readFileSync(join(dictDir, `index.${FILE_NAMES[pos]}`), 'utf8'), pos, senses);
  }
  return { synsets, senses, tagCounts: parseSenseIndex(readFileSync(join(dictDir, 'index.sense'), 'utf8')) };
}

/** Collects candidate related words for one lemma, keeping the strongest evidence for each. */
class RelatedCollector {
  private readonly best = new Map<string, StoredRelation>();
  constructor(
    private readonly self: string,
    private readonly frequency: (word: string, pos: Pos) => number,
  ) {}

  /** `pos` is the related word's part of speech: words never seen in use rank a little lower (news uses common words). */
  add(word: string, pos: Pos, kind: RelationKind, rawWeight: number): void {
    if (word === this.self || word.length === 0 || rawWeight <= 0) return;
    const weight = this.frequency(word, pos) > 0 ? rawWeight : rawWeight * RARE_WORD_FACTOR;
    const previous = this.best.get(word);
    if (previous === undefined || weight > previous.weight) this.best.set(word, { word, kind, weight });
  }

  /** Strongest first; ties keep the order in which evidence was found, which follows WordNet's sense order. */
  result(): StoredRelation[] {
    return [...this.best.values()]
      .sort((a, b) => b.weight - a.weight)
      .slice(0, MAX_STORED_RELATED)
      .map((relation) => ({ ...relation, weight: Math.max(0.01, Math.round(relation.weight * 100) / 100) }));
  }
}

class LexiconBuilder {
  /** `${pos}|${glossHead}` → words whose main sense is glossed by that head ("withhold": "hold back; refuse to …"). */
  private readonly reverseGlossHeads = new Map<string, StoredRelation[]>();
  private readonly frequencies = new Map<string, number>();

  constructor(private readonly wordNet: WordNet) {
    this.collectReverseGlossHeads();
  }

  private tagCount(synset: string, lemma: string): number {
    return this.wordNet.tagCounts.get(`${synset}|${lemma}`) ?? 0;
  }

  /** How often a word was tagged in any sense of one part of speech: a usage frequency. */
  private frequency(word: string, pos: Pos): number {
    const key = `${word}|${pos}`;
    let frequency = this.frequencies.get(key);
    if (frequency === undefined) {
      const synsetKeys = this.wordNet.senses.get(word)?.get(pos) ?? [];
      frequency = synsetKeys.reduce((sum, synset) => sum + this.tagCount(synset, word), 0);
      this.frequencies.set(key, frequency);
    }
    return frequency;
  }

  /** 1-based rank of a synset among a word's senses in one part of speech (large when unknown). */
  private senseRank(word: string, pos: Pos, synset: string): number {
    const rank = this.wordNet.senses.get(word)?.get(pos)?.indexOf(synset) ?? -1;
    return rank < 0 ? 100 : rank + 1;
  }

  /** How central a synset is to a word: 1 for its first sense, less for later ones ("go" in the synset of "die"). */
  private centrality(word: string, pos: Pos, synset: string, exponent: number): number {
    return (1 / this.senseRank(word, pos, synset)) ** exponent;
  }

  private isLemma(phrase: string, pos: Pos): boolean {
    return this.wordNet.senses.get(phrase)?.has(pos) ?? false;
  }

  /**
   * Many glosses open with a synonym before the definition proper ("withhold": "hold back; refuse to hand over or
   * share"). Returns that opening when it stands alone (ended by ";" or the end of the definition), is a lemma of the
   * same part of speech, and is not the genus term ("pummel": "strike, usually with the fist" names a hypernym).
   */
  private glossHead(synset: Synset): string | undefined {
    const definition = (synset.gloss.split('"')[0] ?? '').trim();
    const head = (definition.split(';')[0] ?? '').trim().toLowerCase();
    if (head.length === 0 || /[^a-z' -]/.test(head) || head.split(' ').length > MAX_GLOSS_HEAD_WORDS) return undefined;
    if (!this.isLemma(head, synset.pos) || synset.words.includes(head)) return undefined;
    const isGenus = synset.pointers.some(
      (pointer) =>
        (pointer.symbol === '@' || pointer.symbol === '@i') && (this.wordNet.synsets.get(pointer.target)?.words.includes(head) ?? false),
    );
    return isGenus ? undefined : head;
  }

  private collectReverseGlossHeads(): void {
    for (const [key, synset] of this.wordNet.synsets) {
      const head = this.glossHead(synset);
      if (head === undefined) continue;
      const slot = `${synset.pos}|${head}`;
      const list = this.reverseGlossHeads.get(slot) ?? [];
      for (const word of synset.words) {
        if (this.senseRank(word, synset.pos, key) !== 1) continue;
        // Words actually seen in this sense first; never-tagged ones are mostly rare.
        const seen = this.tagCount(key, word) > 0;
        list.push({ word, kind: 'synonym', weight: WEIGHT.glossHeadReverse * (seen ? 1 : 0.8) });
      }
      list.sort((a, b) => b.weight - a.weight);
      this.reverseGlossHeads.set(slot, list);
    }
  }

  /**
   * Weight of each considered sense. The first always counts; the second too (news often uses a word in its second
   * sense: "intelligence" the agency), discounted by how much rarer it is; the third only when nearly as frequent.
   */
  private senseWeights(lemma: string, synsetKeys: string[]): number[] {
    const counts = synsetKeys.slice(0, MAX_SENSES).map((key) => this.tagCount(key, lemma));
    const first = counts[0] ?? 0;
    const weights = [1];
    for (let i = 1; i < counts.length; i++) {
      if (first === 0) {
        if (i === 1) weights.push(UNTAGGED_SECOND_SENSE_WEIGHT);
        break;
      }
      const count = counts[i] ?? 0;
      const ratio = Math.min(1, count / first);
      if (i > 1 && ratio < MIN_SENSE_RATIO) break;
      // A second sense never seen in use is usually a rarity ("parliament" the card game).
      weights.push(count === 0 ? NEVER_SEEN_SECOND_SENSE_WEIGHT : 0.35 + 0.55 * ratio);
    }
    return weights;
  }

  private addSynonyms(collector: RelatedCollector, lemma: string, key: string, synset: Synset, senseWeight: number) {
    const others = synset.words
      .map((word, position) => ({ word, position, count: this.tagCount(key, word) }))
      .filter(({ word }) => word !== lemma)
      .sort(
        (a, b) => b.count - a.count || this.frequency(b.word, synset.pos) - this.frequency(a.word, synset.pos) || a.position - b.position,
      )
      .slice(0, MAX_SYNONYMS_PER_SYNSET);
    others.forEach(({ word }, order) => {
      const weight = WEIGHT.synonym * senseWeight * this.centrality(word, synset.pos, key, 0.5) * (1 - 0.05 * order);
      collector.add(word, synset.pos, 'synonym', weight);
    });
    const head = this.glossHead(synset);
    if (head !== undefined) collector.add(head, synset.pos, 'synonym', WEIGHT.glossHead * senseWeight);
  }

  private addSimilarAdjectives(collector: RelatedCollector, synset: Synset, senseWeight: number) {
    const similar = synset.pointers
      .filter((pointer) => pointer.symbol === '&')
      .flatMap((pointer) => {
        const target = this.wordNet.synsets.get(pointer.target);
        const word = target?.words[0];
        return word === undefined ? [] : [{ word, key: pointer.target, count: this.tagCount(pointer.target, word) }];
      })
      .sort((a, b) => b.count - a.count || this.frequency(b.word, 'a') - this.frequency(a.word, 'a'))
      .slice(0, MAX_SIMILAR_ADJECTIVES);
    for (const { word, key } of similar) {
      collector.add(word, 'a', 'synonym', WEIGHT.similarAdjective * senseWeight * this.centrality(word, 'a', key, 0.5));
    }
  }

  /** Lexical pointers leave from one word of a synset: follow only those that leave from the lemma itself. */
  private addLexicalPointers(collector: RelatedCollector, lemma: string, synset: Synset, senseWeight: number) {
    const wordNumber = synset.words.indexOf(lemma) + 1;
    for (const pointer of synset.pointers) {
      if (pointer.source !== wordNumber) continue;
      const target = this.wordNet.synsets.get(pointer.target);
      const word = target?.words[pointer.targetWord - 1];
      if (target === undefined || word === undefined) continue;
      // Derivations (+), pertainyms (\) and participles (<) all name the same idea in another part of speech.
      if (pointer.symbol === '+' || pointer.symbol === '\\' || pointer.symbol === '<') {
        const weight = WEIGHT.derived * senseWeight * this.centrality(word, target.pos, pointer.target, 0.3);
        collector.add(word, target.pos, 'derived', weight);
      } else if (pointer.symbol === '!' && synset.pos !== 'n') {
        collector.add(word, target.pos, 'antonym', WEIGHT.antonym * senseWeight);
      }
    }
  }

  /** The first words of a noun's direct classes (hypernyms, not instances): "troop" → "unit", "boat" → "vessel". */
  private addBroader(collector: RelatedCollector, synset: Synset, senseWeight: number) {
    for (const pointer of synset.pointers) {
      if (pointer.symbol !== '@') continue;
      const target = this.wordNet.synsets.get(pointer.target);
      for (const word of target?.words.slice(0, 2) ?? []) {
        collector.add(word, 'n', 'broader', WEIGHT.broader * senseWeight * this.centrality(word, 'n', pointer.target, 0.3));
      }
    }
  }

  /** Whether the lemma is written capitalized in this sense, i.e. names a person, place or body there. */
  private isProperSense(lemma: string, key: string): boolean {
    const synset = this.wordNet.synsets.get(key);
    return synset?.capitalized[synset.words.indexOf(lemma)] ?? false;
  }

  entry(lemma: string, pos: Pos, synsetKeys: string[]): LemmaEntry {
    const collector = new RelatedCollector(lemma, (word, wordPos) => this.frequency(word, wordPos));
    const properSenses = synsetKeys.filter((key) => this.isProperSense(lemma, key));
    const proper = properSenses.length === synsetKeys.length;
    // A word with common senses is expanded through those only: "wolf" the animal, not Hugo Wolf.
    const expandedSenses = proper ? synsetKeys : synsetKeys.filter((key) => !properSenses.includes(key));
    const weights = this.senseWeights(lemma, expandedSenses);
    weights.forEach((senseWeight, sense) => {
      const key = expandedSenses[sense] ?? '';
      const synset = this.wordNet.synsets.get(key);
      if (synset === undefined) return;
      this.addSynonyms(collector, lemma, key, synset, senseWeight);
      if (pos === 'a') this.addSimilarAdjectives(collector, synset, senseWeight);
      this.addLexicalPointers(collector, lemma, synset, senseWeight);
      if (pos === 'n' && sense === 0) this.addBroader(collector, synset, senseWeight);
    });
    for (const relation of this.reverseGlossHeads.get(`${pos}|${lemma}`)?.slice(0, MAX_REVERSE_GLOSS_HEADS) ?? []) {
      collector.add(relation.word, pos, relation.kind, relation.weight);
    }
    return { pos, frequency: this.frequency(lemma, pos), proper, related: collector.result() };
  }
}

/** Builds the lexicon table from a WordNet dict directory (index.*, data.*, index.sense). */
export function buildLexiconTable(dictDir: string): LexiconTable {
  const wordNet = readWordNet(dictDir);
  const builder = new LexiconBuilder(wordNet);
  const table: LexiconTable = new Map();
  const lemmas = [...wordNet.senses.keys()].sort();
  for (const lemma of lemmas) {
    const byPos = wordNet.senses.get(lemma);
    if (byPos === undefined) continue;
    table.set(
      lemma,
      POS_LETTERS.flatMap((pos) => {
        const keys = byPos.get(pos);
        return keys === undefined ? [] : [builder.entry(lemma, pos, keys)];
      }),
    );
  }
  return table;
}
