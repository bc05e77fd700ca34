/**
 * Well-known JavaScript search engines, each built over the same passages as our engine, for `npm run eval`.
 * They are measured as their documentation sets them up, untuned: they are the bar to beat, not rivals to handicap.
 * Each returns passage ids best first; none abstains unless its engine finds nothing.
 */
import { createRequire } from 'node:module';
import { create, insert, search as oramaSearch } from '@orama/orama';
import { Index as FlexIndex } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch, { type Options } from 'minisearch';

export interface BaselineDoc {
  id: number;
  text: string;
}

export interface Baseline {
  name: string;
  /** Passage ids, best first, at most `limit`. */
  search(question: string, limit: number): Promise<number[]>;
}

type BaselineFactory = (docs: readonly BaselineDoc[]) => Baseline;

// These three packages ship plain CommonJS without type declarations; their one call each is typed here.
const require = createRequire(import.meta.url);
const stemWord = require('wink-porter2-stemmer') as (word: string) => string;
const { eng: englishStopWords } = require('stopword') as { eng: string[] };
interface WinkBm25 {
  defineConfig(config: { fldWeights: Record<string, number> }): void;
  definePrepTasks(tasks: Array<(input: string) => string[]>): number;
  addDoc(doc: Record<string, string>, id: number): void;
  consolidate(): void;
  search(text: string, limit?: number): Array<[string, number]>;
}
const winkBm25 = require('wink-bm25-text-search') as () => WinkBm25;

/** MiniSearch over the passages with `options`, ranking by its own score: the two MiniSearch rows differ only in options. */
function miniSearchBaseline(name: string, options: Partial<Options<BaselineDoc>>): BaselineFactory {
  return (docs) => {
    const index = new MiniSearch<BaselineDoc>({ fields: ['text'], ...options });
    index.addAll(docs);
    return {
      name,
      search: async (q, limit) =>
        index
          .search(q)
          .slice(0, limit)
          .map((r) => Number(r.id)),
    };
  };
}

const minisearchDefaults = miniSearchBaseline('MiniSearch defaults', {});

/**
 * The settings MiniSearch's README suggests for search-as-you-type: prefix and fuzzy matching, any term may match.
 * (Field boosts would change nothing: there is one field.)
 */
const minisearchTuned = miniSearchBaseline('MiniSearch tuned', {
  searchOptions: { prefix: true, fuzzy: 0.2, combineWith: 'OR' },
});

const lunrDefaults: BaselineFactory = (docs) => {
  const index = lunr(function () {
    this.ref('id');
    this.field('text');
    for (const doc of docs) this.add(doc);
  });
  const run = (q: string): lunr.Index.Result[] => {
    try {
      return index.search(q);
    } catch (error) {
      // Lunr reads "toll:" or "-x" as query syntax and throws on what it cannot parse; a member's question is plain
      // words, so on a parse error the same words are searched as plain terms.
      if (!(error instanceof lunr.QueryParseError)) throw error;
      return index.query((query) => {
        for (const token of lunr.tokenizer(q)) query.term(token.toString(), {});
      });
    }
  };
  return {
    name: 'Lunr defaults',
    search: async (q, limit) =>
      run(q)
        .slice(0, limit)
        .map((r) => Number(r.ref)),
  };
};

const flexsearchDefaults: BaselineFactory = (docs) => {
  const index = new FlexIndex();
  for (const doc of docs) index.add(doc.id, doc.text);
  return { name: 'FlexSearch defaults', search: async (q, limit) => index.search(q, { limit }).map(Number) };
};

/** FlexSearch's default search needs every word to match, so questions rarely match; `suggest` is its documented partial-match mode. */
const flexsearchSuggest: BaselineFactory = (docs) => {
  const index = new FlexIndex();
  for (const doc of docs) index.add(doc.id, doc.text);
  return { name: 'FlexSearch suggest', search: async (q, limit) => index.search(q, { limit, suggest: true }).map(Number) };
};

const oramaDefaults: BaselineFactory = (docs) => {
  const db = create({ schema: { text: 'string' } as const });
  for (const doc of docs) insert(db, { id: String(doc.id), text: doc.text });
  return {
    name: 'Orama defaults',
    search: async (q, limit) => (await oramaSearch(db, { term: q, limit })).hits.map((hit) => Number(hit.id)),
  };
};

/**
 * wink-bm25-text-search with the preparation its README uses (lower case, words only, no stop words, stems), written
 * out here because wink-nlp-utils is not a dependency: stop words from `stopword`, stems from wink's own Porter2 stemmer.
 * Negation marking is left out.
 */
const winkDefaults: BaselineFactory = (docs) => {
  const stopWords = new Set(englishStopWords);
  const prepare = (input: string): string[] =>
    (input.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [])
      .filter((word) => !stopWords.has(word))
      .map((word) => stemWord(word));
  const engine = winkBm25();
  engine.defineConfig({ fldWeights: { text: 1 } });
  engine.definePrepTasks([prepare]);
  for (const doc of docs) engine.addDoc({ text: doc.text }, doc.id);
  // wink refuses to consolidate fewer than 3 documents; such a corpus is searched as empty.
  const usable = docs.length >= 3;
  if (usable) engine.consolidate();
  return {
    name: 'wink-bm25 (stem+stop)',
    search: async (q, limit) => (usable ? engine.search(q, limit).map(([id]) => Number(id)) : []),
  };
};

export const BASELINES: readonly BaselineFactory[] = [
  minisearchDefaults,
  minisearchTuned,
  lunrDefaults,
  flexsearchDefaults,
  flexsearchSuggest,
  oramaDefaults,
  winkDefaults,
];

export function buildBaselines(docs: readonly BaselineDoc[]): Baseline[] {
  return BASELINES.map((factory) => factory(docs));
}
