import { describe, expect, it } from 'vitest';
import { cutAtWord } from '../../src/engine/text.js';

describe('cutAtWord', () => {
  it('keeps short text, cuts long text at a word within the limit, with the mark counted', () => {
    expect(cutAtWord('short text', 20)).toBe('short text');
    expect(cutAtWord('the quick brown fox jumps over', 20)).toBe('the quick brown fox');
    const marked = cutAtWord('the quick brown fox jumps over', 20, '…');
    expect(marked).toBe('the quick brown fox…');
    expect(marked.length).toBeLessThanOrEqual(20);
  });

  it('cuts mid-word when no space keeps half, never splitting a surrogate pair', () => {
    expect(cutAtWord('abcdefghijklmnop', 5)).toBe('abcde');
    expect(cutAtWord('abcd😀efgh', 5)).toBe('abcd');
  });
});
