import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAtWord, ELLIPSIS, truncate } from '../../src/shared/text.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutAtWord', () => {
  it('leaves text that fits alone', () => {
    expect(cutAtWord('how many strikes', 16)).toBe('how many strikes');
  });

  it('cuts before the last word that does not fit, without an ellipsis', () => {
    expect(cutAtWord('how many strikes has the US reported', 20)).toBe('how many strikes has');
    expect(cutAtWord('how many strikes has the US reported', 19)).toBe('how many strikes');
  });

  it('cuts mid-word when the last space would lose more than half, never inside a surrogate pair', () => {
    expect(cutAtWord('a verylongwordindeed', 10)).toBe('a verylong');
    expect(cutAtWord('ab😀cd', 3)).toBe('ab');
  });

  it('for any text and limit: a prefix of the text, within the limit, well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const cut = cutAtWord(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(text.startsWith(cut)).toBe(true);
        if (!LONE_SURROGATE.test(text)) expect(LONE_SURROGATE.test(cut)).toBe(false);
        if (text.length > max && cut.length < max / 2) expect(/\s/.test(text.slice(Math.ceil(max / 2), max + 1))).toBe(false);
      }),
    );
  });
});

describe('truncate', () => {
  it('prefers a sentence end, then a word, and marks the cut with an ellipsis', () => {
    expect(truncate('The US struck boats. Then it struck again and again.', 30)).toBe(`The US struck boats.${ELLIPSIS}`);
    expect(truncate('The US struck boats near the coast again', 20)).toBe(`The US struck boats${ELLIPSIS}`);
  });

  it('for any text and limit: within the limit, the text itself when it fits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 200 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(cut).toBe(text);
        else if (max > 0) expect(cut.endsWith(ELLIPSIS)).toBe(true);
      }),
    );
  });
});
