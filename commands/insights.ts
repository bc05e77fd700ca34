import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { QUESTIONS_STORY_OPTION, storyAutocomplete } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { renderInsights } from '../src/bot/insights-render.js';
import { checkModerator, MODERATOR_COMMAND, readReport } from '../src/bot/moderation.js';
import { messageOptions, renderNotice } from '../src/bot/reply.js';
import { questionsPerDayPng } from '../src/insights/chart.js';

export const MIN_INSIGHTS_DAYS = 1;
export const MAX_INSIGHTS_DAYS = 90;
export const DEFAULT_INSIGHTS_DAYS = 30;

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'insights',
  description: 'For moderators: what members asked, what the stories could not answer, which answers missed.',
  ...MODERATOR_COMMAND,
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'days',
      description: `How many days back (${MIN_INSIGHTS_DAYS}–${MAX_INSIGHTS_DAYS}, default ${DEFAULT_INSIGHTS_DAYS})`,
      min_value: MIN_INSIGHTS_DAYS,
      max_value: MAX_INSIGHTS_DAYS,
    },
    QUESTIONS_STORY_OPTION,
  ],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,

  /**
   * Checks first (no request), then deferred: the report flushes the store's queue and reads it,
   * paraphrases are grouped with the sentence encoder and the chart is drawn on a worker thread
   * (README, "The chart's dependencies", has its measured time), which together could pass Discord's 3 s.
   */
  async execute(interaction, ctx) {
    const check = await checkModerator(interaction, ctx, interaction.options.getString(option.story));
    if (!check.ok) return 'refused';
    const asked = interaction.options.getInteger(option.days) ?? DEFAULT_INSIGHTS_DAYS;
    // Discord enforces the bounds; a value from elsewhere is held to them too.
    const days = Math.min(Math.max(asked, MIN_INSIGHTS_DAYS), MAX_INSIGHTS_DAYS);
    await interaction.deferReply({ flags: 'Ephemeral' });

    const report = await readReport(interaction, ctx, check.store, { days, guildId: check.guildId, storyId: check.story?.id });
    if (!report) return 'refused';
    if (report.questions === 0) {
      const window = days === 1 ? 'the last day' : `the last ${days} days`;
      await interaction.editReply(
        messageOptions(
          renderNotice(
            `No questions were asked${check.story ? ' about that story' : ''} in ${window}. Members ask with \`/ask\` or **Ask the story**.`,
          ),
        ),
      );
      return 'answered';
    }
    let chart: Buffer | undefined;
    try {
      chart = await questionsPerDayPng(report.perDay, `Questions per day, last ${days === 1 ? 'day' : `${days} days`}`);
    } catch (err) {
      // The numbers matter more than the picture: the report goes out without it.
      ctx.logger.error({ err }, 'could not draw the insights chart');
    }
    await interaction.editReply(
      messageOptions(renderInsights(report, { story: check.story, retentionDays: ctx.config.INSIGHTS_RETENTION_DAYS, chart })),
    );
    return 'answered';
  },

  autocomplete: storyAutocomplete,
} satisfies ChatInputCommand;
