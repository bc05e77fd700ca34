import { createHash } from 'node:crypto';
import type { StoryEngine } from '../engine/api.js';
import type { Passage, StoryInfo } from '../engine/types.js';
import { ButtonStyle } from 'discord.js';
import { type ButtonSpec, MAX_CUSTOM_ID } from './reply.js';

/**
 * The buttons under an answer. Their custom ids carry everything a click needs (no state in the
 * process), so they keep working after a restart; the story version in each id makes a click on
 * an answer from text that has since changed say "expired" instead of showing other words.
 *
 *   ask:more:<offset>:<version>:<storyId or empty>      the question is read back from the message
 *   ask:ctx:<paragraph>:<sentence>:<version>:<storyId>
 *   ask:vote:<questionId>:<y|n>                          Helpful / Not helpful; the question id is the
 *                                                        interaction id of the question (what the store keys it by)
 *
 * The story id comes last so it may contain ':'.
 */

const PREFIX = 'ask';

export type AnswerButton =
  | { kind: 'more'; offset: number; version: string; storyId: string | undefined }
  | { kind: 'context'; paragraph: number; sentence: number; version: string; storyId: string }
  | { kind: 'vote'; questionId: string; helpful: boolean };

export const HELPFUL_LABEL = 'Helpful';
export const NOT_HELPFUL_LABEL = 'Not helpful';

/** A short version of every indexed story at once, for answers drawn from all of them. */
export function corpusVersion(stories: readonly StoryInfo[]): string {
  const hash = createHash('sha256');
  for (const story of stories) hash.update(`${story.id}\0${story.version}\n`);
  return hash.digest('base64url').slice(0, 12);
}

/** The version an answer's scope had: one story's, or the whole corpus'. */
export function scopeVersion(engine: StoryEngine, storyId: string | undefined): string | undefined {
  if (storyId === undefined) return corpusVersion(engine.stories());
  return engine.story(storyId)?.version;
}

export function moreButtonId(offset: number, version: string, storyId: string | undefined): string {
  return `${PREFIX}:more:${offset}:${version}:${storyId ?? ''}`;
}

export function contextButtonId(passage: Passage, version: string): string {
  return `${PREFIX}:ctx:${passage.paragraph}:${passage.sentence}:${version}:${passage.storyId}`;
}

export function voteButtonId(questionId: string, helpful: boolean): string {
  return `${PREFIX}:vote:${questionId}:${helpful ? 'y' : 'n'}`;
}

const POSITIVE_INT = /^[1-9]\d{0,5}$/;
/** Interaction ids are snowflakes. */
const SNOWFLAKE = /^\d{17,20}$/;

/** Parses an id made above; undefined for anything else (an id from an older release, or forged). */
export function parseAnswerButton(customId: string): AnswerButton | undefined {
  const [prefix, kind, ...rest] = customId.split(':');
  if (prefix !== PREFIX) return undefined;
  if (kind === 'more') {
    const [offset, version, ...story] = rest;
    if (!offset || !POSITIVE_INT.test(offset) || !version) return undefined;
    const storyId = story.join(':');
    return { kind: 'more', offset: Number(offset), version, storyId: storyId === '' ? undefined : storyId };
  }
  if (kind === 'ctx') {
    const [paragraph, sentence, version, ...story] = rest;
    const storyId = story.join(':');
    if (!paragraph || !sentence || !POSITIVE_INT.test(paragraph) || !POSITIVE_INT.test(sentence) || !version || !storyId) {
      return undefined;
    }
    return { kind: 'context', paragraph: Number(paragraph), sentence: Number(sentence), version, storyId };
  }
  if (kind === 'vote') {
    const [questionId, vote, ...extra] = rest;
    if (!questionId || !SNOWFLAKE.test(questionId) || (vote !== 'y' && vote !== 'n') || extra.length > 0) return undefined;
    return { kind: 'vote', questionId, helpful: vote === 'y' };
  }
  return undefined;
}

/**
 * The buttons for an answer; a button whose id would be too long for Discord is left out rather than broken.
 * `votes`: the question's id, for Helpful / Not helpful (undefined when feedback is off, and under
 * follow-ups, whose votes would belong to the first answer).
 */
export function answerButtons(options: {
  top: Passage | undefined;
  topVersion: string | undefined;
  more: { offset: number; version: string; storyId: string | undefined } | undefined;
  votes?: string | undefined;
}): ButtonSpec[] {
  const buttons: ButtonSpec[] = [];
  if (options.more) {
    buttons.push({ customId: moreButtonId(options.more.offset, options.more.version, options.more.storyId), label: 'More passages' });
  }
  if (options.top && options.topVersion) {
    buttons.push({ customId: contextButtonId(options.top, options.topVersion), label: 'Context' });
  }
  if (options.votes) {
    buttons.push({ customId: voteButtonId(options.votes, true), label: HELPFUL_LABEL, style: ButtonStyle.Success });
    buttons.push({ customId: voteButtonId(options.votes, false), label: NOT_HELPFUL_LABEL, style: ButtonStyle.Secondary });
  }
  return buttons.filter((b) => b.customId.length <= MAX_CUSTOM_ID);
}
