import { ApplicationCommandType } from 'discord.js';
import { answerQuestion, cleanQuestion } from '../src/bot/answering.js';
import type { ContextMenuData, MessageMenuCommand } from '../src/bot/command.js';
import { refuse } from '../src/bot/notice.js';
import { replyOptions } from '../src/bot/reply.js';

const data = {
  type: ApplicationCommandType.Message,
  name: 'Ask the story',
} as const satisfies ContextMenuData;

/** Right-click a message → Apps → Ask the story: its text becomes the question, answered to the clicker only. */
export default {
  data,
  // It puts a question to the engine: it spends the member's question allowance (see dispatch.ts).
  cooldown: true,

  /** Replies directly for the same reason as /ask: one in-memory engine call, nothing awaited before the reply. */
  async execute(interaction, { engine, store }) {
    const question = cleanQuestion(interaction.targetMessage.content);
    if (!question) {
      return refuse(interaction, 'That message has no text I can ask about. Try `/ask` with your own words.');
    }
    // The buttons are /ask's (same custom ids); the votes refer to this interaction's id, the question's record.
    const { message, outcome, top } = await answerQuestion(engine, question, { votes: store ? interaction.id : undefined });
    await interaction.reply(replyOptions(message, { ephemeral: true }));
    return { outcome, top };
  },

  /** The question for the record (see dispatch.ts): the message's words, as put to the engine. */
  asked(interaction) {
    const question = cleanQuestion(interaction.targetMessage.content);
    return question ? { question, storyFilter: null } : undefined;
  },
} satisfies MessageMenuCommand;
