import { ApplicationCommandType } from 'discord.js';
import type { ChatInputCommand, ChatInputData } from '../src/bot/command.js';
import type { StoryEngine } from '../src/engine/api.js';
import { type AnswerMode, renderStories, replyOptions } from '../src/bot/reply.js';

/** Whether the sentence encoder joins the words now. */
function answerMode(engine: StoryEngine): AnswerMode {
  const state = engine.meaning?.() ?? 'off';
  return state === 'on' ? 'meaning' : state === 'starting' ? 'meaning-pending' : 'words';
}

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
    await interaction.reply(replyOptions(renderStories(engine.stories(), answerMode(engine)), { ephemeral: true }));
    return 'answered';
  },
} satisfies ChatInputCommand;
