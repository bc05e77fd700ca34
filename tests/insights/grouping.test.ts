import { describe, expect, it } from 'vitest';
import { encoderGrouper } from '../../src/insights/grouping.js';

/** A unit vector at `degrees` in the plane: cos(angle between two) is their similarity. */
function at(degrees: number): Float32Array {
  const r = (degrees * Math.PI) / 180;
  return Float32Array.from([Math.cos(r), Math.sin(r)]);
}

/** An encoder that knows a fixed vector per text. */
function encoder(vectors: Record<string, Float32Array>) {
  const calls: string[][] = [];
  const encode = async (texts: string[]) => {
    calls.push(texts);
    return texts.map((t) => vectors[t] ?? at(180));
  };
  return { encode, calls };
}

describe('encoderGrouper', () => {
  it('counts paraphrases together and keeps different questions apart', async () => {
    // cos 10° ≈ 0.98 (same question), cos 60° = 0.5 (same topic, another question).
    const { encode } = encoder({ a: at(0), 'a again': at(10), b: at(60), 'b again': at(65) });
    expect(await encoderGrouper(encode)(['a', 'b', 'a again', 'b again'])).toEqual([0, 1, 0, 1]);
  });

  it('joins the most similar representative, not merely the first above the threshold', async () => {
    // Threshold 0.8 ≈ 36.9°. y (40° from x) starts its own group; z is 25° from x (cos 0.91) but
    // 15° from y (cos 0.97): it joins y, the closer one, although x comes first and is above the threshold too.
    const { encode } = encoder({ x: at(0), y: at(40), z: at(25) });
    expect(await encoderGrouper(encode, 0.8)(['x', 'y', 'z'])).toEqual([0, 1, 1]);
  });

  it('leaves every question alone when the encoder is off (undefined) or answers wrongly', async () => {
    expect(await encoderGrouper(async () => undefined)(['a', 'b', 'c'])).toEqual([0, 1, 2]);
    expect(await encoderGrouper(async () => [at(0)])(['a', 'b'])).toEqual([0, 1]);
  });

  it('does not call the encoder for fewer than two questions', async () => {
    const { encode, calls } = encoder({});
    expect(await encoderGrouper(encode)([])).toEqual([]);
    expect(await encoderGrouper(encode)(['only'])).toEqual([0]);
    expect(calls).toHaveLength(0);
  });
});
