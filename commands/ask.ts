import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { parseAnswerButton } from '../src/bot/answer-buttons.js';
import { answerContext, answerQuestion, cleanQuestion, EXPIRED_TEXT, moreAnswers } from '../src/bot/answering.js';
import { pickStory, questionChoices, storyChoices, UNKNOWN_STORY_TEXT } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { refuse } from '../src/bot/notice.js';
import { recordVote } from '../src/bot/feedback.js';
import { MAX_QUESTION_LENGTH, questionFromEmbeds, renderNotice, replyOptions } from '../src/bot/reply.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'ask',
  description: 'Ask about the news story; the answer quotes the story word for word and says who said it.',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'Your question, in plain English (e.g. "How many strikes has the US reported?")',
      required: true,
      min_length: 1,
      max_length: MAX_QUESTION_LENGTH,
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'story',
      description: 'Only this story (default: every story)',
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'hide',
      description: 'Show the answer only to you',
    },
  ],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,
  // It puts a question to the engine: it spends the member's question allowance (see dispatch.ts).
  cooldown: true,

  /**
   * Replies directly, without deferring: one engine call in memory (its cost is `npm run bench`'s
   * engine.ask row) and nothing here waits on Discord before the reply, so Discord's 3 s cannot pass.
   */
  async execute(interaction, { engine, store }) {
    const question = cleanQuestion(interaction.options.getString(option.question, true));
    const ephemeral = interaction.options.getBoolean(option.hide) ?? false;
    const storyValue = interaction.options.getString(option.story);
    if (!question) {
      return refuse(interaction, 'Please type a question in words, e.g. `/ask question: Who said it?`');
    }
    const pick = pickStory(engine.stories(), storyValue);
    if (!pick.ok) return refuse(interaction, UNKNOWN_STORY_TEXT);
    // The feedback buttons carry this interaction's id: the id the question is recorded under.
    const { message, outcome, top } = await answerQuestion(engine, question, {
      storyId: pick.story?.id,
      votes: store ? interaction.id : undefined,
    });
    await interaction.reply(replyOptions(message, { ephemeral }));
    return { outcome, top };
  },

  /** The question for the record (see dispatch.ts): as it is put to the engine. */
  asked(interaction) {
    const question = cleanQuestion(interaction.options.getString(option.question, true));
    return question ? { question, storyFilter: interaction.options.getString(option.story) } : undefined;
  },

  /** Autocomplete cannot be deferred: one in-memory engine call (`npm run bench`, engine.suggest; see `questionChoices`). */
  async autocomplete(interaction, { engine }) {
    const focused = interaction.options.getFocused(true);
    const choices =
      focused.name === option.story
        ? storyChoices(engine.stories(), String(focused.value))
        : questionChoices(engine, String(focused.value));
    await interaction.respond(choices);
    return 'answered';
  },

  /**
   * Buttons under answers (also those of "Ask the story"): replies only the member who clicked sees.
   * Directly, like `execute`: one engine call or one queued vote, no request to Discord before the reply.
   */
  async button(interaction, ctx) {
    const { engine } = ctx;
    const button = parseAnswerButton(interaction.customId);
    const { message, outcome } =
      button?.kind === 'more'
        ? await moreAnswers(engine, questionFromEmbeds(interaction.message.embeds), button)
        : button?.kind === 'context'
          ? answerContext(engine, button)
          : button?.kind === 'vote'
            ? recordVote(ctx, interaction, button)
            : { message: renderNotice(EXPIRED_TEXT), outcome: 'expired' as const };
    await interaction.reply(replyOptions(message, { ephemeral: true }));
    return outcome;
  },
} satisfies ChatInputCommand;
