/**
 * Channels in the local Discord as REST serves them: reading and posting messages, editing and
 * deleting them, pins (the 2025 routes and the legacy ones, the 250-pin limit), and the bot's
 * channel permissions checked the way Discord does (403 50001, 50013).
 */
import type { Gateway } from './gateway.js';
import type { Messages } from './messages.js';
import { ApiError, clone, ID as id, MessageFlag, MessageType, type RestReply, type RestRequest, type Route, route } from './protocol.js';
import type { ChannelState, DiscordState, MessageRecord } from './state.js';
import { DEFAULT_MEMBER_ID, Permission } from './types.js';

const MAX_PINS = 250;
const PINS_PAGE_MAX = 50;

export class Channels {
  constructor(
    private readonly discord: DiscordState,
    private readonly messages: Messages,
    private readonly gateway: Gateway,
  ) {}

  /** The REST routes under `/channels/{id}`. */
  routes(): Route[] {
    return [
      route('GET', `/channels/${id}`, (req) => ({ status: 200, body: this.discord.channelPayload(this.channelForRest(req.params[0])) })),
      route('GET', `/channels/${id}/messages/pins`, (req) => this.listPins(req)),
      route('PUT', `/channels/${id}/messages/pins/${id}`, (req) => this.pin(req)),
      route('DELETE', `/channels/${id}/messages/pins/${id}`, (req) => this.unpin(req)),
      route('GET', `/channels/${id}/pins`, (req) => {
        // The pre-2025 route: an array of at most 50 pinned messages, newest pin first.
        const channel = this.channelForRest(req.params[0]);
        const messages = channel.pins.slice(0, PINS_PAGE_MAX).map((p) => this.discord.messageStore.get(p.messageId)?.message);
        return { status: 200, body: clone(messages) };
      }),
      route('PUT', `/channels/${id}/pins/${id}`, (req) => this.pin(req)),
      route('DELETE', `/channels/${id}/pins/${id}`, (req) => this.unpin(req)),
      route('POST', `/channels/${id}/messages`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        // In a thread Discord checks Send Messages in Threads instead.
        this.requireBotPermission(channel, channel.thread ? Permission.SendMessagesInThreads : Permission.SendMessages);
        const body = this.messages.validateMessage(req.body, true, req.files);
        const flags = (typeof body.flags === 'number' ? body.flags : 0) & ~MessageFlag.Ephemeral;
        const message = this.messages.createBotMessage(channel.id, { ...body, flags }, req.files, {});
        return { status: 200, body: clone(message) };
      }),
      route('GET', `/channels/${id}/messages`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        if ((channel.botPermissions & Permission.ReadMessageHistory) === 0n) return { status: 200, body: [] };
        const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50) || 50, 1), 100);
        const newestFirst = [...channel.messageIds].reverse().slice(0, limit);
        return { status: 200, body: newestFirst.map((m) => clone(this.discord.messageStore.get(m)?.message)) };
      }),
      route('GET', `/channels/${id}/messages/${id}`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        this.requireBotPermission(channel, Permission.ReadMessageHistory);
        return { status: 200, body: clone(this.channelMessage(channel, req.params[1]).message) };
      }),
      route('PATCH', `/channels/${id}/messages/${id}`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        const record = this.channelMessage(channel, req.params[1]);
        if (record.message.author.id !== this.discord.botUserId) {
          throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
        }
        const body = this.messages.validateMessage(req.body, false, req.files);
        return { status: 200, body: clone(this.messages.editMessage(record.message.id, body, req.files)) };
      }),
      route('DELETE', `/channels/${id}/messages/${id}`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        const record = this.channelMessage(channel, req.params[1]);
        if (record.message.author.id !== this.discord.botUserId) this.requireBotPermission(channel, Permission.ManageMessages);
        this.messages.deleteMessage(record.message.id);
        return { status: 204 };
      }),
    ];
  }

  /** Replaces a channel's pins (e.g. 250 ids to reach the limit); unknown ids become stored messages. */
  setPins(channelId: string, ids: string[]): void {
    const channel = this.discord.channelOf(channelId);
    for (const pin of channel.pins) {
      const record = this.discord.messageStore.get(pin.messageId);
      if (record) record.message.pinned = false;
    }
    const now = Date.now();
    channel.pins = ids.map((id, i) => {
      let record = this.discord.messageStore.get(id);
      if (!record) {
        this.messages.storeMessage(
          channelId,
          false,
          {
            author: this.discord.userObject(DEFAULT_MEMBER_ID),
            content: `Pinned message ${i + 1}`,
            type: MessageType.Default,
            timestamp: new Date(now - 86_400_000 - i * 1000).toISOString(),
          },
          id,
        );
        record = this.discord.messageStore.get(id) as MessageRecord;
      }
      record.message.pinned = true;
      return { messageId: id, pinnedAt: new Date(now - i * 1000).toISOString() };
    });
    channel.lastPinTimestamp = channel.pins[0]?.pinnedAt ?? null;
  }

  channelForRest(channelId: string | undefined): ChannelState {
    const channel = channelId ? this.discord.channels.get(channelId) : undefined;
    if (!channel) throw new ApiError(404, 10003, 'Unknown Channel');
    if ((channel.botPermissions & Permission.ViewChannel) === 0n) throw new ApiError(403, 50001, 'Missing Access');
    return channel;
  }

  requireBotPermission(channel: ChannelState, ...anyOf: bigint[]): void {
    if (!anyOf.some((bit) => (channel.botPermissions & bit) !== 0n)) {
      throw new ApiError(403, 50013, 'Missing Permissions');
    }
  }

  channelMessage(channel: ChannelState, messageId: string | undefined): MessageRecord {
    const record = messageId ? this.discord.messageStore.get(messageId) : undefined;
    if (!record || record.ephemeral || record.channelId !== channel.id) {
      throw new ApiError(404, 10008, 'Unknown Message');
    }
    return record;
  }

  pin(req: RestRequest): RestReply {
    const channel = this.channelForRest(req.params[0]);
    this.requireBotPermission(channel, Permission.PinMessages, Permission.ManageMessages);
    const record = this.channelMessage(channel, req.params[1]);
    if (channel.pins.some((p) => p.messageId === record.message.id)) return { status: 204 };
    if (channel.pins.length >= MAX_PINS) throw new ApiError(400, 30003, `Maximum number of pins reached (${MAX_PINS})`);
    const pinnedAt = new Date().toISOString();
    channel.pins.unshift({ messageId: record.message.id, pinnedAt });
    channel.lastPinTimestamp = pinnedAt;
    record.message.pinned = true;
    this.pinsChanged(channel);
    return { status: 204 };
  }

  unpin(req: RestRequest): RestReply {
    const channel = this.channelForRest(req.params[0]);
    this.requireBotPermission(channel, Permission.PinMessages, Permission.ManageMessages);
    const record = this.channelMessage(channel, req.params[1]);
    channel.pins = channel.pins.filter((p) => p.messageId !== record.message.id);
    record.message.pinned = false;
    this.pinsChanged(channel);
    return { status: 204 };
  }

  pinsChanged(channel: ChannelState): void {
    if (!channel.guildId) return;
    this.gateway.dispatch(
      'CHANNEL_PINS_UPDATE',
      { guild_id: channel.guildId, channel_id: channel.id, last_pin_timestamp: channel.lastPinTimestamp },
      channel.guildId,
    );
  }

  /** `GET /channels/{id}/messages/pins`: newest pin first, pages of at most 50 before a timestamp. */
  listPins(req: RestRequest): RestReply {
    const channel = this.channelForRest(req.params[0]);
    const limitText = req.query.get('limit');
    const limit = limitText === null ? PINS_PAGE_MAX : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > PINS_PAGE_MAX) {
      throw ApiError.invalidForm([{ path: 'limit', code: 'NUMBER_TYPE_MAX', message: `Must be between 1 and ${PINS_PAGE_MAX}.` }]);
    }
    const beforeText = req.query.get('before');
    const before = beforeText === null ? Number.POSITIVE_INFINITY : Date.parse(beforeText);
    if (Number.isNaN(before)) {
      throw ApiError.invalidForm([{ path: 'before', code: 'DATE_TYPE_PARSE', message: 'Could not parse date.' }]);
    }
    if ((channel.botPermissions & Permission.ReadMessageHistory) === 0n) {
      return { status: 200, body: { items: [], has_more: false } };
    }
    const eligible = channel.pins.filter((p) => Date.parse(p.pinnedAt) < before);
    const items = eligible.slice(0, limit).map((p) => ({
      pinned_at: p.pinnedAt,
      message: clone(this.discord.messageStore.get(p.messageId)?.message),
    }));
    return { status: 200, body: { items, has_more: eligible.length > limit } };
  }
}
