import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { resolveStory, storyChoices, UNKNOWN_STORY_TEXT } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { answerPageClick, renderPeople } from '../src/bot/people-pages.js';
import { refuse } from '../src/bot/notice.js';
import { replyOptions } from '../src/bot/reply.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'people',
  description: 'Who’s who: the people and bodies the story names, their roles and how many statements are theirs.',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'story',
      description: 'Only this story (default: every story)',
      autocomplete: true,
    },
  ],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,

  /** Replies directly: the register is read once per story and kept, so a page takes well under a millisecond after the first. */
  async execute(interaction, { engine }) {
    const storyValue = interaction.options.getString(option.story);
    const story = storyValue ? resolveStory(engine.stories(), storyValue) : undefined;
    if (storyValue && !story) {
      return refuse(interaction, UNKNOWN_STORY_TEXT);
    }
    const { message, outcome } = renderPeople(engine, story?.id);
    await interaction.reply(replyOptions(message, { ephemeral: outcome !== 'answered' }));
    return outcome;
  },

  async autocomplete(interaction, { engine }) {
    await interaction.respond(storyChoices(engine.stories(), String(interaction.options.getFocused())));
    return 'answered';
  },

  /** Previous / next page (see `answerPageClick`). */
  async button(interaction, { engine }) {
    return answerPageClick(interaction, engine);
  },
} satisfies ChatInputCommand;
