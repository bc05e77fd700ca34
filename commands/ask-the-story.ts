import { ApplicationCommandType } from 'discord.js';
import { answerQuestion, cleanQuestion } from '../src/bot/answering.js';
import type { ContextMenuData, MessageMenuCommand } from '../src/bot/command.js';
import { renderNotice, replyOptions } from '../src/bot/reply.js';

const data = {
  type: ApplicationCommandType.Message,
  name: 'Ask the story',
} as const satisfies ContextMenuData;

/** Right-click a message → Apps → Ask the story: its text becomes the question, answered to the clicker only. */
export default {
  data,
  // It puts a question to the engine: it spends the member's question allowance (see dispatch.ts).
  cooldown: true,

  /** Replies directly for the same reason as /ask: one engine call of milliseconds, nothing awaited before the reply. */
  async execute(interaction, { engine }) {
    const question = cleanQuestion(interaction.targetMessage.content);
    if (!question) {
      await interaction.reply(
        replyOptions(renderNotice('That message has no text I can ask about. Try `/ask` with your own words.'), { ephemeral: true }),
      );
      return 'refused';
    }
    const { message, outcome } = await answerQuestion(engine, question);
    await interaction.reply(replyOptions(message, { ephemeral: true }));
    return outcome;
  },
} satisfies MessageMenuCommand;
