/**
 * Messages in the local Discord: storing what the bot posts (content, embeds, components,
 * attachments, who it would ping), edits and deletes, the MESSAGE_* events the gateway sends for
 * them, and Discord's checks on a message body (400 50035, 50006 for an empty message).
 */
import type { APIEmbed, APIMessage, APIMessageTopLevelComponent } from 'discord.js';
import { checkMessage } from '../discord-limits.js';
import type { UploadedFile } from '../http-body.js';
import { type Gateway, Intent } from './gateway.js';
import { ApiError, clone, isRecord, MessageFlag, MessageType } from './protocol.js';
import type { DiscordState, MessageRecord } from './state.js';
import type { StoredMessage } from './types.js';

/** Who a message would ping, given its content and `allowed_mentions` (absent: everything parses). */
export function mentionsIn(content: string, allowed: unknown): { userIds: string[]; roleIds: string[]; everyone: boolean } {
  const rules = isRecord(allowed) ? allowed : undefined;
  const parse: unknown[] = rules ? (Array.isArray(rules.parse) ? rules.parse : []) : ['users', 'roles', 'everyone'];
  const listed = (key: string): unknown[] => (rules && Array.isArray(rules[key]) ? rules[key] : []);
  const pick = (pattern: RegExp, kind: string) =>
    [...new Set([...content.matchAll(pattern)].map((m) => m[1] ?? ''))].filter((id) => parse.includes(kind) || listed(kind).includes(id));
  return {
    userIds: pick(/<@!?(\d{15,21})>/g, 'users'),
    roleIds: pick(/<@&(\d{15,21})>/g, 'roles'),
    everyone: parse.includes('everyone') && /@(everyone|here)\b/.test(content),
  };
}

export class Messages {
  constructor(
    private readonly discord: DiscordState,
    private readonly gateway: Gateway,
  ) {}

  /** Stores a new message in a channel (or privately, when ephemeral) and returns it. */
  storeMessage(
    channelId: string,
    ephemeral: boolean,
    fields: Partial<APIMessage> & Pick<APIMessage, 'author' | 'content' | 'type'>,
    id: string = this.discord.snowflake(),
  ): APIMessage {
    const message: APIMessage = {
      id,
      channel_id: channelId,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      ...fields,
    };
    this.discord.messageStore.set(id, { message, channelId, ephemeral });
    if (!ephemeral) this.discord.channels.get(channelId)?.messageIds.push(id);
    return message;
  }

