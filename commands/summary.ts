import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { resolveStory, storyChoices } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { postAndPinFor, refuse } from '../src/bot/pinning.js';
import { escapeText, renderSummary, replyOptions, truncate } from '../src/bot/reply.js';

export const MIN_SUMMARY_SENTENCES = 3;
export const MAX_SUMMARY_SENTENCES = 10;

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'summary',
  description: 'The story in its own words: its most central passages, in order.',
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'sentences',
      description: `How many passages (${MIN_SUMMARY_SENTENCES}–${MAX_SUMMARY_SENTENCES}, default 5)`,
      min_value: MIN_SUMMARY_SENTENCES,
      max_value: MAX_SUMMARY_SENTENCES,
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
   * Without `pin`: replies directly, the summary is computed in memory (under 25 ms measured).
   * With `pin`: see `postAndPinFor` (checks first, then deferred: three to five REST calls).
   */
  async execute(interaction, { engine }) {
    const storyValue = interaction.options.getString(option.story);
    const story = storyValue ? resolveStory(engine.stories(), storyValue) : engine.stories()[0];
    if (!story) {
      return refuse(interaction, storyValue ? 'I don’t know that story — pick one from the list, or see `/story`.' : 'No stories are indexed yet.');
    }
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

  async autocomplete(interaction, { engine }) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === option.story ? storyChoices(engine.stories(), String(focused.value)) : []);
    return 'answered';
  },
} satisfies ChatInputCommand;
