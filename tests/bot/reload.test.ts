import { copyFileSync, mkdtempSync, readdirSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/client.js';
import { createLogger } from '../../src/bot/logger.js';
import { type ReloadResult, type StoryLibrary, watchStories } from '../../src/bot/reload.js';
import { loadConfig } from '../../src/config.js';
import { type Engine, loadEngine } from '../../src/engine/index.js';
import { MAX_STORY_BYTES } from '../../src/engine/stories.js';
import { FakeDiscord } from '../support/fake-discord.js';

/**
 * The stories folder watched while the bot runs: real files in a temporary folder, the real
 * fs.watch and the real engine. Good changes are answered from without a restart; bad files are
 * named in one log line and the last good index keeps answering.
 */

const SEEDS = resolve(import.meta.dirname, '../..', 'seeds');
const LIGHTHOUSE = 'The lighthouse keeper counted 42 fishing boats sheltering in the harbour during the storm.\n';
const SHIPS_QUESTION = 'How many fishing boats did the lighthouse keeper count?';
const STRIKES_QUESTION = 'How many strikes has the US reported?';

let dir: string;
let library: StoryLibrary;
let logLines: string[];
let reloads: ReloadResult[];
let waiters: ((result: ReloadResult) => void)[];

/** The next reload the watcher makes after a change. */
function nextReload(timeoutMs = 5_000): Promise<ReloadResult> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('no reload after the change')), timeoutMs);
    waiters.push((result) => {
      clearTimeout(timer);
      resolvePromise(result);
    });
  });
}

function errorLines(): { file: string; reason: string; msg: string }[] {
  return logLines.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
}

function topAnswer(question: string): string | undefined {
  return (library.engine as Engine).askByWords(question)[0]?.passage.text;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'story-reload-'));
  for (const name of readdirSync(SEEDS)) copyFileSync(join(SEEDS, name), join(dir, name));
  logLines = [];
  reloads = [];
  waiters = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line) => logLines.push(line) } });
  library = watchStories({
    dir,
    engine: loadEngine(dir),
    logger,
    debounceMs: 50,
    onReload: (result) => {
      reloads.push(result);
      for (const waiter of waiters.splice(0)) waiter(result);
    },
  });
});

afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('watchStories', () => {
  it('picks up a new story without a restart', async () => {
    expect(topAnswer(SHIPS_QUESTION)).toBeUndefined();
    const reloaded = nextReload();
    writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE);
    expect(await reloaded).toMatchObject({ ok: true, changed: true, stories: 2 });
    expect(topAnswer(SHIPS_QUESTION)).toBe(LIGHTHOUSE.trim());
    expect(topAnswer(STRIKES_QUESTION)).toContain('14 strikes');
  });

  it('re-indexes when nobody listens for reloads, as npm start wires it (no onReload)', async () => {
    library.close();
    const logger = createLogger({ level: 'silent' });
    library = watchStories({ dir, engine: loadEngine(dir), logger, debounceMs: 50 });
    writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE);
    const deadline = Date.now() + 5_000;
    while (topAnswer(SHIPS_QUESTION) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(topAnswer(SHIPS_QUESTION)).toBe(LIGHTHOUSE.trim());
  });

  it('picks up an edited story and a removed one', async () => {
    writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE);
    await nextReload();
    const edited = nextReload();
    writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE.replace('42', '57'));
    await edited;
    expect(topAnswer(SHIPS_QUESTION)).toContain('57 fishing boats');
    const removed = nextReload();
    unlinkSync(join(dir, 'lighthouse.txt'));
    expect(await removed).toMatchObject({ ok: true, changed: true, stories: 1 });
    expect(topAnswer(SHIPS_QUESTION)).toBeUndefined();
  });

  const BAD_FILES: { name: string; file: string; content: string | Buffer; reason: RegExp }[] = [
    {
      name: 'binary data',
      file: 'binary.txt',
      content: Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000 zipped words', 'utf8'),
      reason: /binary/,
    },
    {
      name: 'invalid UTF-8',
      file: 'latin1.txt',
      content: Buffer.from('Caf\xe9 au lait, na\xefve r\xe9sum\xe9.\n', 'latin1'),
      reason: /not UTF-8/,
    },
    { name: 'an empty file', file: 'empty.txt', content: '', reason: /empty/ },
    { name: 'a file over the size limit', file: 'huge.txt', content: 'word '.repeat(MAX_STORY_BYTES / 5 + 1), reason: /too large/ },
    { name: 'bad metadata', file: '000_71bf02bc287789e0.json', content: '{"title": 42}', reason: /invalid metadata/ },
    { name: 'metadata that is not JSON', file: '000_71bf02bc287789e0.json', content: '{ title: ', reason: /not valid JSON/ },
  ];

  for (const bad of BAD_FILES) {
    it(`keeps the last good index for ${bad.name}, with one log line naming the file and why`, async () => {
      writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE);
      await nextReload();
      const good = library.engine;
      const rejected = nextReload();
      writeFileSync(join(dir, bad.file), bad.content);
      const result = await rejected;
      expect(result).toMatchObject({ ok: false, file: join(dir, bad.file) });
      expect(library.engine).toBe(good);
      expect(topAnswer(SHIPS_QUESTION)).toBe(LIGHTHOUSE.trim());
      const errors = errorLines();
      expect(errors).toHaveLength(reloads.filter((r) => !r.ok).length);
      const line = errors.at(-1);
      expect(line?.file).toBe(join(dir, bad.file));
      expect(line?.reason).toMatch(bad.reason);
      expect(line?.msg).toContain(bad.file);
      expect(line?.msg).toContain('last good stories');
    });
  }

  it('answers from the new stories once the bad file is fixed', async () => {
    const rejected = nextReload();
    writeFileSync(join(dir, 'lighthouse.txt'), Buffer.from([0xff, 0xfe, 0x00]));
    expect((await rejected).ok).toBe(false);
    const fixed = nextReload();
    writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE);
    expect(await fixed).toMatchObject({ ok: true, changed: true });
    expect(topAnswer(SHIPS_QUESTION)).toBe(LIGHTHOUSE.trim());
  });

  it('a touch that changes no text keeps the engine it has', async () => {
    const before = library.engine;
    const touched = nextReload();
    const now = new Date();
    utimesSync(join(dir, '000_71bf02bc287789e0.txt'), now, now);
    writeFileSync(join(dir, 'notes.md'), 'not a story');
    expect(await touched).toMatchObject({ ok: true, changed: false });
    expect(library.engine).toBe(before);
  });

  it('a burst of writes is one reload', async () => {
    // A debounce far longer than twenty synchronous writes take, so the test does not hang on timing.
    library.close();
    const seen: ReloadResult[] = [];
    library = watchStories({
      dir,
      engine: library.engine,
      logger: createLogger({ level: 'silent' }),
      debounceMs: 500,
      onReload: (r) => seen.push(r),
    });
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE.repeat(i + 1));
    await new Promise((r) => setTimeout(r, 900));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ ok: true, changed: true, stories: 2 });
  });
});

describe('the bot with a watched folder', () => {
  let discord: FakeDiscord;
  let bot: ReturnType<typeof createBot>;

  beforeAll(async () => {
    discord = await FakeDiscord.start();
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
  });

  it('answers about a story added while it runs, from the swapped index', async () => {
    const logger = createLogger({ level: 'silent' });
    const config = loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, SEEDS_DIR: dir }, { need: 'bot' });
    bot = createBot({ config, logger, getEngine: () => library.engine });
    await bot.start();
    const ask = (question: string, userId: string) =>
      discord.sendCommand('ask', [{ name: 'question', value: question }], { userId }).final();
    expect((await ask(SHIPS_QUESTION, '400000000000000101')).content).toMatch(/^The story doesn't say/);
    const reloaded = nextReload();
    writeFileSync(join(dir, 'lighthouse.txt'), LIGHTHOUSE);
    await reloaded;
    const answer = await ask(SHIPS_QUESTION, '400000000000000102');
    expect(answer.embeds[0]?.description).toContain('42 fishing boats');
  });
});
