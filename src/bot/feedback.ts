import type { ButtonInteraction } from 'discord.js';
import type { AnswerButton } from './answer-buttons.js';
import type { Rendered } from './answering.js';
import type { CommandContext } from './command.js';
import { renderNotice } from './reply.js';

/**
 * Helpful / Not helpful under an answer. The vote is queued in the insights store (one per member
 * per answer: a new one replaces the old) and acknowledged to the member alone; nothing waits on
 * the store.
 */

export const HELPFUL_THANKS = 'Thanks — marked helpful.';
export const NOT_HELPFUL_THANKS =
  'Thanks — marked not helpful. Moderators see which answers missed, so the right summary or story can be added.';
export const FEEDBACK_OFF_TEXT = 'Thanks — but feedback isn’t being recorded on this bot any more.';

export function recordVote(ctx: CommandContext, interaction: ButtonInteraction, vote: Extract<AnswerButton, { kind: 'vote' }>): Rendered {
  const { store } = ctx;
  // Buttons of an answer given before INSIGHTS was turned off.
  if (!store) return { message: renderNotice(FEEDBACK_OFF_TEXT), outcome: 'refused' };
  try {
    store.recordVote({
      questionId: vote.questionId,
      memberId: interaction.user.id,
      helpful: vote.helpful,
      at: new Date(interaction.createdTimestamp),
      guildId: interaction.guildId,
    });
  } catch (err) {
    // The store promises not to throw; if one does anyway, the vote is lost and the member still thanked.
    ctx.logger.error({ err, interaction: interaction.id }, 'could not record the vote');
  }
  return { message: renderNotice(vote.helpful ? HELPFUL_THANKS : NOT_HELPFUL_THANKS), outcome: 'answered' };
}
