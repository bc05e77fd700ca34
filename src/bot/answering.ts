import type { StoryEngine } from '../engine/api.js';
import { DEFAULT_ANSWERS, MAX_SHOWN_ANSWERS } from '../shared/limits.js';
import { cutAtWord } from '../shared/text.js';
import type { Passage } from '../engine/types.js';
import { type AnswerButton, answerButtons, scopeVersion } from './answer-buttons.js';
import type { Outcome } from './command.js';
import { MAX_QUESTION_LENGTH, plainText, type ReplyMessage, renderAnswers, renderContext, renderNotice } from './reply.js';

/**
 * Questions in, messages out: what /ask, the "Ask the story" menu and the answer buttons share.
 * Plain functions of the engine, so they are tested without Discord.
 */

/**
 * How long an answer waits for the sentence encoder before it is given by words alone: under a burst the encoder's
 * queue grows, and members get an answer within Discord's patience rather than a perfect one late.
 */
export const MEANING_BUDGET_MS = 60;

/** Shown at first (src/shared/limits.ts). */
export const ANSWERS_SHOWN = DEFAULT_ANSWERS;
/** In all, with "More passages". */
export const ANSWERS_MAX = MAX_SHOWN_ANSWERS;
/** Passages on each side of the answer for "Context". */
export const CONTEXT_RADIUS = 2;

export const EXPIRED_TEXT = 'That answer has expired — ask again with `/ask`.';

export interface Rendered {
  message: ReplyMessage;
  outcome: Outcome;
}

export interface AnswerOptions {
  /** Only this story. */
  storyId?: string | undefined;
  /** The question's id (its interaction's id): adds Helpful / Not helpful. Unset when feedback is off. */
  votes?: string | undefined;
}

/**
 * The top answers, with "More passages" when there are more, "Context" around the best one, and
 * the feedback buttons; `top` is the best passage, for the record of the question.
 */
export async function answerQuestion(
  engine: StoryEngine,
  question: string,
  { storyId, votes }: AnswerOptions = {},
): Promise<Rendered & { top: Passage | undefined }> {
  const answers = await engine.ask(question, { limit: ANSWERS_MAX, meaningBudgetMs: MEANING_BUDGET_MS, ...(storyId ? { storyId } : {}) });
  if (answers.length === 0) return { message: renderAnswers(question, []), outcome: 'abstained', top: undefined };
  const shown = answers.slice(0, ANSWERS_SHOWN);
  const version = scopeVersion(engine, storyId);
  const top = shown[0];
  const buttons = answerButtons({
    top: top?.passage,
    topVersion: top?.story.version,
    more: answers.length > ANSWERS_SHOWN && version ? { offset: ANSWERS_SHOWN, version, storyId } : undefined,
    votes,
  });
  return { message: renderAnswers(question, shown, { buttons }), outcome: 'answered', top: top?.passage };
}

/** "More passages": the answers after `offset`, if the stories are still the ones the answer came from. */
export async function moreAnswers(
  engine: StoryEngine,
  question: string | undefined,
  button: Extract<AnswerButton, { kind: 'more' }>,
): Promise<Rendered> {
  if (!question || scopeVersion(engine, button.storyId) !== button.version || button.offset >= ANSWERS_MAX) {
    return { message: renderNotice(EXPIRED_TEXT), outcome: 'expired' };
  }
  const answers = await engine.ask(question, {
    meaningBudgetMs: MEANING_BUDGET_MS,
    limit: ANSWERS_MAX - button.offset,
    offset: button.offset,
    ...(button.storyId ? { storyId: button.storyId } : {}),
  });
  if (answers.length === 0) {
    return { message: renderNotice('No more passages answer that question.'), outcome: 'abstained' };
  }
  const top = answers[0];
  const buttons = answerButtons({ top: top?.passage, topVersion: top?.story.version, more: undefined });
  return { message: renderAnswers(question, answers, { title: 'More from the story', buttons }), outcome: 'answered' };
}

/** "Context": the passages around an answer, if that passage is still where it was in the same text. */
export function answerContext(engine: StoryEngine, button: Extract<AnswerButton, { kind: 'context' }>): Rendered {
  const story = engine.story(button.storyId);
  const passage =
    story && story.version === button.version ? engine.passageAt(button.storyId, button.paragraph, button.sentence) : undefined;
  if (!story || !passage) return { message: renderNotice(EXPIRED_TEXT), outcome: 'expired' };
  const passages = engine.context(button.storyId, button.paragraph, button.sentence, CONTEXT_RADIUS);
  // The engine leaves out furniture; the answer itself is always shown.
  const around = passages.some((p) => p.index === passage.index) ? passages : [...passages, passage].sort((a, b) => a.start - b.start);
  return { message: renderContext(passage, around, story), outcome: 'answered' };
}

/** Mentions, custom emoji, timestamps and slash-command links: markup, not words of a question. */
const DISCORD_TOKENS = /<(?:@[!&]?\d+|#\d+|\/[^>\s]+:\d+|a?:\w+:\d+|t:-?\d+(?::[a-zA-Z])?)>/g;

/**
 * The words of a question, from a typed option or a message's text: invisible characters (see
 * `plainText`), mentions, emoji, timestamps and markdown removed (they are not words of the story and would only stop it matching),
 * whitespace collapsed, cut to the length of a typed question. Empty when nothing is left.
 */
export function cleanQuestion(text: string): string {
  const plain = plainText(text)
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(DISCORD_TOKENS, ' ')
    .replace(/@(?:everyone|here)\b/g, ' ')
    .replace(/\[([^\]]*)\]\((?:<)?https?:\/\/[^)\s]+(?:>)?\)/g, '$1')
    .replace(/^\s*(?:>>>|>|#{1,3}|-#|[-*]|\d+\.)\s+/gm, '')
    .replace(/\|\||~~|\*+|`+|(?<!\w)_+|_+(?!\w)|\\/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cutAtWord(plain, MAX_QUESTION_LENGTH);
}
