import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { ONE_STORY_OPTION, pickStory, storyChoices, UNKNOWN_STORY_TEXT } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { answerPageClick, renderQuotes, speakerChoices } from '../src/bot/people-pages.js';
import { refuse } from '../src/bot/notice.js';
import { replyOptions } from '../src/bot/reply.js';

/** The longest speaker a member can type: a register name or key is far shorter. */
const MAX_SPEAKER_LENGTH = 200;

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'quotes',
  description: 'Everything one speaker says in the story, word for word, in story order.',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'speaker',
      description: 'Who (pick from the list: the people and bodies the story names)',
      required: true,
      min_length: 1,
      max_length: MAX_SPEAKER_LENGTH,
      autocomplete: true,
    },
    ONE_STORY_OPTION,
  ],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,

  /** Replies directly: the statements are the passages already attributed to the speaker. */
  async execute(interaction, { engine }) {
    const speaker = interaction.options.getString(option.speaker, true);
    const pick = pickStory(engine.stories(), interaction.options.getString(option.story));
    if (!pick.ok) return refuse(interaction, UNKNOWN_STORY_TEXT);
    const { message, outcome, ephemeral } = renderQuotes(engine, speaker, pick.story?.id);
    await interaction.reply(replyOptions(message, { ephemeral }));
    return outcome;
  },

  /** Autocomplete cannot be deferred: the register is in memory, so choices take well under a millisecond. */
  async autocomplete(interaction, { engine }) {
    const focused = interaction.options.getFocused(true);
    const pick = pickStory(engine.stories(), interaction.options.getString(option.story));
    const storyId = pick.ok ? pick.story?.id : undefined;
    const choices =
      focused.name === option.story
        ? storyChoices(engine.stories(), String(focused.value))
        : speakerChoices(engine, String(focused.value), storyId);
    await interaction.respond(choices);
    return 'answered';
  },

  /** Previous / next page (see `answerPageClick`). */
  async button(interaction, { engine }) {
    return answerPageClick(interaction, engine);
  },
} satisfies ChatInputCommand;
