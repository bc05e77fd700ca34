import { ApplicationCommandType } from 'discord.js';
import type { ChatInputCommand, ChatInputData } from '../src/bot/command.js';
import { renderStories, replyOptions } from '../src/bot/reply.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'story',
  description: 'List the stories I know: title, publisher, link and number of passages.',
} as const satisfies ChatInputData;

export default {
  data,

  /** Replies directly: listing the stories is in memory. */
  async execute(interaction, { engine }) {
    // Only the asker needs the list; an ephemeral reply keeps the channel for the conversation.
    await interaction.reply(replyOptions(renderStories(engine.stories()), { ephemeral: true }));
    return 'answered';
  },
} satisfies ChatInputCommand;
