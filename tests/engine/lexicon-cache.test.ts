import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLexicon, openLexicon } from '../../src/engine/lexicon.js';
import { defaultCacheDir, type LoadedTable, loadTable, locateWordNet, writeCache } from '../../src/engine/lexicon/cache.js';
import { indexTable } from '../../src/engine/lexicon/table-format.js';

/**
 * The lexicon's table cache (src/engine/lexicon/cache.ts): built from WordNet, written, read back.
 * Each run builds the table from WordNet once (seconds), so `npm run test:unit` leaves this file to
 * `npm test`; tests/engine/lexicon.test.ts covers what the lexicon answers.
 */

const lexicon = loadLexicon();

describe('the cached table', () => {
  let cacheDir: string;
  let built: LoadedTable;
  let cached: LoadedTable;

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'lexicon-cache-'));
    built = loadTable(cacheDir);
    cached = loadTable(cacheDir);
  }, 60_000);
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('is built once, then read back equal', () => {
    expect(built.source).toBe('built');
    expect(cached.source).toBe('cache');
    expect(cached.cacheFile).toBe(built.cacheFile);
    expect(cached.lines.size).toBe(built.lines.size);
    const lemmas = [...built.lines.lemmas()];
    expect([...cached.lines.lemmas()]).toEqual(lemmas);
    expect(lemmas.map((lemma) => cached.lines.get(lemma))).toEqual(lemmas.map((lemma) => built.lines.get(lemma)));
  });

  it('builds deterministically: a fresh build equals the shared cache byte for byte', () => {
    // The shared cache is what the test run's global setup loaded (building it if it was missing).
    let shared = join(defaultCacheDir(locateWordNet()), (built.cacheFile ?? '').split('/').at(-1) ?? '');
    if (!existsSync(shared)) {
      // It could not be written here (read-only node_modules): a second fresh build stands in for it.
      const second = mkdtempSync(join(tmpdir(), 'lexicon-cache-'));
      try {
        expect(loadTable(second).source).toBe('built');
        shared = join(second, readdirSync(second)[0] ?? '');
        expect(readFileSync(built.cacheFile ?? '', 'utf8')).toBe(readFileSync(shared, 'utf8'));
      } finally {
        rmSync(second, { recursive: true, force: true });
      }
      return;
    }
    expect(readFileSync(built.cacheFile ?? '', 'utf8')).toBe(readFileSync(shared, 'utf8'));
  }, 60_000);

  it('answers the same from a lexicon opened on the cache', () => {
    const reopened = openLexicon(cacheDir);
    expect(reopened.source).toBe('cache');
    for (const word of ['died', 'legal', 'holding back', 'strikes', 'saw']) {
      expect(reopened.lexicon.related(word)).toEqual(lexicon.related(word));
      expect(reopened.lexicon.lemmas(word)).toEqual(lexicon.lemmas(word));
    }
  });

  it('refuses a truncated or foreign cache file, so it is rebuilt', () => {
    const text = readFileSync(built.cacheFile ?? '', 'utf8');
    const { version } = locateWordNet();
    expect(indexTable(text, version)?.size).toBe(built.lines.size);
    expect(indexTable(text.slice(0, 100_000), version)).toBeUndefined();
    expect(indexTable(text, '0.0.0')).toBeUndefined();
    expect(indexTable('', version)).toBeUndefined();
  });

  it('writes nothing and reports failure when the directory is not writable', () => {
    const notADirectory = join(cacheDir, 'a-file');
    writeFileSync(notADirectory, '');
    expect(writeCache(join(notADirectory, 'cache'), 'table.txt', 'text')).toBe(false);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
