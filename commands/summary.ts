import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { resolveStory, storyChoices, UNKNOWN_STORY_TEXT } from '../src/bot/choices.js';
import { type ChatInputCommand, type ChatInputData, optionNames } from '../src/bot/command.js';
import { refuse } from '../src/bot/notice.js';
import { countPins, MAX_PINS, messageLink, pinRefusal, postAndPin, refusalReason } from '../src/bot/pinning.js';
import { escapeText, messageOptions, renderNotice, renderSummary, replyOptions, truncate } from '../src/bot/reply.js';
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
   * With `pin`: the permission checks need no request and refuse directly; after them come three
   * to five REST calls (count pins, post, pin, maybe delete), each of which may be rate limited
   * and retried, so the reply is deferred before the first of them.
   */
  async execute(interaction, { engine }) {
    const storyValue = interaction.options.getString(option.story);
    const story = storyValue ? resolveStory(engine.stories(), storyValue) : engine.stories()[0];
    if (!story) {
      return refuse(interaction, storyValue ? UNKNOWN_STORY_TEXT : 'No stories are indexed yet.');
    }
    const sentences = interaction.options.getInteger(option.sentences) ?? undefined;
    const summary = engine.summary({ storyId: story.id, ...(sentences ? { sentences } : {}) });
    const message = renderSummary(summary);

    if (!interaction.options.getBoolean(option.pin)) {
      await interaction.reply(replyOptions(message, { ephemeral: false }));
      return 'answered';
    }

    // Every check that needs no request comes before anything is sent, so a refusal posts nothing.
    const refusal = pinRefusal(interaction.memberPermissions, interaction.appPermissions, interaction.channel?.isThread() ?? false);
    const { channelId, guildId } = interaction;
    if (refusal || !channelId || !guildId) return refuse(interaction, refusal ?? 'Pinning works only in a server channel.');

    // Before any request to Discord: from here on, Discord's 3 s could pass (see above).
    await interaction.deferReply({ flags: 'Ephemeral' });
    let pins: number;
    try {
      pins = await countPins(interaction.client.rest, channelId);
    } catch (err) {
      const reason = refusalReason(err);
      if (!reason) throw err;
      return refuse(interaction, `I couldn’t check this channel’s pins: ${reason}. Nothing was posted.`);
    }
    if (pins >= MAX_PINS) {
      return refuse(interaction, `This channel already has ${MAX_PINS} pinned messages, Discord’s limit. Unpin one and try again; nothing was posted.`);
    }
    const result = await postAndPin(interaction.client.rest, channelId, message, `Story summary requested by ${interaction.user.id}`);
    if (!result.ok) return refuse(interaction, `I couldn’t pin the summary: ${result.reason}.`);
    await interaction.editReply(
      messageOptions(
        renderNotice(
          `Posted and pinned the summary of “${escapeText(truncate(summary.story.title, 200))}”: ${messageLink(guildId, channelId, result.message.id)}`,
        ),
      ),
    );
    return 'answered';
  },

  async autocomplete(interaction, { engine }) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === option.story ? storyChoices(engine.stories(), String(focused.value)) : []);
    return 'answered';
  },
} satisfies ChatInputCommand;
