import { describe, expect, it } from 'vitest';
import { encoderGrouper } from '../../src/store/grouper.js';

/** Unit vectors in 2-D at the given angles (degrees): cos(angle difference) is their similarity. */
const at = (...degrees: number[]) => degrees.map((d) => Float32Array.of(Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)));

describe('encoderGrouper', () => {
  it('puts each question with the first earlier one close enough, and leaves the rest alone', async () => {
    // 0° and 20° (cos 0.94) are one question; 90° is another; 100° joins 90° (cos 0.98), not 0°.
    const group = encoderGrouper(async () => at(0, 90, 20, 100, 45), 0.85);
    expect(await group(['a', 'b', 'c', 'd', 'e'])).toEqual([0, 1, 0, 1, 4]);
  });

  it('leaves every question alone without vectors (encoder off or not loaded)', async () => {
    const group = encoderGrouper(async () => undefined);
    expect(await group(['a', 'b'])).toEqual([0, 1]);
  });
});
