import { describe, expect, it } from 'vitest';
import type { Answer, Passage, StoryInfo } from '../../src/engine/types.js';
import { attribution, highlight, renderAnswers, roundScore, sameWord, toContract } from '../../src/cli/render.js';

const BOLD = '\u001b[1m';
const NORMAL = '\u001b[22m';

const story: StoryInfo = {
  id: 's1',
  title: 'Boats struck',
  publisher: 'Sky News',
  url: null,
  published: null,
  passageCount: 2,
  paragraphCount: 2,
  version: 'abc',
};

function passage(text: string, paragraph: number, speaker: string | null): Passage {
  return { index: paragraph - 1, storyId: 's1', text, paragraph, sentence: 1, start: 0, end: text.length, speaker, furniture: false };
}

const answers: Answer[] = [
  { passage: passage('“All 6 were killed.”', 4, 'Pete Hegseth'), story, score: 12.34567, matched: ['killed'] },
  { passage: passage('Britain paused sharing.', 1, null), story: { ...story, publisher: null }, score: 3.0004, matched: ['britian'] },
];

describe('toContract', () => {
  it('maps answers to the contract keys, scores rounded to 3 decimals', () => {
    expect(toContract('who died?', answers)).toEqual({
      question: 'who died?',
      answers: [
        { text: '“All 6 were killed.”', story: 'Boats struck', storyId: 's1', paragraph: 4, speaker: 'Pete Hegseth', score: 12.346 },
        { text: 'Britain paused sharing.', story: 'Boats struck', storyId: 's1', paragraph: 1, speaker: null, score: 3 },
      ],
    });
  });
  it('rounds away float noise', () => {
    expect(roundScore(0.1 + 0.2)).toBe(0.3);
  });
});

describe('attribution', () => {
  it('names the speaker only when there is one, then title — publisher, ¶paragraph', () => {
    expect(attribution(passage('x', 4, 'Pete Hegseth'), story)).toBe('Pete Hegseth · Boats struck — Sky News, ¶4');
    expect(attribution(passage('x', 1, null), { ...story, publisher: null })).toBe('Boats struck, ¶1');
  });
});

describe('highlight', () => {
  it('bolds inflected, half-typed and mistyped forms of the query words, and nothing else', () => {
    expect(highlight('Britain says all 6 were killed in Venezuela.', ['britian', 'kill', 'venezu'])).toBe(
      `${BOLD}Britain${NORMAL} says all 6 were ${BOLD}killed${NORMAL} in ${BOLD}Venezuela${NORMAL}.`,
    );
  });
  it('leaves the text unchanged apart from the bold codes', () => {
    const text = '“We don’t comment on security or intelligence matters,” the official said.';
    const marked = highlight(text, ['comment', 'intel', 'don’t']);
    expect(marked.replaceAll(BOLD, '').replaceAll(NORMAL, '')).toBe(text);
    expect(marked).toContain(`${BOLD}don’t${NORMAL}`);
  });
  it('does not stretch short words into others', () => {
    expect(sameWord('us', 'use')).toBe(false);
    expect(sameWord('war', 'was')).toBe(false);
    expect(sameWord('strikes', 'strike')).toBe(true);
  });
});

describe('renderAnswers', () => {
  it('numbers the passages and puts the attribution under each', () => {
    expect(renderAnswers(answers, { color: false, storyCount: 1 })).toBe(
      '1. “All 6 were killed.”\n   — Pete Hegseth · Boats struck — Sky News, ¶4\n\n2. Britain paused sharing.\n   — Boats struck, ¶1',
    );
  });
  it('highlights only when colour is allowed', () => {
    expect(renderAnswers(answers, { color: true, storyCount: 1 })).toContain(`${BOLD}killed${NORMAL}`);
  });
  it('says plainly when the stories do not answer', () => {
    expect(renderAnswers([], { color: false, storyCount: 1 })).toBe("The story doesn't say.");
    expect(renderAnswers([], { color: false, storyCount: 3 })).toBe("The stories don't say.");
  });
});
