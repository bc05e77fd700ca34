import { type APIMessage, ApplicationCommandOptionType, ApplicationCommandType, Routes } from 'discord.js';
import { QUESTIONS_STORY_OPTION, storyAutocomplete } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { type FaqEntry, renderFaq } from '../src/bot/insights-render.js';
import { checkModerator, MODERATOR_COMMAND, readReport } from '../src/bot/moderation.js';
import { inThread } from '../src/bot/channel-kind.js';
import { refuse } from '../src/bot/notice.js';
import { messageLink, pinRefusal, postAndPinFor, postRefusal, refusalReason } from '../src/bot/pinning.js';
import { channelMessageBody, messageOptions, renderNotice } from '../src/bot/reply.js';
import { MAX_INSIGHTS_DAYS } from './insights.js';

/** Questions in the FAQ at most: enough to cover what a community keeps asking, few enough that each passage is quoted in full. */
export const FAQ_QUESTIONS = 8;

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'faq',
  description: 'For moderators: post the questions members ask most, each with its best passage.',
  ...MODERATOR_COMMAND,
  options: [
    QUESTIONS_STORY_OPTION,
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'pin',
      description: 'Also pin the FAQ in this channel (needs Pin Messages)',
    },
  ],
} as const satisfies ChatInputData;

const option = optionNames(data);

export default {
  data,

  /**
   * Every check that needs no request first, so a refusal posts nothing: the member is a
   * moderator, and (with `pin`) the pin checks of /summary, or (without) the bot may post here.
   * Then deferred (ephemerally: the member hears how it went, the FAQ itself is a channel message):
   * the store's report, one engine call per question, and two to five REST calls.
   */
  async execute(interaction, ctx) {
    const check = await checkModerator(interaction, ctx, interaction.options.getString(option.story));
    if (!check.ok) return 'refused';
    const pin = interaction.options.getBoolean(option.pin) ?? false;
    const thread = inThread(interaction);
    const refusal = pin
      ? pinRefusal(interaction.memberPermissions, interaction.appPermissions, thread, { what: 'the FAQ', command: 'faq' })
      : postRefusal(interaction.appPermissions, thread);
    if (refusal) return refuse(interaction, refusal);
    await interaction.deferReply({ flags: 'Ephemeral' });

    // The whole retention window (up to the report's 90 days): an FAQ is about what keeps being asked.
    const days = Math.min(ctx.config.INSIGHTS_RETENTION_DAYS, MAX_INSIGHTS_DAYS);
    const storyId = check.story?.id;
    // Twice as many as shown: the most asked include questions the stories cannot answer, which an FAQ leaves out.
    const report = await readReport(interaction, ctx, check.store, { days, guildId: check.guildId, storyId, limit: 2 * FAQ_QUESTIONS });
    if (!report) return 'refused';
    if (report.top.length === 0) {
      return refuse(
        interaction,
        `No questions have been asked${check.story ? ' about that story' : ''} here in the last ${days} days, so there is no FAQ yet. Once members ask with \`/ask\`, the most asked appear here.`,
      );
    }
    const entries: FaqEntry[] = [];
    for (const row of report.top) {
      if (entries.length === FAQ_QUESTIONS) break;
      const [answer] = await ctx.engine.ask(row.question, { limit: 1, ...(storyId ? { storyId } : {}) });
      if (answer) entries.push({ question: row.question, count: row.count, answer });
    }
    if (entries.length === 0) {
      return refuse(
        interaction,
        'The stories answer none of the questions members asked most, so there is no FAQ to post. `/insights` lists them: a story that answers them may be missing.',
      );
    }
    const message = renderFaq(entries, { days, story: check.story });

    if (pin) {
      return postAndPinFor(interaction, message, {
        what: 'the FAQ',
        posted: 'the FAQ',
        command: 'faq',
        auditReason: `FAQ requested by ${interaction.user.id}`,
      });
    }
    let posted: APIMessage;
    try {
      posted = (await interaction.client.rest.post(Routes.channelMessages(check.channelId), {
        body: channelMessageBody(message),
      })) as APIMessage;
    } catch (err) {
      const reason = refusalReason(err);
      if (!reason) throw err;
      return refuse(interaction, `I couldn’t post the FAQ: ${reason}.`);
    }
    await interaction.editReply(messageOptions(renderNotice(`Posted the FAQ: ${messageLink(check.guildId, check.channelId, posted.id)}`)));
    return 'answered';
  },

  autocomplete: storyAutocomplete,
} satisfies ChatInputCommand;
