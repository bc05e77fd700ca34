import type { Interaction } from 'discord.js';
import type { Passage } from '../engine/types.js';
import type { PassageRef, QuestionOutcome } from '../store/types.js';
import type { AskedQuestion, CommandContext, Outcome } from './command.js';

/**
 * What the dispatcher hands the insights store about each question: one record per question,
 * whatever ended it. The store queues it and returns at once, so recording never delays an answer;
 * and a store that fails costs that record (logged), never the answer.
 */

/** The recorded outcome of an interaction's outcome: the stories not answering is a refusal; anything that ended it early is an error. */
export function recordedOutcome(outcome: Outcome | 'error'): QuestionOutcome {
  switch (outcome) {
    case 'answered':
      return 'answered';
    case 'abstained':
    case 'refused':
      return 'refused';
    case 'throttled':
      return 'throttled';
    case 'busy':
      return 'busy';
    default:
      // 'expired' (a question command never ends so) and 'error'.
      return 'error';
  }
}

export function passageRef(passage: Passage): PassageRef {
  return { storyId: passage.storyId, paragraph: passage.paragraph, sentence: passage.sentence, text: passage.text };
}

export function recordQuestion(
  ctx: CommandContext,
  interaction: Interaction,
  asked: AskedQuestion,
  result: { outcome: Outcome | 'error'; top: Passage | undefined; latencyMs: number },
): void {
  const { store } = ctx;
  if (!store) return;
  try {
    store.recordQuestion({
      id: interaction.id,
      at: new Date(interaction.createdTimestamp),
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      storyFilter: asked.storyFilter,
      question: asked.question,
      outcome: recordedOutcome(result.outcome),
      top: result.outcome === 'answered' && result.top ? passageRef(result.top) : null,
      latencyMs: result.latencyMs,
      memberId: interaction.user.id,
    });
  } catch (err) {
    // The store promises not to throw; if one does anyway, the record is lost, not the answer.
    ctx.logger.error({ err, interaction: interaction.id }, 'could not record the question');
  }
}
