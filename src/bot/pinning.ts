import {
  type APIMessage,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  PermissionFlagsBits,
  type PermissionsBitField,
  type REST,
  type RESTGetAPIChannelMessagesPinsResult,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import { inThread } from './channel-kind.js';
import { refuse } from './notice.js';
import { channelMessageBody, messageOptions, type ReplyMessage, renderNotice } from './reply.js';

/**
 * Posting a message and pinning it for a member who asked: the permission checks that happen
 * before anything is posted, the pin-limit check, and the clean-up if the pin fails after all.
 */

/** Discord's limit of pinned messages per channel. */
export const MAX_PINS = 250;
/** `GET /channels/{id}/messages/pins` returns at most this many per page. */
const PINS_PAGE = 50;

const PIN_RIGHTS = [PermissionFlagsBits.PinMessages, PermissionFlagsBits.ManageMessages];

type Permissions = Readonly<PermissionsBitField>;

/**
 * Why the member may not use a moderators' command (/insights, /faq) here; undefined when they hold
 * Manage Messages in this channel. Discord hides such commands from members without it
 * (`default_member_permissions`), but a server can grant them the command anyway, so it is checked
 * again on every use.
 */
export function moderatorRefusal(member: Permissions | null, command: string): string | undefined {
  if (!member) return `\`/${command}\` works only in a server channel.`;
  if (!member.has(PermissionFlagsBits.ManageMessages)) {
    return `\`/${command}\` is for moderators: you need the **Manage Messages** permission in this channel.`;
  }
  return undefined;
}

/**
 * Why the bot must not post-and-pin here, in words for the member; undefined when both the member
 * and the bot have what it takes. `member` is the member's permissions in this channel; `what` and
 * `command` name what would be pinned ("the summary", "summary") for the refusal.
 */
export function pinRefusal(
  member: Permissions | null,
  bot: Permissions | null,
  inThread: boolean,
  { what, command }: { what: string; command: string } = { what: 'the summary', command: 'summary' },
): string | undefined {
  if (!member || !bot) return 'Pinning works only in a server channel.';
  if (!member.any(PIN_RIGHTS)) {
    return `You need the **Pin Messages** (or **Manage Messages**) permission in this channel to pin ${what}. Run \`/${command}\` without \`pin\` to see it.`;
  }
  const missing = missingToPost(bot, inThread, true);
  if (missing.length > 0) {
    return `I can’t post and pin here: I’m missing ${missing.map((m) => `**${m}**`).join(', ')} in this channel. Ask a server admin to grant ${missing.length === 1 ? 'it' : 'them'}; nothing was posted.`;
  }
  return undefined;
}

/** The bot's permissions missing to post an embed here (and to pin it, with `pin`), by name. */
function missingToPost(bot: Permissions, inThread: boolean, pin: boolean): string[] {
  const send = inThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  const missing: string[] = [];
  if (!bot.has(PermissionFlagsBits.ViewChannel)) missing.push('View Channel');
  if (!bot.has(send)) missing.push(inThread ? 'Send Messages in Threads' : 'Send Messages');
  if (!bot.has(PermissionFlagsBits.EmbedLinks)) missing.push('Embed Links');
  if (!pin) return missing;
  // Listing the pins (to respect the limit) needs it.
  if (!bot.has(PermissionFlagsBits.ReadMessageHistory)) missing.push('Read Message History');
  if (!bot.any(PIN_RIGHTS)) missing.push('Pin Messages (or Manage Messages)');
  return missing;
}

/** Why the bot cannot post a message for a member here (no pin); undefined when it can. */
export function postRefusal(bot: Permissions | null, inThread: boolean): string | undefined {
  if (!bot) return 'Posting works only in a server channel.';
  const missing = missingToPost(bot, inThread, false);
  if (missing.length === 0) return undefined;
  return `I can’t post here: I’m missing ${missing.map((m) => `**${m}**`).join(', ')} in this channel. Ask a server admin to grant ${missing.length === 1 ? 'it' : 'them'}; nothing was posted.`;
}

/** How many messages are pinned in a channel, counting only as far as `limit` (the pins API is paged). */
export async function countPins(rest: REST, channelId: string, limit = MAX_PINS): Promise<number> {
  let count = 0;
  let before: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(PINS_PAGE) });
    if (before) query.set('before', before);
    const page = (await rest.get(Routes.channelMessagesPins(channelId), { query })) as RESTGetAPIChannelMessagesPinsResult;
    count += page.items.length;
    const last = page.items.at(-1);
    if (count >= limit || !page.has_more || !last) return count;
    before = last.pinned_at;
  }
}

