/**
 * The world the local Discord holds: its ids and token, the guilds and channels the bot is in, the
 * messages stored in them, and the Discord objects (users, members, roles, channels, guilds) that
 * REST and the gateway both send.
 */
import { randomBytes } from 'node:crypto';
import type { APIMessage, APIUser } from 'discord.js';
import { DISCORD_EPOCH } from './protocol.js';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_ID, DEFAULT_MEMBER_PERMISSIONS, type FakeDiscordOptions } from './types.js';

const DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250;
const DEFAULT_TOKEN_TTL_MS = 15 * 60_000;
const ALL_PERMISSIONS = (1n << 53n) - 1n;

export interface GuildState {
  id: string;
  name: string;
  channelIds: string[];
  botRoleId: string;
  ownerId: string;
  joinedAt: string;
}

export interface ChannelState {
  id: string;
  /** null for a DM. */
  guildId: string | null;
  name: string;
  recipientId: string | null;
  botPermissions: bigint;
  /** Message ids in posting order. */
  messageIds: string[];
  /** Most recent pin first. */
  pins: { messageId: string; pinnedAt: string }[];
  lastPinTimestamp: string | null;
  /** A thread: its type (10 announcement, 11 public, 12 private) and the channel it is in. */
  thread?: { type: 10 | 11 | 12; parentId: string };
}

export interface MessageRecord {
  message: APIMessage;
  channelId: string;
  ephemeral: boolean;
}

export type Settings = Required<Omit<FakeDiscordOptions, 'interactionDeadlineMs'>> & {
  interactionDeadlineMs: number | null;
};

export class DiscordState {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly guildIds: readonly string[];
  readonly channelIds: readonly string[];
  readonly settings: Settings;
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  readonly messageStore = new Map<string, MessageRecord>();
  currentToken: string;
  stopped = false;
  private lastSnowflakeMs = 0n;
  private snowflakeIncrement = 0n;

  constructor(port: number, options: FakeDiscordOptions) {
    const guildCount = options.guildCount ?? 1;
    const shards = options.shards ?? 1;
    if (!Number.isInteger(guildCount) || guildCount < 1) throw new Error('FakeDiscord: guildCount must be ≥ 1');
    if (!Number.isInteger(shards) || shards < 1) throw new Error('FakeDiscord: shards must be ≥ 1');
    this.settings = {
      guildCount,
      shards,
      maxConcurrency: options.maxConcurrency ?? 1,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
      interactionTokenTtlMs: options.interactionTokenTtlMs ?? DEFAULT_TOKEN_TTL_MS,
      interactionDeadlineMs: options.interactionDeadlineMs ?? null,
    };
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;

    // Ids from a month ago, one millisecond apart, so that (guild_id >> 22) % shards spreads the
    // guilds over the shards the way Discord does.
    const base = BigInt(Date.now()) - DISCORD_EPOCH - 30n * 86_400_000n;
    const idAt = (offsetMs: number, increment = 0) => ((base + BigInt(offsetMs)) << 22n) | BigInt(increment);
    this.applicationId = idAt(-2_000_000, 1).toString();
    this.botUserId = idAt(-1_000_000, 2).toString();
    this.currentToken = this.newToken();
    const guildIds: string[] = [];
    const channelIds: string[] = [];
    for (let i = 0; i < guildCount; i++) {
      const id = idAt(i).toString();
      const channelId = idAt(10_000 + i).toString();
      this.guilds.set(id, {
        id,
        name: `Test Guild ${i + 1}`,
        channelIds: [channelId],
        botRoleId: idAt(20_000 + i).toString(),
        ownerId: idAt(30_000 + i).toString(),
        joinedAt: new Date().toISOString(),
      });
      this.channels.set(channelId, this.newChannelState(channelId, id, 'general'));
      guildIds.push(id);
      channelIds.push(channelId);
    }
    this.guildIds = guildIds;
    this.channelIds = channelIds;
    this.guildId = guildIds[0] as string;
    this.channelId = channelIds[0] as string;
  }

  snowflake(): string {
    const ms = BigInt(Date.now()) - DISCORD_EPOCH;
    if (ms > this.lastSnowflakeMs) {
      this.lastSnowflakeMs = ms;
      this.snowflakeIncrement = 0n;
    } else {
      this.snowflakeIncrement++;
      if (this.snowflakeIncrement > 4095n) {
        this.lastSnowflakeMs++;
        this.snowflakeIncrement = 0n;
      }
    }
    return ((this.lastSnowflakeMs << 22n) | (1n << 17n) | this.snowflakeIncrement).toString();
  }

