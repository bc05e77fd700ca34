/**
 * A local Discord for the end-to-end tests: REST under `/api/v10` and the v10 JSON gateway on
 * 127.0.0.1, speaking the real protocol to the real discord.js client. Tests drive it (send
 * interactions, inject faults) and read what the bot did (recorded requests, replies, messages).
 */
import type {
  APIAllowedMentions,
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIMessage,
  APIMessageTopLevelComponent,
} from 'discord.js';

export interface FakeDiscordOptions {
  /** Guilds the bot is in (default 1). The first one is `guildId`, its text channel `channelId`. */
  guildCount?: number;
  /** Shard count recommended by `GET /gateway/bot` (default 1). */
  shards?: number;
  /** Heartbeat interval sent in HELLO (default 41250 ms; tests use ~1000). */
  heartbeatIntervalMs?: number;
  /**
   * When set, a first callback later than this after the interaction was sent gets
   * 404 10062 Unknown interaction, as Discord does after its 3 s. Off by default.
   */
  interactionDeadlineMs?: number;
}

/** One REST call the bot made, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages` (the full path when unversioned). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the `payload_json` part of a multipart body; undefined when empty. */
  body: unknown;
  /** Files of a multipart body. */
  files: { name: string; filename: string; contentType: string; size: number }[];
  /** Lower-cased request headers, without `authorization`. */
  headers: Record<string, string>;
  /** Status the fake answered with. */
  status: number;
}

/** An option of a slash command or autocomplete interaction. `type` is inferred from `value` when missing. */
export interface OptionInput {
  name: string;
  /** ApplicationCommandOptionType: 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 10 number… */
  type?: number;
  value?: string | number | boolean;
  /** The option the member is typing in (autocomplete). */
  focused?: boolean;
  /** Options of a subcommand or group. */
  options?: OptionInput[];
}

/** Who sends an interaction, and where. */
export interface InteractionContext {
  /** Default: `DEFAULT_MEMBER_ID`. */
  userId?: string;
  /** The member's permissions in the channel (default: an ordinary member, no pin or manage rights). */
  memberPermissions?: bigint;
  /** `app_permissions` of the interaction (default: the bot's permissions in that channel). */
  appPermissions?: bigint;
  /** Default: `channelId` of the guild. */
  channelId?: string;
  /** Default: `guildId`. Ignored for DMs. */
  guildId?: string;
  /** Sent from a DM with the bot: `user` instead of `member`, no guild. */
  dm?: boolean;
  /** Default `en-US`. */
  locale?: string;
}

/** Data of an interaction callback or message body as the bot sent it. */
export interface CallbackData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  allowed_mentions?: APIAllowedMentions;
  tts?: boolean;
  /** Autocomplete results (callback type 8). */
  choices?: APIApplicationCommandOptionChoice[];
  /** Modal (callback type 9). */
  custom_id?: string;
  title?: string;
  [key: string]: unknown;
}

/** An interaction callback body: `{type, data}` (type 4 reply, 5 defer, 6 defer update, 7 update, 8 autocomplete, 9 modal). */
export interface CallbackBody {
  type: number;
  data?: CallbackData;
}

/** A message as the fake stores and returns it. */
export type StoredMessage = APIMessage;

/** An interaction the fake sent; resolves as the bot answers it. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload as sent over the gateway. */
  readonly payload: Record<string, unknown>;
  /** The first callback the fake accepted. Rejects after `timeoutMs` (default 5000). */
  response(timeoutMs?: number): Promise<CallbackBody>;
  /**
   * The message as the member first sees it answered: the data of a type 4 or 7 callback, or the
   * first edit of `@original` (or first follow-up) after a type 5/6 defer. Ephemeral flags of a
   * defer carry over. Rejects after `timeoutMs` (default 5000) or for autocomplete and modals.
   */
  final(timeoutMs?: number): Promise<StoredMessage>;
  /** The current `@original` message, with every edit applied; undefined before there is one. */
  readonly original: StoredMessage | undefined;
  /** Follow-up messages (POST /webhooks/{app}/{token}), in order. */
  readonly followups: StoredMessage[];
  /** Every callback POST body, accepted or rejected, in order. */
  readonly callbacks: CallbackBody[];
}

export interface GatewayStats {
  /** IDENTIFY payloads accepted. */
  identifies: number;
  /** RESUME payloads that resumed a session. */
  resumes: number;
  /** WebSocket connections opened. */
  connections: number;
}

export interface FaultResponse {
  status: number;
  body?: unknown;
  /** For 429: the `Retry-After` header and `retry_after` field (default 0.05 s). */
  retryAfterSeconds?: number;
}

/** Id of the member who sends interactions unless a context says otherwise. */
export const DEFAULT_MEMBER_ID = '400000000000000001';

/** Permission bits the tests use (Discord's values). */
export const Permission = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  PinMessages: 1n << 51n,
} as const;

export class FakeDiscord {
  /** Starts the REST server and gateway on a free port of 127.0.0.1. */
  static async start(_options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    throw new Error('FakeDiscord: not yet');
  }

