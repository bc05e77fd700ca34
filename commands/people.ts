import { ApplicationCommandType } from 'discord.js';
import { ONE_STORY_OPTION, pickStory, storyAutocomplete, UNKNOWN_STORY_TEXT } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { answerPageClick, renderPeople } from '../src/bot/people-pages.js';
import { refuse } from '../src/bot/notice.js';
import { replyOptions } from '../src/bot/reply.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'people',
  description: 'Who’s who: the people and bodies the story names, their roles and how many statements are theirs.',
  options: [ONE_STORY_OPTION],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,

  /** Replies directly: the register is read once per story and kept, so a page takes well under a millisecond after the first. */
  async execute(interaction, { engine }) {
    const pick = pickStory(engine.stories(), interaction.options.getString(option.story));
    if (!pick.ok) return refuse(interaction, UNKNOWN_STORY_TEXT);
    const { message, outcome } = renderPeople(engine, pick.story?.id);
    await interaction.reply(replyOptions(message, { ephemeral: outcome !== 'answered' }));
    return outcome;
  },

  autocomplete: storyAutocomplete,

  /** Previous / next page (see `answerPageClick`). */
  async button(interaction, { engine }) {
    return answerPageClick(interaction, engine);
  },
} satisfies ChatInputCommand;
