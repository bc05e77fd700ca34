import { type ChatInputCommandInteraction, InteractionContextType } from 'discord.js';
import type { StoryEngine } from '../engine/api.js';
import type { StoryInfo } from '../engine/types.js';
import { encoderGrouper } from '../store/grouper.js';
import type { InsightsQuery, InsightsReport, QuestionGrouper, Store } from '../store/types.js';
import { pickStory, UNKNOWN_STORY_TEXT } from './choices.js';
import type { CommandContext } from './command.js';
import { refuse } from './notice.js';
import { moderatorRefusal } from './pinning.js';

/**
 * What /insights and /faq share: who may run them, the story they are limited to, and how
 * paraphrases are grouped.
 */

/** Discord's permission bit, as `default_member_permissions` wants it (a string): Manage Messages. */
export const MODERATOR_PERMISSIONS = '8192';

/**
 * Where a moderators' command is offered: in servers only, hidden from members without Manage
 * Messages (a server may change that; `checkModerator` checks again).
 */
export const MODERATOR_COMMAND = {
  default_member_permissions: MODERATOR_PERMISSIONS,
  contexts: [InteractionContextType.Guild],
} as const;

export const INSIGHTS_OFF_TEXT =
  'Nothing is recorded on this bot (an operator set `INSIGHTS=off`), so there is no report of what members ask.';

/** Until the engine's sentence encoder lands on StoryEngine in every branch, read it structurally. */
type MaybeEncoder = { encode?: ((texts: string[]) => Promise<Float32Array[] | undefined>) | undefined };

/**
 * Paraphrases counted together by the engine's sentence encoder (the store's grouper, the same one
 * `npm run insights` uses, so both reports count alike); undefined (the store groups by normalised
 * text) when the engine has none.
 */
export function reportGrouper(engine: StoryEngine): QuestionGrouper | undefined {
  const encoder = engine as StoryEngine & MaybeEncoder;
  if (typeof encoder.encode !== 'function') return undefined;
  return encoderGrouper((texts) => encoder.encode?.(texts) ?? Promise.resolve(undefined));
}

export type ModeratorCheck =
  | { ok: true; story: StoryInfo | undefined; store: NonNullable<CommandContext['store']>; guildId: string; channelId: string }
  | { ok: false };

/**
 * The checks before a moderators' command does anything: the member holds Manage Messages here
 * (checked again, whatever Discord's `default_member_permissions` let through), recording is on,
 * and the `story` option names a known story. A failed check has already told the member
 * (ephemerally, through the one refusal path).
 */
export async function checkModerator(
  interaction: ChatInputCommandInteraction,
  ctx: CommandContext,
  storyValue: string | null,
): Promise<ModeratorCheck> {
  const refusal = moderatorRefusal(interaction.memberPermissions, interaction.commandName);
  const { guildId, channelId } = interaction;
  if (refusal || !guildId) {
    await refuse(interaction, refusal ?? `\`/${interaction.commandName}\` works only in a server channel.`);
    return { ok: false };
  }
  if (!ctx.store) {
    await refuse(interaction, INSIGHTS_OFF_TEXT);
    return { ok: false };
  }
  const pick = pickStory(ctx.engine.stories(), storyValue);
  if (!pick.ok) {
    await refuse(interaction, UNKNOWN_STORY_TEXT);
    return { ok: false };
  }
  return { ok: true, story: pick.story, store: ctx.store, guildId, channelId };
}

export const STORE_DOWN_TEXT =
  'I can’t reach the insights store right now, so there is no report; please try again in a minute. (Questions are still being answered.)';

/**
 * The store's report for a moderator, with paraphrases grouped by the engine's encoder; undefined
 * (and the member told, ephemerally) when the store cannot be read: it is down, locked or full.
 */
export async function readReport(
  interaction: ChatInputCommandInteraction,
  ctx: CommandContext,
  store: Store,
  query: InsightsQuery,
): Promise<InsightsReport | undefined> {
  try {
    return await store.insights(query, reportGrouper(ctx.engine));
  } catch (err) {
    ctx.logger.error({ err, interaction: interaction.id }, 'could not read the insights report');
    await refuse(interaction, STORE_DOWN_TEXT);
    return undefined;
  }
}