  newToken(): string {
    const id = Buffer.from(this.botUserId).toString('base64').replace(/=+$/, '');
    return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(28).toString('base64url')}`;
  }

  tokenMatches(value: unknown): boolean {
    return value === this.currentToken || value === `Bot ${this.currentToken}`;
  }

  newChannelState(id: string, guildId: string | null, name: string): ChannelState {
    return {
      id,
      guildId,
      name,
      recipientId: null,
      botPermissions: DEFAULT_BOT_PERMISSIONS,
      messageIds: [],
      pins: [],
      lastPinTimestamp: null,
    };
  }

  channelOf(channelId: string): ChannelState {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
    return channel;
  }

  botUser(): APIUser {
    return { ...this.userObject(this.botUserId), bot: true };
  }

  userObject(id: string): APIUser {
    const isBot = id === this.botUserId;
    return {
      id,
      username: isBot ? 'story-bot' : `member-${id.slice(-4)}`,
      global_name: isBot ? null : `Member ${id.slice(-4)}`,
      avatar: null,
      discriminator: '0',
      avatar_decoration_data: null,
    };
  }

  memberObject(userId: string, roles: string[], joinedAt: string): Record<string, unknown> {
    return {
      user: userId === this.botUserId ? this.botUser() : this.userObject(userId),
      roles,
      nick: null,
      avatar: null,
      banner: null,
      joined_at: joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
    };
  }

  rolesOf(guild: GuildState): Record<string, unknown>[] {
    const role = (id: string, name: string, permissions: bigint, position: number, botId?: string) => ({
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: permissions.toString(),
      managed: botId !== undefined,
      mentionable: false,
      flags: 0,
      ...(botId ? { tags: { bot_id: botId } } : {}),
    });
    return [
      role(guild.id, '@everyone', DEFAULT_MEMBER_PERMISSIONS, 0),
      role(guild.botRoleId, 'story-bot', DEFAULT_BOT_PERMISSIONS, 1, this.botUserId),
    ];
  }

  channelPayload(channel: ChannelState): Record<string, unknown> {
    if (channel.guildId === null) {
      return {
        id: channel.id,
        type: 1,
        flags: 0,
        last_message_id: channel.messageIds.at(-1) ?? null,
        recipients: channel.recipientId ? [this.userObject(channel.recipientId)] : [],
      };
    }
    if (channel.thread) return this.threadPayload(channel, channel.thread);
    // A member overwrite for the bot gives it exactly `botPermissions` in this channel, whatever
    // its roles grant, so discord.js's own permission maths agrees with what the REST side enforces.
    const overwrites =
      channel.botPermissions === DEFAULT_BOT_PERMISSIONS
        ? []
        : [
            {
              id: this.botUserId,
              type: 1,
              allow: channel.botPermissions.toString(),
              deny: (ALL_PERMISSIONS & ~channel.botPermissions).toString(),
            },
          ];
    return {
      id: channel.id,
      type: 0,
      guild_id: channel.guildId,
      name: channel.name,
      position: 0,
      permission_overwrites: overwrites,
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: channel.messageIds.at(-1) ?? null,
      last_pin_timestamp: channel.lastPinTimestamp,
      rate_limit_per_user: 0,
      flags: 0,
    };
  }

  /**
   * A thread as Discord sends it: no overwrites of its own (its permissions are its parent's, with
   * Send Messages in Threads in place of Send Messages; `botPermissions` holds the outcome).
   */
  private threadPayload(channel: ChannelState, thread: NonNullable<ChannelState['thread']>): Record<string, unknown> {
    return {
      id: channel.id,
      type: thread.type,
      guild_id: channel.guildId,
      parent_id: thread.parentId,
      owner_id: DEFAULT_MEMBER_ID,
      name: channel.name,
      last_message_id: channel.messageIds.at(-1) ?? null,
      last_pin_timestamp: channel.lastPinTimestamp,
      rate_limit_per_user: 0,
      message_count: channel.messageIds.length,
      member_count: 1,
      total_message_sent: channel.messageIds.length,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        ...(thread.type === 12 ? { invitable: true } : {}),
      },
      flags: 0,
    };
  }

  guildPayload(guild: GuildState, forGateway: boolean): Record<string, unknown> {
    const base: Record<string, unknown> = {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: this.rolesOf(guild),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: guild.channelIds[0] ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500_000,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
    };
    if (!forGateway) return base;
    return {
      ...base,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [this.memberObject(this.botUserId, [guild.botRoleId], guild.joinedAt)],
      channels: guild.channelIds.map((id) => this.channelPayload(this.channelOf(id))),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
    };
  }
}