  /** Exactly `http://127.0.0.1:PORT/api`: pass as discord.js `rest.api` / `DISCORD_API_URL`. */
  readonly apiUrl: string = '';
  /** The gateway URL returned by `GET /gateway/bot`. */
  readonly gatewayUrl: string = '';
  /** The only bot token the fake accepts (REST `Authorization: Bot …` and IDENTIFY/RESUME). */
  get token(): string {
    throw new Error('FakeDiscord: not yet');
  }
  readonly applicationId: string = '';
  readonly botUserId: string = '';
  /** The first guild and its text channel. */
  readonly guildId: string = '';
  readonly channelId: string = '';
  /** Every guild id, in order; guild i has text channel `channelIds[i]`. */
  readonly guildIds: readonly string[] = [];
  readonly channelIds: readonly string[] = [];
  /** Every REST call, in arrival order. */
  readonly requests: RecordedRequest[] = [];

  /** Resolves once every shard identified and got READY plus its GUILD_CREATEs (default 5000 ms). */
  waitForReady(_timeoutMs?: number): Promise<void> {
    throw new Error('FakeDiscord: not yet');
  }

  /** Sends a CHAT_INPUT command (interaction type 2, data.type 1). */
  sendCommand(_name: string, _options: OptionInput[] = [], _ctx: InteractionContext = {}): InteractionHandle {
    throw new Error('FakeDiscord: not yet');
  }

  /** Sends an autocomplete interaction (type 4); mark the option being typed with `focused: true`. */
  sendAutocomplete(_name: string, _options: OptionInput[], _ctx: InteractionContext = {}): InteractionHandle {
    throw new Error('FakeDiscord: not yet');
  }

  /** A click on a button (type 3, component_type 2) under `message` (e.g. one the bot posted). */
  sendButton(_customId: string, _message: StoredMessage, _ctx: InteractionContext = {}): InteractionHandle {
    throw new Error('FakeDiscord: not yet');
  }

  /** A message context-menu command (type 2, data.type 3) on a message with this content. */
  sendMessageCommand(
    _name: string,
    _target: { content: string; authorId?: string },
    _ctx: InteractionContext = {},
  ): InteractionHandle {
    throw new Error('FakeDiscord: not yet');
  }

  /** Sends any dispatch event to the shard(s) holding `guildId` (every shard when omitted). */
  dispatch(_event: string, _data: unknown, _guildId?: string): void {
    throw new Error('FakeDiscord: not yet');
  }

  /** Messages the bot posted with `POST /channels/{id}/messages` (default channel `channelId`), oldest first. */
  messages(_channelId?: string): StoredMessage[] {
    throw new Error('FakeDiscord: not yet');
  }

  /** Ids of the pinned messages of a channel (default `channelId`), most recent pin first. */
  pins(_channelId?: string): string[] {
    throw new Error('FakeDiscord: not yet');
  }

  /** Replaces a channel's pins (e.g. 250 ids to reach the limit); unknown ids become stored messages. */
  setPins(_channelId: string, _ids: string[]): void {
    throw new Error('FakeDiscord: not yet');
  }

  /**
   * Sets the bot's permissions in a channel: enforced on channel REST calls (403 50013), reported
   * as `app_permissions`, and sent to the client as a CHANNEL_UPDATE overwrite.
   */
  setBotPermissions(_channelId: string, _permissions: bigint): void {
    throw new Error('FakeDiscord: not yet');
  }

  /** The latest bulk command registration (PUT), or undefined if none. */
  registeredCommands(): { scope: 'global' | 'guild'; guildId?: string; body: unknown[] } | undefined {
    throw new Error('FakeDiscord: not yet');
  }

  /** Closes every gateway socket with this code (4000 / 4009: the client reconnects; 4004: fatal). */
  closeGateway(_code: number): void {
    throw new Error('FakeDiscord: not yet');
  }

  /** Terminates every gateway socket without a close frame. */
  dropGateway(): void {
    throw new Error('FakeDiscord: not yet');
  }

  /** Stops (false) or resumes (true) answering heartbeats with op 11. */
  setHeartbeatAcks(_on: boolean): void {
    throw new Error('FakeDiscord: not yet');
  }

  /**
   * Answers the next `times` (default 1) REST calls matching `match` with `response` instead of
   * handling them. A 429 carries `Retry-After` and `{message, retry_after, global: false}`.
   */
  failNext(_match: { method?: string; path: RegExp }, _response: FaultResponse, _times?: number): void {
    throw new Error('FakeDiscord: not yet');
  }

  /** Replaces the token, as a reset in the developer portal does: the old one gets 401 and 4004. */
  revokeToken(): string {
    throw new Error('FakeDiscord: not yet');
  }

  stats(): GatewayStats {
    throw new Error('FakeDiscord: not yet');
  }

  /** Closes every socket, server and timer. */
  stop(): Promise<void> {
    throw new Error('FakeDiscord: not yet');
  }
}
