/**
 * The saved index: a large archive starts from a snapshot of its `IndexData` instead of re-indexing every story.
 *
 * A snapshot is valid only for the exact stories and engine it was built from: its key hashes every story's id and
 * content version (text and metadata) and every source file of the engine, so a changed story or a changed analysis
 * rebuilds it, whatever the files' dates say. A snapshot that is missing, stale, truncated or corrupt is never an
 * error: the index is built from the stories and the snapshot rewritten.
 *
 * File layout: a magic line, a JSON header line (key, checksum, section sizes), then the sections back to back.
 * Passage texts are not stored: every passage is an exact substring of its story, which is read anyway to compute the
 * key, so passages are stored as offsets (Int32 columns). MiniSearch's index is its own `toJSON()` shape, with the
 * term list cut into chunks so no single string nears V8's string size limit on a large archive.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { buildIndex, type IndexData, type IndexedDoc, SEARCH_OPTIONS } from './build.js';
import { readStories, type StorySource } from './stories.js';
import type { Passage, StoryInfo } from './types.js';

/** Bumped when the file layout changes (a change of the engine's code changes the key by itself). */
const FORMAT = 1;
const MAGIC = 'story-bot-index\n';

/**
 * Below this much story text (about 800 passages) indexing takes under a tenth of a second and a snapshot saves
 * little; above it the saved index loads several times faster than a rebuild (`npm run bench`, bench/SCALING.md).
 */
export const SNAPSHOT_MIN_BYTES = 64 * 1024;

/** Where snapshots go unless told otherwise: the project's `.cache/` (gitignored). */
export const DEFAULT_CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache');

/**
 * The snapshot folder when the caller names none: `INDEX_CACHE_DIR` (so shards on several machines can share one saved
 * index on a shared disk), else `DEFAULT_CACHE_DIR`. Read at each load, after dotenv has filled the environment.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INDEX_CACHE_DIR?.trim() ? resolve(env.INDEX_CACHE_DIR.trim()) : DEFAULT_CACHE_DIR;
}

/** At most this many characters in one JSON section of the term list. */
const TERM_CHUNK_CHARS = 32 * 1024 * 1024;

export interface IndexCacheOptions {
  /**
   * `true`: always use a snapshot (in `defaultCacheDir()`); `false`: never; a string: always, in that folder;
   * unset: only when the stories hold at least `SNAPSHOT_MIN_BYTES` of text (in `defaultCacheDir()`).
   */
  cache?: boolean | string;
}

export interface LoadedIndex {
  data: IndexData;
  /** `snapshot` when loaded from a saved index, `built` when indexed from the stories. */
  from: 'snapshot' | 'built';
  /** The snapshot file used or written, or null when snapshots were off. */
  file: string | null;
  /** Why a snapshot was not used when one was wanted (missing, stale, corrupt…), or why none was written. */
  note: string | null;
}