export type PinResult = { ok: true; message: APIMessage } | { ok: false; reason: string };

/** Discord's refusals that mean "not allowed here" rather than "something broke". */
const REFUSALS = new Map<number | string, string>([
  [RESTJSONErrorCodes.MissingPermissions, 'I don’t have permission to post or pin in this channel'],
  [RESTJSONErrorCodes.MissingAccess, 'I can’t access this channel'],
  [RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, `this channel already has ${MAX_PINS} pinned messages, Discord’s limit`],
]);

/** Discord's "not allowed here" in words for the member, or undefined for any other failure. */
export function refusalReason(err: unknown): string | undefined {
  return err instanceof DiscordAPIError ? REFUSALS.get(err.code) : undefined;
}

/**
 * Posts `message` in the channel and pins it. When the pin is refused the post is deleted again, so
 * a failure leaves nothing behind; Discord's refusals become a reason, anything else is thrown.
 */
export async function postAndPin(rest: REST, channelId: string, message: ReplyMessage, auditReason: string): Promise<PinResult> {
  let posted: APIMessage;
  try {
    posted = (await rest.post(Routes.channelMessages(channelId), { body: channelMessageBody(message) })) as APIMessage;
  } catch (err) {
    const reason = refusalReason(err);
    if (reason) return { ok: false, reason };
    throw err;
  }
  try {
    await rest.put(Routes.channelMessagesPin(channelId, posted.id), { reason: auditReason });
    return { ok: true, message: posted };
  } catch (err) {
    const removed = await rest.delete(Routes.channelMessage(channelId, posted.id)).then(
      () => true,
      () => false,
    );
    const reason = refusalReason(err);
    if (!reason) throw err;
    return { ok: false, reason: removed ? reason : `${reason} (and I couldn’t remove the unpinned copy I posted: please delete it)` };
  }
}

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

/**
 * Posts `message` in the interaction's channel and pins it, for `/summary pin` and `/faq pin`:
 * every check that needs no request first (the member's and the bot's permissions), so a refusal
 * posts nothing; then the pin limit; then post, pin (and delete again if the pin is refused). The
 * member hears the outcome ephemerally. `what` names the message ("the summary"), `posted` says
 * which one in the confirmation (already escaped), `command` is the command to run without `pin`.
 */
export async function postAndPinFor(
  interaction: ChatInputCommandInteraction,
  message: ReplyMessage,
  { what, posted, command, auditReason }: { what: string; posted: string; command: string; auditReason: string },
): Promise<'answered' | 'refused'> {
  const refusal = pinRefusal(interaction.memberPermissions, interaction.appPermissions, inThread(interaction), {
    what,
    command,
  });
  const { channelId, guildId } = interaction;
  if (refusal || !channelId || !guildId) return refuse(interaction, refusal ?? 'Pinning works only in a server channel.');

  // Before any request to Discord: from here on, Discord's 3 s could pass (a request may be rate limited and retried).
  if (!interaction.deferred) await interaction.deferReply({ flags: 'Ephemeral' });
  let pins: number;
  try {
    pins = await countPins(interaction.client.rest, channelId);
  } catch (err) {
    const reason = refusalReason(err);
    if (!reason) throw err;
    return refuse(interaction, `I couldn’t check this channel’s pins: ${reason}. Nothing was posted.`);
  }
  if (pins >= MAX_PINS) {
    return refuse(
      interaction,
      `This channel already has ${MAX_PINS} pinned messages, Discord’s limit. Unpin one and try again; nothing was posted.`,
    );
  }
  const result = await postAndPin(interaction.client.rest, channelId, message, auditReason);
  if (!result.ok) return refuse(interaction, `I couldn’t pin ${what}: ${result.reason}.`);
  await interaction.editReply(
    messageOptions(renderNotice(`Posted and pinned ${posted}: ${messageLink(guildId, channelId, result.message.id)}`)),
  );
  return 'answered';
}
