import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex, Engine, type IndexData, loadIndex, readStories } from '../../src/engine/index.js';
import { englishKnowledge } from '../../src/engine/knowledge.js';

/** The project's story and the second eval story, so a snapshot holds more than one story. */
const STORY_DIRS = ['seeds', 'eval/second-story'];
const QUESTIONS = ['eval/questions.jsonl', 'eval/dev-questions.jsonl', 'eval/second-story/questions.jsonl'].flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { q: string }).q),
);
const knowledge = englishKnowledge();

let root: string;
let stories: string;
let cache: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'snapshot-test-'));
  stories = join(root, 'stories');
  cache = join(root, 'cache');
  for (const dir of STORY_DIRS) {
    for (const name of readdirSync(dir).filter((n) => /\.(?:txt|json)$/.test(n) && n !== 'questions.jsonl')) {
      cpSync(join(dir, name), join(stories, name));
    }
  }
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Everything a member can get out of an engine, as plain data. */
function everything(data: IndexData) {
  const engine = new Engine(data, knowledge);
  return {
    stories: engine.stories(),
    answers: QUESTIONS.map((q) => engine.askByWords(q, { limit: 5 })),
    summaries: engine.stories().map((s) => engine.summary({ storyId: s.id, sentences: 7 })),
    suggestions: ['intell', 'who sai', 'boil wat', 'strik'].map((partial) => engine.suggest(partial)),
    context: engine.stories().map((s) => engine.context(s.id, 3, 1, 2)),
  };
}

/** MiniSearch's own serialization, terms sorted (its radix tree lists them in insertion-dependent order). */
function plainSearch(data: IndexData) {
  const plain = data.search.toJSON();
  return { ...plain, index: plain.index.sort(([a], [b]) => (a < b ? -1 : 1)) };
}

function snapshotFiles(): string[] {
  return readdirSync(cache).filter((name) => name.endsWith('.bin'));
}

describe('saved index', () => {
  it('loads back exactly what a fresh build gives: same data, same answers', () => {
    const first = loadIndex(stories, { cache });
    expect(first.from).toBe('built');
    expect(snapshotFiles()).toHaveLength(1);
    const second = loadIndex(stories, { cache });
    expect(second.from).toBe('snapshot');
    expect(second.file).toBe(first.file);

    const fresh = buildIndex(readStories(stories));
    expect(second.data.stories).toEqual(fresh.stories);
    expect(second.data.sentences).toEqual(fresh.sentences);
    expect([...second.data.features]).toEqual([...fresh.features]);
    expect([...second.data.documentFrequency]).toEqual([...fresh.documentFrequency]);
    // A radix tree iterates in insertion-dependent order: compare the contents.
    expect([...second.data.words].sort()).toEqual([...fresh.words].sort());
    expect(plainSearch(second.data)).toEqual(plainSearch(fresh));
    expect(everything(second.data)).toEqual(everything(fresh));
    // Not a vacuous comparison: the question set does get passages.
    expect(everything(fresh).answers.filter((a) => a.length > 0).length).toBeGreaterThan(QUESTIONS.length / 2);
  });

  it('rebuilds when a story changes, even with the same size and modification time', () => {
    const file = join(stories, '001_kellbridge_water.txt');
    const date = new Date('2025-01-02T03:04:05Z');
    utimesSync(file, date, date);
    loadIndex(stories, { cache });
    const [before] = snapshotFiles();
    const { size } = statSync(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Tuesday');
    writeFileSync(file, text.replace('Tuesday', 'Thursda'));
    utimesSync(file, date, date);
    expect(statSync(file).size).toBe(size);
    expect(statSync(file).mtimeMs).toBe(date.getTime());

    const after = loadIndex(stories, { cache });
    expect(after.from).toBe('built');
    expect(after.data.sentences.some((p) => p.text.includes('Thursda'))).toBe(true);
    // The stale snapshot is replaced, not kept beside the new one.
    expect(snapshotFiles()).toHaveLength(1);
    expect(snapshotFiles()[0]).not.toBe(before);
    expect(loadIndex(stories, { cache }).from).toBe('snapshot');
  });

  it('rebuilds when only a story’s metadata changes', () => {
    loadIndex(stories, { cache });
    const meta = join(stories, '001_kellbridge_water.json');
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), title: 'A new title' }));
    const after = loadIndex(stories, { cache });
    expect(after.from).toBe('built');
    expect(after.data.stories.map((s) => s.title)).toContain('A new title');
  });

  it.each([
    ['random bytes', (bytes: Buffer) => Buffer.from(bytes.map((_, i) => (i * 7919) % 256))],
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['one flipped byte', (bytes: Buffer) => Buffer.from(bytes.map((b, i) => (i === bytes.length - 100 ? b ^ 0x20 : b)))],
    ['empty', () => Buffer.alloc(0)],
    ['a header that is not JSON', (bytes: Buffer) => Buffer.concat([Buffer.from('story-bot-index\n{"format":'), bytes.subarray(40)])],
  ])('rebuilds without crashing from a corrupt snapshot: %s', (_name, corrupt) => {
    const first = loadIndex(stories, { cache });
    const file = first.file as string;
    writeFileSync(file, corrupt(readFileSync(file)));

    const again = loadIndex(stories, { cache });
    expect(again.from).toBe('built');
    expect(again.note).toMatch(/not usable/);
    expect(everything(again.data)).toEqual(everything(first.data));
    // …and the rebuilt snapshot is good again.
    expect(loadIndex(stories, { cache }).from).toBe('snapshot');
  });

  it('still answers when the snapshot cannot be written', () => {
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const loaded = loadIndex(stories, { cache: blocked });
    expect(loaded.from).toBe('built');
    expect(loaded.note).toMatch(/could not save/);
    expect(new Engine(loaded.data, knowledge).askByWords('Where was E. coli found?').length).toBeGreaterThan(0);
  });

  it('saves into INDEX_CACHE_DIR when no folder is given, so several processes can share one saved index', () => {
    const previous = process.env.INDEX_CACHE_DIR;
    process.env.INDEX_CACHE_DIR = cache;
    try {
      expect(loadIndex(stories, { cache: true }).from).toBe('built');
      expect(snapshotFiles()).toHaveLength(1);
      expect(loadIndex(stories, { cache: true }).from).toBe('snapshot');
    } finally {
      if (previous === undefined) delete process.env.INDEX_CACHE_DIR;
      else process.env.INDEX_CACHE_DIR = previous;
    }
  });

  it('writes no snapshot for a small archive unless asked, and none when told not to', () => {
    expect(loadIndex(stories).file).toBeNull();
    expect(loadIndex(stories, { cache: false }).file).toBeNull();
    expect(loadIndex(stories, { cache: false }).from).toBe('built');
  });
});
