import { ApplicationCommandType } from 'discord.js';
import { ANSWERS_MAX } from '../src/bot/answering.js';
import type { ChatInputCommand, ChatInputData } from '../src/bot/command.js';
import { EMBED_COLOUR, replyOptions } from '../src/bot/reply.js';
import { SUMMARY_SENTENCES } from '../src/shared/limits.js';
import type { Config } from '../src/config.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'help',
  description: 'How to use the story bot.',
} as const satisfies ChatInputData;

const USAGE = [
  'I answer questions about the news stories I know with **their own words**: each answer is a passage quoted exactly, with who said it and where it stands (¶ = paragraph). When a story doesn’t answer your question, I say so.',
  '',
  '**/ask** `question` — e.g. `/ask question: How many strikes has the US reported?`',
  '  • `story` — only one story (pick from the list)',
  '  • `hide: True` — only you see the answer',
  `  • under the answer: **More passages** (up to ${ANSWERS_MAX} in all), **Context** (the sentences around the best one), and **Helpful** / **Not helpful** (one vote each; a new vote replaces yours)`,
  '**/summary** — the most central passages, in story order',
  `  • \`sentences\` — ${SUMMARY_SENTENCES.min} to ${SUMMARY_SENTENCES.max} (default ${SUMMARY_SENTENCES.default}); \`story\` — which story`,
  '  • `pin: True` — post the summary here and pin it (you and I both need the Pin Messages or Manage Messages permission)',
  '**/people** — who’s who: the people and bodies the story names, the role it gives each and how many statements are theirs',
  '  • `story` — only one story; **Next ▶** for more when the list is long',
  '**/quotes** `speaker` — everything one speaker says, word for word, in story order, each with its paragraph',
  '  • e.g. `/quotes speaker: Pete Hegseth` (pick from the list); a spokesperson’s or official’s words count as their body’s',
  '**/story** — the stories I know: title, publisher, link, passages',
  '**Ask the story** — right-click (or long-press) a message → **Apps** → **Ask the story**: that message becomes the question; only you see the answer.',
  '**For moderators** (Manage Messages): **/insights** `days` `story` — what members asked, what the stories could not answer, which answers missed; **/faq** `story` `pin` — post (and pin) the most asked questions with their answers.',
];

/** What is recorded about questions, in the words of the README's privacy paragraph (keep the two in step). */
export function privacyText(config: Pick<Config, 'INSIGHTS' | 'INSIGHTS_RETENTION_DAYS'>): string {
  if (config.INSIGHTS === 'off') return '**What is kept:** nothing — recording of questions and votes is switched off on this bot.';
  const days = config.INSIGHTS_RETENTION_DAYS;
  return [
    `**What is kept, for ${days} day${days === 1 ? '' : 's'}:** for each question asked with /ask or Ask the story — when, the server and channel, the story chosen, the question (mentions removed, at most 300 characters), whether it was answered, the passage given and how long it took; for each vote — which answer and the vote. You are kept only as a keyed hash of your id, so moderators can count askers but nobody can list your questions. Moderators see totals and the most asked questions, never who asked.`,
  ].join('\n');
}

export default {
  data,

  /** Replies directly: fixed text and the configuration. */
  async execute(interaction, { config }) {
    const description = [...USAGE, '', privacyText(config)].join('\n');
    await interaction.reply(
      replyOptions({ embeds: [{ title: 'How to use the story bot', description, color: EMBED_COLOUR }] }, { ephemeral: true }),
    );
    return 'answered';
  },
} satisfies ChatInputCommand;
