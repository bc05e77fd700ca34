/**
 * Answers take turns with the event loop (src/engine/turns.ts): many answers released at once — here a batch of
 * question vectors from the encoder, resolved in one tick as the encoder thread's reply resolves them — are computed
 * over several turns of the loop instead of back to back in one, in order and with the same answers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { DIMENSIONS, type Encoder } from '../../src/engine/meaning.js';
import { SLICE_MS, Turns } from '../../src/engine/turns.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // The caller's slice of the loop being used up.
  }
}

/** A unit vector per text, the same for the same text (its SHA-256 spread over the dimensions). */
function vectorOf(text: string): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  const bytes = createHash('sha256').update(text).digest();
  for (let d = 0; d < DIMENSIONS; d++) vector[d] = (((bytes[d % bytes.length] as number) ^ (d * 31)) % 255) - 127;
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
}

/**
 * Passages are encoded at once; questions wait until `release()`, which answers every waiting one in the same tick,
 * as WorkerEncoder does when its thread sends back a batch.
 */
class BatchEncoder implements Encoder {
  private held: { texts: readonly string[]; resolve: (vectors: Float32Array[]) => void }[] = [];
  hold = false;

  encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (!this.hold) return Promise.resolve(texts.map(vectorOf));
    return new Promise((resolve) => this.held.push({ texts, resolve }));
  }

  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    for (const { texts, resolve } of this.held.splice(0)) resolve(texts.map(vectorOf));
  }

  async close(): Promise<void> {}
}

const QUESTIONS = readFileSync('eval/questions.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { q: string }).q);

describe('turns of the event loop', () => {
  it('lets a lone caller go on at once, and past its slice makes callers wait for a later turn, in order', async () => {
    const turns = new Turns();
    expect(turns.take()).toBeUndefined();
    busy(SLICE_MS + 1);
    const order: string[] = [];
    const first = turns.take();
    const second = turns.take();
    expect(first).toBeInstanceOf(Promise);
    expect(turns.queued).toBe(2);
    void first?.then(() => order.push('first'));
    void second?.then(() => order.push('second'));
    // Microtasks alone never release them: only the loop's next turn does.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(order).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(order).toEqual(['first', 'second']);
    expect(turns.queued).toBe(0);
    // A new turn, a new slice: the next caller goes on at once again.
    expect(turns.take()).toBeUndefined();
  });

  it('computes the answers one batch of question vectors releases over several turns, with the same answers', async () => {
    // Three times the project's questions, each distinct: far more work than one slice of the loop.
    const questions = [0, 1, 2].flatMap((round) => QUESTIONS.map((q) => `${q}${' ?'.repeat(round)}`));
    const alone = loadEngine('seeds');
    await alone.startMeaning(new BatchEncoder(), null);
    const expected = [];
    for (const q of questions) expected.push(await alone.ask(q, { limit: 5 }));

    const encoder = new BatchEncoder();
    const engine = loadEngine('seeds');
    await engine.startMeaning(encoder, null);
    encoder.hold = true;
    const done: number[] = [];
    const answers = questions.map((q, i) =>
      engine.ask(q, { limit: 5 }).then((answer) => {
        done.push(i);
        return answer;
      }),
    );
    expect(encoder.waiting).toBe(questions.length);
    encoder.release();
    await nextTurn();
    // By the loop's next turn some answers are out, not all of them: the rest come in later turns.
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(questions.length);
    expect(await Promise.all(answers)).toEqual(expected);
    expect(done).toEqual(questions.map((_, i) => i));
    expect(expected.filter((a) => a.length > 0).length).toBeGreaterThan(questions.length / 2);
  });
});
