import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { messageOptions, renderNotice, replyOptions } from './reply.js';

/**
 * Short notices only the member sees (refusals, "expired", errors), sent in whichever way the
 * interaction still allows: the first reply, the deferred reply's edit, or a follow-up.
 */
export async function notify(interaction: RepliableInteraction, text: string): Promise<void> {
  const message = renderNotice(text);
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(messageOptions(message));
  } else if (interaction.replied) {
    await interaction.followUp({ ...messageOptions(message), flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply(replyOptions(message, { ephemeral: true }));
  }
}

/**
 * A command's refusal, the one refusal path of every command: tells the member, ephemerally, why
 * nothing was done (the first reply, or the edit of the deferred reply, whose "thinking…" it
 * replaces). Gives the outcome to log.
 */
export async function refuse(interaction: RepliableInteraction, text: string): Promise<'refused'> {
  const message = renderNotice(text);
  if (interaction.deferred || interaction.replied) await interaction.editReply(messageOptions(message));
  else await interaction.reply(replyOptions(message, { ephemeral: true }));
  return 'refused';
}
