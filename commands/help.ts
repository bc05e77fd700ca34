import { ApplicationCommandType } from 'discord.js';
import { ANSWERS_MAX } from '../src/bot/answering.js';
import type { ChatInputCommand, ChatInputData } from '../src/bot/command.js';
import { EMBED_COLOUR, replyOptions } from '../src/bot/reply.js';
import { SUMMARY_SENTENCES } from '../src/shared/limits.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'help',
  description: 'How to use the story bot.',
} as const satisfies ChatInputData;

const HELP = [
  'I answer questions about the news stories I know with **their own words**: each answer is a passage quoted exactly, with who said it and where it stands (¶ = paragraph). When a story doesn’t answer your question, I say so.',
  '',
  '**/ask** `question` — e.g. `/ask question: How many strikes has the US reported?`',
  '  • `story` — only one story (pick from the list)',
  '  • `hide: True` — only you see the answer',
  `  • under the answer: **More passages** (up to ${ANSWERS_MAX} in all) and **Context** (the sentences around the best one)`,
  '**/summary** — the most central passages, in story order',
  `  • \`sentences\` — ${SUMMARY_SENTENCES.min} to ${SUMMARY_SENTENCES.max} (default ${SUMMARY_SENTENCES.default}); \`story\` — which story`,
  '  • `pin: True` — post the summary here and pin it (you and I both need the Pin Messages or Manage Messages permission)',
  '**/story** — the stories I know: title, publisher, link, passages',
  '**Ask the story** — right-click (or long-press) a message → **Apps** → **Ask the story**: that message becomes the question; only you see the answer.',
].join('\n');

export default {
  data,

  /** Replies directly: fixed text. */
  async execute(interaction) {
    await interaction.reply(
      replyOptions({ embeds: [{ title: 'How to use the story bot', description: HELP, color: EMBED_COLOUR }] }, { ephemeral: true }),
    );
    return 'answered';
  },
} satisfies ChatInputCommand;