  /** Makes a message given by a test (e.g. to click a button on) known to the store. */
  adoptMessage(message: StoredMessage): MessageRecord {
    const channelId = message.channel_id ?? this.discord.channelId;
    const ephemeral = ((message.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
    this.discord.channelOf(channelId);
    this.storeMessage(channelId, ephemeral, clone(message), message.id);
    return this.discord.messageStore.get(message.id) as MessageRecord;
  }

  /** Content, embeds, components, mentions and attachments of a message body as Discord stores them. */
  messageFields(body: Record<string, unknown>, files: UploadedFile[]): Partial<APIMessage> {
    const fields: Partial<APIMessage> = {};
    if (typeof body.content === 'string') fields.content = body.content;
    if (Array.isArray(body.embeds)) {
      fields.embeds = body.embeds.map((e: Record<string, unknown>) => ({ type: 'rich', ...e })) as APIEmbed[];
    }
    if (Array.isArray(body.components)) fields.components = clone(body.components) as APIMessageTopLevelComponent[];
    if (typeof body.tts === 'boolean') fields.tts = body.tts;
    if (files.length > 0 || Array.isArray(body.attachments)) {
      fields.attachments = files.map((file) => {
        const id = this.discord.snowflake();
        return {
          id,
          filename: file.filename,
          size: file.size,
          content_type: file.contentType,
          url: `${this.discord.apiUrl}/attachments/${id}/${file.filename}`,
          proxy_url: `${this.discord.apiUrl}/attachments/${id}/${file.filename}`,
        };
      });
    }
    return fields;
  }

  applyMentions(message: APIMessage, allowedMentions: unknown): void {
    const found = mentionsIn(message.content, allowedMentions);
    message.mentions = found.userIds.map((id) => this.discord.userObject(id));
    message.mention_roles = found.roleIds;
    message.mention_everyone = found.everyone;
  }

  createBotMessage(channelId: string, body: Record<string, unknown>, files: UploadedFile[], extra: Partial<APIMessage>): APIMessage {
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const ephemeral = (flags & MessageFlag.Ephemeral) !== 0;
    const message = this.storeMessage(channelId, ephemeral, {
      author: this.discord.botUser(),
      content: '',
      type: MessageType.Default,
      ...this.messageFields(body, files),
      flags,
      ...extra,
    });
    this.applyMentions(message, body.allowed_mentions);
    if (!ephemeral) this.dispatchMessageEvent('MESSAGE_CREATE', message);
    return message;
  }

  /** Applies an edit (PATCH body) to a stored message; a filled-in "thinking" message is not marked edited. */
  editMessage(messageId: string, body: Record<string, unknown>, files: UploadedFile[]): APIMessage {
    const record = this.discord.messageStore.get(messageId);
    if (!record) throw new ApiError(404, 10008, 'Unknown Message');
    const message = record.message;
    const wasLoading = ((message.flags ?? 0) & MessageFlag.Loading) !== 0;
    const fields = this.messageFields(body, files);
    if (Array.isArray(body.attachments)) {
      const kept = new Set(body.attachments.map((a: Record<string, unknown>) => String(a.id)));
      fields.attachments = [...message.attachments.filter((a) => kept.has(a.id)), ...(fields.attachments ?? [])];
    }
    Object.assign(message, fields);
    // Only SUPPRESS_EMBEDS can change on an edit; ephemerality was decided when the message was made.
    let flags = (message.flags ?? 0) & ~MessageFlag.Loading;
    if (typeof body.flags === 'number') {
      flags = (flags & ~MessageFlag.SuppressEmbeds) | (body.flags & MessageFlag.SuppressEmbeds);
    }
    message.flags = flags;
    if ('content' in body || 'allowed_mentions' in body) this.applyMentions(message, body.allowed_mentions);
    message.edited_timestamp = wasLoading ? null : new Date().toISOString();
    if (!record.ephemeral) this.dispatchMessageEvent('MESSAGE_UPDATE', message);
    return message;
  }

  deleteMessage(messageId: string): void {
    const record = this.discord.messageStore.get(messageId);
    if (!record) throw new ApiError(404, 10008, 'Unknown Message');
    this.discord.messageStore.delete(messageId);
    const channel = this.discord.channels.get(record.channelId);
    if (channel) {
      channel.messageIds = channel.messageIds.filter((id) => id !== messageId);
      channel.pins = channel.pins.filter((p) => p.messageId !== messageId);
    }
    if (!record.ephemeral) {
      this.dispatchMessageEvent('MESSAGE_DELETE', {
        id: messageId,
        channel_id: record.channelId,
        ...(channel?.guildId ? { guild_id: channel.guildId } : {}),
      });
    }
  }

  /** Message events need the GUILD_MESSAGES / DIRECT_MESSAGES intents, as on Discord. */
  dispatchMessageEvent<T extends { channel_id: string }>(event: string, message: T): void {
    const channel = this.discord.channels.get(message.channel_id);
    if (!channel) return;
    const intent = channel.guildId ? Intent.GuildMessages : Intent.DirectMessages;
    const data = channel.guildId ? { ...clone(message), guild_id: channel.guildId } : clone(message);
    const targets = channel.guildId ? this.gateway.sessionsFor(channel.guildId) : this.gateway.sessionsFor(null);
    for (const session of targets) {
      if ((session.intents & intent) !== 0) this.gateway.dispatchTo(session, event, data);
    }
  }

  validateMessage(body: unknown, isNew: boolean, files: UploadedFile[], path?: string): Record<string, unknown> {
    const { errors, empty } = checkMessage(body, { isNew, fileCount: files.length, ...(path ? { path } : {}) });
    if (errors.length > 0) throw ApiError.invalidForm(errors);
    if (empty) throw new ApiError(400, 50006, 'Cannot send an empty message');
    return isRecord(body) ? body : {};
  }
}