/** Reads the stories of `dir` and returns their index, from a valid snapshot when there is one. */
export function loadIndex(dir: string, options: IndexCacheOptions = {}): LoadedIndex {
  const sources = readStories(dir);
  const bytes = sources.reduce((sum, s) => sum + s.text.length, 0);
  const wanted = options.cache ?? bytes >= SNAPSHOT_MIN_BYTES;
  if (wanted === false) return { data: buildIndex(sources), from: 'built', file: null, note: null };
  const cacheDir = typeof wanted === 'string' ? resolve(wanted) : defaultCacheDir();
  const file = snapshotFile(cacheDir, dir, sources);
  const key = snapshotKey(sources);
  let note: string;
  try {
    return { data: readSnapshot(file, key, sources), from: 'snapshot', file, note: null };
  } catch (error) {
    note = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no snapshot yet' : `snapshot not usable (${(error as Error).message})`;
  }
  const data = buildIndex(sources);
  try {
    writeSnapshot(file, key, data, sources);
    removeStale(file);
  } catch (error) {
    // An unwritable cache costs the next start a rebuild, nothing more.
    note += `; could not save the snapshot (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return { data, from: 'built', file, note };
}

/** The snapshot file of a stories folder: one per folder, named by the key, so a stale one is never picked up. */
export function snapshotFile(cacheDir: string, storiesDir: string, sources: readonly StorySource[]): string {
  const folder = createHash('sha256').update(resolve(storiesDir)).digest('hex').slice(0, 12);
  return join(cacheDir, `index-${folder}-${snapshotKey(sources)}.bin`);
}

let codeHash: string | undefined;

/** A hash of every source file of the engine (this folder and below) and of MiniSearch: any change to the analysis changes it. */
export function engineCodeVersion(): string {
  if (codeHash) return codeHash;
  const root = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const visit = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.(?:[cm]?[jt]s)$/.test(name)) hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  visit(root);
  // The index format is MiniSearch's: a new version of it is a new engine too.
  hash.update(readFileSync(createRequire(import.meta.url).resolve('minisearch')));
  codeHash = hash.digest('hex').slice(0, 16);
  return codeHash;
}

/** What a snapshot must match: the format, the engine's code, and every story's id and content version, in order. */
export function snapshotKey(sources: readonly StorySource[]): string {
  const hash = createHash('sha256').update(`format ${FORMAT}\0code ${engineCodeVersion()}\0`);
  for (const source of sources) hash.update(`${source.id}\0${source.version}\0`);
  return hash.digest('hex').slice(0, 24);
}

interface Header {
  format: number;
  key: string;
  endianness: string;
  /** sha1 of everything after the header line. */
  checksum: string;
  passages: number;
  sections: [name: string, bytes: number][];
}

interface Meta {
  stories: StoryInfo[];
  speakers: string[];
  documentFrequency: [string, number][];
  words: [string, number][];
  acronyms: [string, string[]][];
}

type PlainSearch = ReturnType<MiniSearch<IndexedDoc>['toJSON']>;

/** Int32 columns of a passage, in this order. */
const COLUMNS = 8;

/** Writes `data` to `file` atomically: a temporary file in the same folder, renamed over the old one. */
export function writeSnapshot(file: string, key: string, data: IndexData, sources: readonly StorySource[]): void {
  const storyIndex = new Map(sources.map((s, i) => [s.id, i]));
  const speakers: string[] = [];
  const speakerIndex = new Map<string, number>();
  const columns = new Int32Array(data.sentences.length * COLUMNS);
  data.sentences.forEach((p, i) => {
    let speaker = -1;
    if (p.speaker !== null) {
      speaker = speakerIndex.get(p.speaker) ?? speakers.push(p.speaker) - 1;
      speakerIndex.set(p.speaker, speaker);
    }
    const story = storyIndex.get(p.storyId);
    if (story === undefined || sources[story]?.text.slice(p.start, p.end) !== p.text) {
      throw new Error(`passage ${i} is not a substring of its story`);
    }
    columns.set([p.index, story, p.paragraph, p.sentence, p.start, p.end, speaker, p.furniture ? 1 : 0], i * COLUMNS);
  });
  const meta: Meta = {
    stories: data.stories,
    speakers,
    documentFrequency: [...data.documentFrequency],
    acronyms: [...data.acronyms],
    words: [...data.words],
  };
  const { index, ...search } = data.search.toJSON();
  const sections: [string, Buffer][] = [
    ['meta', Buffer.from(JSON.stringify(meta))],
    ['passages', Buffer.from(columns.buffer, columns.byteOffset, columns.byteLength)],
    ['features', Buffer.from(data.features.buffer, data.features.byteOffset, data.features.byteLength)],
    ['search', Buffer.from(JSON.stringify(search))],
  ];
  let chunk: string[] = [];
  let chars = 0;
  const flush = () => {
    sections.push(['terms', Buffer.from(`[${chunk.join(',')}]`)]);
    chunk = [];
    chars = 0;
  };
  for (const entry of index) {
    const json = JSON.stringify(entry);
    if (chars + json.length > TERM_CHUNK_CHARS && chunk.length > 0) flush();
    chunk.push(json);
    chars += json.length + 1;
  }
  flush();
  const checksum = createHash('sha1');
  for (const [, bytes] of sections) checksum.update(bytes);
  const header: Header = {
    format: FORMAT,
    key,
    endianness: endianness(),
    checksum: checksum.digest('hex'),
    passages: data.sentences.length,
    sections: sections.map(([name, bytes]) => [name, bytes.length]),
  };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeAll(fd, Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`));
      for (const [, bytes] of sections) writeAll(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** writeSync may write less than asked (large buffers): loop until all is written. */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/** Reads a snapshot written for `key`; throws when it is missing, for other stories or code, or damaged in any way. */
export function readSnapshot(file: string, key: string, sources: readonly StorySource[]): IndexData {
  const buffer = readFileSync(file);
  if (buffer.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a snapshot file');
  const headerEnd = buffer.indexOf(10, MAGIC.length);
  if (headerEnd < 0) throw new Error('no header');
  const header = JSON.parse(buffer.toString('utf8', MAGIC.length, headerEnd)) as Header;
  if (header.format !== FORMAT || header.key !== key) throw new Error('made for other stories or another engine version');
  if (header.endianness !== endianness()) throw new Error('made on a machine of other byte order');
  const body = buffer.subarray(headerEnd + 1);
  if (body.length !== header.sections.reduce((sum, [, bytes]) => sum + bytes, 0)) throw new Error('truncated or padded');
  if (createHash('sha1').update(body).digest('hex') !== header.checksum) throw new Error('checksum mismatch');

  let offset = 0;
  const sections = header.sections.map(([name, bytes]) => {
    const section = { name, bytes: body.subarray(offset, offset + bytes) };
    offset += bytes;
    return section;
  });
  const one = (name: string) => {
    const section = sections.find((s) => s.name === name);
    if (!section) throw new Error(`no ${name} section`);
    return section.bytes;
  };
  const meta = JSON.parse(one('meta').toString('utf8')) as Meta;
  // Copied out of the file buffer: typed arrays need aligned, owned memory.
  const columns = new Int32Array(Uint8Array.from(one('passages')).buffer);
  if (columns.length !== header.passages * COLUMNS) throw new Error('passage table of the wrong size');
  const sentences: Passage[] = new Array(header.passages);
  for (let i = 0; i < header.passages; i++) {
    const at = i * COLUMNS;
    const source = sources[columns[at + 1] as number];
    const start = columns[at + 4] as number;
    const end = columns[at + 5] as number;
    const speaker = columns[at + 6] as number;
    if (!source || start < 0 || end > source.text.length || start > end) throw new Error(`passage ${i} out of range`);
    sentences[i] = {
      index: columns[at] as number,
      storyId: source.id,
      text: source.text.slice(start, end),
      paragraph: columns[at + 2] as number,
      sentence: columns[at + 3] as number,
      start,
      end,
      speaker: speaker < 0 ? null : (meta.speakers[speaker] ?? null),
      furniture: columns[at + 7] === 1,
    };
  }
  const search = JSON.parse(one('search').toString('utf8')) as PlainSearch;
  search.index = sections.filter((s) => s.name === 'terms').flatMap((s) => JSON.parse(s.bytes.toString('utf8')) as PlainSearch['index']);
  return {
    stories: meta.stories,
    sentences,
    features: new Uint16Array(Uint8Array.from(one('features')).buffer),
    search: MiniSearch.loadJS(search, SEARCH_OPTIONS),
    documentFrequency: new Map(meta.documentFrequency),
    acronyms: new Map(meta.acronyms),
    words: SearchableMap.from(meta.words) as SearchableMap<number>,
  };
}

/** Removes the other snapshots of the same stories folder (older versions of its stories or of the engine). */
function removeStale(current: string): void {
  const folder = dirname(current);
  const prefix = current
    .slice(folder.length + 1)
    .split('-')
    .slice(0, 2)
    .join('-');
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name.startsWith(`${prefix}-`) && path !== current && name.endsWith('.bin')) {
      try {
        unlinkSync(path);
      } catch {
        // Another process may have removed it first.
      }
    }
  }
}
