import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { pickStory, storyAutocomplete, UNKNOWN_STORY_TEXT } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { refuse } from '../src/bot/notice.js';
import { postAndPinFor } from '../src/bot/pinning.js';
import { escapeText, renderSummary, replyOptions, truncate } from '../src/bot/reply.js';
import { SUMMARY_SENTENCES } from '../src/shared/limits.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'summary',
  description: 'The story in its own words: its most central passages, in order.',
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'sentences',
      description: `How many passages (${SUMMARY_SENTENCES.min}–${SUMMARY_SENTENCES.max}, default ${SUMMARY_SENTENCES.default})`,
      min_value: SUMMARY_SENTENCES.min,
      max_value: SUMMARY_SENTENCES.max,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'story',
      description: 'Which story (default: the first)',
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'pin',
      description: 'Post the summary in this channel and pin it (needs Pin Messages)',
    },
  ],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,

  /**
   * Without `pin`: replies directly, the summary is computed in memory (`npm run bench`, engine.summary).
   * With `pin`: see `postAndPinFor` (checks first, then deferred: three to five REST calls).
   */
  async execute(interaction, { engine }) {
    const pick = pickStory(engine.stories(), interaction.options.getString(option.story));
    if (!pick.ok) return refuse(interaction, UNKNOWN_STORY_TEXT);
    const story = pick.story ?? engine.stories()[0];
    if (!story) return refuse(interaction, 'No stories are indexed yet.');
    const sentences = interaction.options.getInteger(option.sentences) ?? undefined;
    const summary = engine.summary({ storyId: story.id, ...(sentences ? { sentences } : {}) });
    const message = renderSummary(summary);

    if (!interaction.options.getBoolean(option.pin)) {
      await interaction.reply(replyOptions(message, { ephemeral: false }));
      return 'answered';
    }
    return postAndPinFor(interaction, message, {
      what: 'the summary',
      posted: `the summary of “${escapeText(truncate(summary.story.title, 200))}”`,
      command: 'summary',
      auditReason: `Story summary requested by ${interaction.user.id}`,
    });
  },

  autocomplete: storyAutocomplete,
} satisfies ChatInputCommand;
