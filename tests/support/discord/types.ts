/**
 * The public types and constants of the local Discord: what tests pass in (options, interaction
 * contexts, faults) and read back (recorded requests, callbacks, messages), plus Discord's
 * permission bits and ready-made refusals.
 */
import type { APIAllowedMentions, APIApplicationCommandOptionChoice, APIEmbed, APIMessage, APIMessageTopLevelComponent } from 'discord.js';
import type { UploadedFile } from '../http-body.js';

export interface FakeDiscordOptions {
  /** Guilds the bot is in (default 1). The first one is `guildId`, its text channel `channelId`. */
  guildCount?: number;
  /** Shard count recommended by `GET /gateway/bot` (default 1). */
  shards?: number;
  /**
   * `session_start_limit.max_concurrency` (default 1, as for most bots). discord.js waits 5 s
   * between IDENTIFYs of shards in the same bucket (shard_id % max_concurrency).
   */
  maxConcurrency?: number;
  /** Heartbeat interval sent in HELLO (default 41250 ms; tests use ~1000). */
  heartbeatIntervalMs?: number;
  /**
   * When set, a first callback later than this after the interaction was sent gets
   * 404 10062 Unknown interaction, as Discord does after its 3 s. Off by default.
   */
  interactionDeadlineMs?: number;
  /** Lifetime of an interaction token for webhook calls (default 15 min, as Discord). */
  interactionTokenTtlMs?: number;
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
  files: UploadedFile[];
  /** Lower-cased request headers, without `authorization`. */
  headers: Record<string, string>;
  /** Status the fake answered with (0 while the request is still being handled). */
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
  /** The member's permissions in the channel (default `DEFAULT_MEMBER_PERMISSIONS`: no pin or manage rights). */
  memberPermissions?: bigint;
  /** `app_permissions` of the interaction (default: the bot's permissions in that channel). */
  appPermissions?: bigint;
  /** Default: the text channel of the guild. */
  channelId?: string;
  /** Default: the guild of `channelId`, else `guildId`. Ignored for DMs. */
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
  /** Follow-up messages (POST /webhooks/{app}/{token}), in order, as currently stored. */
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

/** Permission bits (Discord's values). */
export const Permission = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
  PinMessages: 1n << 51n,
} as const;

/** What an ordinary member may do in the text channel: talk, read, use commands; no pinning. */
export const DEFAULT_MEMBER_PERMISSIONS =
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.UseApplicationCommands |
  Permission.SendMessagesInThreads;

/** The bot's permissions in every channel until `setBotPermissions`: a member's, plus pinning. */
export const DEFAULT_BOT_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages;

/** Ready-made `failNext` responses for Discord's usual refusals. */
export const DiscordErrors = {
  unknownInteraction: { status: 404, body: { message: 'Unknown interaction', code: 10062 } },
  alreadyAcknowledged: { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } },
  unknownMessage: { status: 404, body: { message: 'Unknown Message', code: 10008 } },
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  maxPins: { status: 400, body: { message: 'Maximum number of pins reached (250)', code: 30003 } },
  serverError: { status: 500, body: { message: '500: Internal Server Error', code: 0 } },
  rateLimited: (retryAfterSeconds = 0.05): FaultResponse => ({ status: 429, retryAfterSeconds }),
} as const;
