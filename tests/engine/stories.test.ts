import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine, StoryLoadError } from '../../src/engine/index.js';
import { MAX_META_BYTES, MAX_STORY_BYTES, readStories } from '../../src/engine/stories.js';

const root = mkdtempSync(join(tmpdir(), 'stories-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
/** A fresh folder with these files; a good story sits beside them so a bad file cannot hide behind an empty folder. */
function folder(files: Record<string, string | Buffer>, withGoodStory = true): string {
  const dir = join(root, `case-${folders++}`);
  mkdirSync(dir);
  if (withGoodStory) writeFileSync(join(dir, '000_good.txt'), 'The harbour reopened on Monday.\n');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The StoryLoadError that loading `dir` throws. */
function loadError(dir: string): StoryLoadError {
  try {
    readStories(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(StoryLoadError);
    return error as StoryLoadError;
  }
  throw new Error(`loading ${dir} did not fail`);
}

function expectRefused(dir: string, file: string, reason: RegExp): void {
  const error = loadError(dir);
  expect(error.file).toBe(file);
  expect(error.reason).toMatch(reason);
  // The message alone tells an operator which file and why.
  expect(error.message).toContain(file);
  expect(error.message).toContain(error.reason);
}

describe('a bad story file stops loading, naming the file and the reason', () => {
  it.skipIf(process.getuid?.() === 0)('an unreadable file', () => {
    const dir = folder({ 'secret.txt': 'Text nobody may read.' });
    chmodSync(join(dir, 'secret.txt'), 0o000);
    expectRefused(dir, join(dir, 'secret.txt'), /unreadable.*permission denied/);
  });

  it('a folder where a story file should be', () => {
    const dir = folder({});
    mkdirSync(join(dir, 'odd.txt'));
    expectRefused(dir, join(dir, 'odd.txt'), /unreadable.*folder/);
  });

  it('an empty file', () => {
    const dir = folder({ 'empty.txt': '' });
    expectRefused(dir, join(dir, 'empty.txt'), /empty/);
  });

  it('a file of whitespace only', () => {
    const dir = folder({ 'blank.txt': '  \n\t\r\n   \n' });
    expectRefused(dir, join(dir, 'blank.txt'), /empty/);
  });

  it('a file with only a byte-order mark', () => {
    const dir = folder({ 'bom.txt': '\uFEFF\n' });
    expectRefused(dir, join(dir, 'bom.txt'), /empty/);
  });

  it('a file without words', () => {
    const dir = folder({ 'marks.txt': '*** --- ***\n' });
    expectRefused(dir, join(dir, 'marks.txt'), /no words/);
  });

  it('a file that is not UTF-8', () => {
    const dir = folder({ 'latin1.txt': Buffer.from('Caf\xe9 owners protested.', 'latin1') });
    expectRefused(dir, join(dir, 'latin1.txt'), /not UTF-8/);
    const broken = folder({ 'broken.txt': Buffer.from([0x48, 0x69, 0x20, 0xc3, 0x28, 0x2e]) });
    expectRefused(broken, join(broken, 'broken.txt'), /not UTF-8/);
  });

  it('a binary file', () => {
    const dir = folder({ 'binary.txt': Buffer.from('Boats\0were\0seized.') });
    expectRefused(dir, join(dir, 'binary.txt'), /binary/);
  });

  it('a file over MAX_STORY_BYTES, and one exactly at it loads', () => {
    const line = 'The talks went on late into the night.\n';
    const atLimit = line.repeat(Math.floor(MAX_STORY_BYTES / line.length)).padEnd(MAX_STORY_BYTES, 'x');
    const dir = folder({ 'huge.txt': `${atLimit}y` });
    expectRefused(dir, join(dir, 'huge.txt'), new RegExp(`too large.*${MAX_STORY_BYTES}`));
    const fits = folder({ 'big.txt': atLimit }, false);
    expect(readStories(fits)[0]?.text.length).toBe(MAX_STORY_BYTES);
  });

  it('a story file name that cannot be an id', () => {
    const dir = folder({ 'two words.txt': 'A story.' });
    expectRefused(dir, join(dir, 'two words.txt'), /file name/);
  });
});

describe('bad metadata stops loading, naming the .json', () => {
  it('invalid JSON', () => {
    const dir = folder({ 'a.txt': 'A story.', 'a.json': '{"title": "Unfinished' });
    expectRefused(dir, join(dir, 'a.json'), /not valid JSON/);
  });

  it('an empty metadata file', () => {
    const dir = folder({ 'a.txt': 'A story.', 'a.json': '' });
    expectRefused(dir, join(dir, 'a.json'), /empty/);
  });

  it('wrong types, naming the field', () => {
    const dir = folder({ 'a.txt': 'A story.', 'a.json': '{"title": 42}' });
    expectRefused(dir, join(dir, 'a.json'), /invalid metadata.*title/);
    const list = folder({ 'a.txt': 'A story.', 'a.json': '["title"]' });
    expectRefused(list, join(list, 'a.json'), /invalid metadata/);
    const blank = folder({ 'a.txt': 'A story.', 'a.json': '{"publisher": "   "}' });
    expectRefused(blank, join(blank, 'a.json'), /invalid metadata.*publisher/);
  });

  it('a bad url, including one that is not http(s)', () => {
    for (const url of ['not a link', 'ftp://example.org/story', 'javascript:alert(1)']) {
      const dir = folder({ 'a.txt': 'A story.', 'a.json': JSON.stringify({ url }) });
      expectRefused(dir, join(dir, 'a.json'), /invalid metadata.*url/);
    }
  });

  it('metadata over MAX_META_BYTES', () => {
    const dir = folder({ 'a.txt': 'A story.', 'a.json': JSON.stringify({ note: 'x'.repeat(MAX_META_BYTES) }) });
    expectRefused(dir, join(dir, 'a.json'), /too large/);
  });

  it('metadata without a story', () => {
    const dir = folder({ 'orphan.json': '{"title": "Nobody home"}' });
    expectRefused(dir, join(dir, 'orphan.json'), /no \.txt/);
  });

  it('accepts valid metadata with extra notes, and a story without metadata', () => {
    const dir = folder({
      'a.txt': 'A story.',
      'a.json': JSON.stringify({ title: ' Harbour reopens ', url: 'https://example.org/a', published: '2025-01-02', note: 'for editors' }),
    });
    const [good, story] = readStories(dir);
    expect(good?.meta).toEqual({});
    expect(story?.meta.title).toBe('Harbour reopens');
    expect(story?.meta.url).toBe('https://example.org/a');
  });
});

describe('folders', () => {
  it('an empty folder', () => {
    const dir = folder({}, false);
    expectRefused(dir, dir, /no stories/);
  });

  it('a folder with no .txt file', () => {
    const dir = folder({ 'README.md': '# notes' }, false);
    expectRefused(dir, dir, /no stories/);
  });

  it('a missing folder', () => {
    const dir = join(root, 'does-not-exist');
    expectRefused(dir, dir, /does not exist/);
  });

  it('a file given as the folder', () => {
    const dir = folder({});
    const file = join(dir, '000_good.txt');
    expectRefused(file, file, /not a folder/);
  });

  it('reads stories in file-name order with ids from the names', () => {
    const dir = folder({ '002_b.txt': 'Second.', '001_a.txt': 'First.' }, false);
    expect(readStories(dir).map((story) => story.id)).toEqual(['001_a', '002_b']);
  });
});

describe('text as written', () => {
  it('a byte-order mark is not part of the first passage, and offsets stay offsets into the file', () => {
    const dir = folder(
      { 'bom.txt': '\uFEFFThe port closed. Ships waited.\nThe port reopened.\n', 'bom.json': '\uFEFF{"title": "Port"}' },
      false,
    );
    const [story] = readStories(dir);
    expect(story?.meta.title).toBe('Port');
    const engine = loadEngine(dir);
    const file = readFileSync(join(dir, 'bom.txt'), 'utf8');
    const passages = engine.allPassages();
    expect(passages.map((p) => p.text)).toEqual(['The port closed.', 'Ships waited.', 'The port reopened.']);
    for (const passage of passages) expect(file.slice(passage.start, passage.end)).toBe(passage.text);
  });

  it('CRLF line endings keep passages verbatim', () => {
    const text =
      'The port closed on Monday. Ships waited offshore.\r\n\r\n“We are ready,” the harbour master said.\r\nRead more:\r\nStorm hits coast\r\nTrade resumed on Friday.\r\n';
    const dir = folder({ 'crlf.txt': text }, false);
    const engine = loadEngine(dir);
    const passages = engine.allPassages();
    expect(passages.map((p) => p.text)).toEqual([
      'The port closed on Monday.',
      'Ships waited offshore.',
      '“We are ready,” the harbour master said.',
      'Trade resumed on Friday.',
    ]);
    for (const passage of passages) {
      expect(text.slice(passage.start, passage.end)).toBe(passage.text);
      expect(passage.text).not.toMatch(/[\r\n]/);
    }
    expect(passages.map((p) => p.paragraph)).toEqual([1, 1, 2, 5]);
  });

  it('the version changes when the text or the metadata changes', () => {
    const one = readStories(folder({ 'a.txt': 'A story.', 'a.json': '{"title": "One"}' }, false))[0];
    const two = readStories(folder({ 'a.txt': 'A story!', 'a.json': '{"title": "One"}' }, false))[0];
    const three = readStories(folder({ 'a.txt': 'A story.', 'a.json': '{"title": "Two"}' }, false))[0];
    const again = readStories(folder({ 'a.txt': 'A story.', 'a.json': '{"title": "One"}' }, false))[0];
    expect(new Set([one?.version, two?.version, three?.version]).size).toBe(3);
    expect(again?.version).toBe(one?.version);
  });
});
