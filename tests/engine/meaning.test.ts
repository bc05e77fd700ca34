/**
 * Meaning: the sentence encoder in its thread, int8 passage vectors saved per story content, and the hybrid answer
 * path with the network unavailable.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine, startMeaning } from '../../src/engine/index.js';
import { DIMENSIONS, type Encoder, PassageVectors, readVectors, sharedEncoder, writeVectors } from '../../src/engine/meaning.js';

const cache = mkdtempSync(join(tmpdir(), 'meaning-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('the encoder thread', () => {
  it('gives unit vectors whose cosines follow meaning', async () => {
    const [bakery, bread, lane] = await sharedEncoder().encode([
      'The bakery closed.',
      'The bread shop shut down.',
      'A new cycle lane opened.',
    ]);
    if (!bakery || !bread || !lane) throw new Error('no vectors');
    expect(bakery.length).toBe(DIMENSIONS);
    expect(dot(bakery, bakery)).toBeCloseTo(1, 3);
    expect(dot(bakery, bread)).toBeGreaterThan(dot(bakery, lane));
  });

  it('int8 vectors keep cosines within 0.02, and read back from disk exactly', async () => {
    const texts = ['The council approved the plan.', 'Residents were angry.', 'Fares will rise in May.'];
    const vectors = await sharedEncoder().encode(texts);
    const quantized = PassageVectors.quantize(vectors);
    const query = vectors[0] as Float32Array;
    for (const [i, vector] of vectors.entries()) expect(Math.abs(quantized.cosine(i, query) - dot(vector, query))).toBeLessThan(0.02);
    writeVectors(cache, texts, quantized);
    const read = readVectors(cache, texts);
    expect(read?.data).toEqual(quantized.data);
    expect(read?.scale).toEqual(quantized.scale);
    // Other texts (a changed story) never read these vectors.
    expect(readVectors(cache, [...texts.slice(0, 2), 'Fares will rise in June.'])).toBeNull();
  });
});

describe('the encoder queue', () => {
  it('answers a burst of single questions with the same vectors as one at a time, and a question before bulk work', async () => {
    const encoder = sharedEncoder();
    const questions = Array.from({ length: 40 }, (_, i) => `question number ${i} about the ferry`);
    const alone = await encoder.encode([questions[7] as string]);
    const burst = await Promise.all(questions.map((q) => encoder.encode([q])));
    expect(dot(burst[7]?.[0] as Float32Array, alone[0] as Float32Array)).toBeCloseTo(1, 4);
    const order: string[] = [];
    const bulk = encoder.encode(Array.from({ length: 96 }, (_, i) => `passage ${i} of a long archive`)).then(() => order.push('bulk'));
    const question = encoder.encode(['a member asks']).then(() => order.push('question'));
    await Promise.all([bulk, question]);
    expect(order).toEqual(['question', 'bulk']);
  });
});

describe('answers with meaning', () => {
  it('answers a paraphrase the words alone refuse, and still refuses what the story does not say', async () => {
    const engine = loadEngine('seeds');
    expect(engine.meaning()).toBe('off');
    const started = startMeaning(engine, { cacheDir: cache });
    expect(engine.meaning()).toBe('starting');
    await started;
    expect(engine.meaning()).toBe('on');
    expect(readdirSync(cache).some((name) => name.startsWith('vectors-'))).toBe(true);
    const question = 'were any american troops hurt';
    expect(engine.askByWords(question)).toEqual([]);
    expect((await engine.ask(question))[0]?.passage.text).toContain('forces were harmed');
    for (const outside of ['What is the recipe for pancakes?', 'how do i reset my discord password', 'Who is the president of Brazil?']) {
      expect(await engine.ask(outside), outside).toEqual([]);
    }
    // With no time to wait for the encoder, the answer is by words (here: none) rather than late.
    expect(await engine.ask('were any soldiers wounded', { meaningBudgetMs: 0 })).toEqual([]);
    const [a, b] = (await engine.encode(['troops hurt', 'soldiers injured'])) ?? [];
    expect(a && b && dot(a, b)).toBeGreaterThan(0.5);
  });
});

describe('a crowded encoder', () => {
  it('answers a question with a time budget by words at once, without queueing it', async () => {
    let calls = 0;
    const unit = () => {
      const v = new Float32Array(DIMENSIONS);
      v[0] = 1;
      return v;
    };
    const crowded: Encoder = {
      encode: async (texts) => {
        calls += 1;
        return texts.map(unit);
      },
      backlog: () => 100,
      close: async () => {},
    };
    const engine = loadEngine('seeds');
    await engine.startMeaning(crowded, null);
    const before = calls;
    const answers = await engine.ask('How many strikes has the US reported?', { meaningBudgetMs: 50 });
    expect(answers.map((a) => a.passage.index)).toEqual(
      engine.askByWords('How many strikes has the US reported?').map((a) => a.passage.index),
    );
    expect(calls).toBe(before);
    // Without a budget (the CLI, the eval) it waits for the encoder.
    await engine.ask('How many strikes has the US reported?');
    expect(calls).toBe(before + 1);
  });
});

/** `unshare -n` (a new network namespace with no interfaces) where the machine allows it. */
function canUnshare(): boolean {
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

describe('offline', () => {
  it('npm run ask answers with meaning on with the network unavailable', () => {
    const offlineCache = mkdtempSync(join(tmpdir(), 'meaning-offline-'));
    const env = { ...process.env, SEMANTIC: 'on', INDEX_CACHE_DIR: offlineCache, NODE_OPTIONS: '--import=./tests/support/no-network.mjs' };
    const args = ['node_modules/.bin/tsx', 'src/cli/ask.ts', '--json', 'were any american troops hurt'];
    const [command, ...rest] = canUnshare() ? ['unshare', '-n', ...args] : args;
    const stdout = execFileSync(command as string, rest, { env, encoding: 'utf8', timeout: 60_000 });
    const answer = JSON.parse(stdout) as { answers: { text: string }[] };
    expect(answer.answers[0]?.text).toContain('forces were harmed');
    // The vectors were computed there and then: the encoder itself ran offline.
    expect(readdirSync(offlineCache).some((name) => name.startsWith('vectors-'))).toBe(true);
    rmSync(offlineCache, { recursive: true, force: true });
  }, 90_000);
});
