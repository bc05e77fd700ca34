/**
 * A local Discord for the end-to-end tests: REST under `/api/v10` and the v10 JSON gateway on
 * 127.0.0.1, speaking the real protocol to the real discord.js client. Tests drive it (send
 * interactions, inject faults) and read what the bot did (recorded requests, replies, messages).
 *
 * What it checks the way Discord does: the bot token (REST 401, gateway close 4004), the 3 s and
 * 15 min interaction windows (optional / configurable), one callback per interaction (40060),
 * message limits (400 50035 with Discord's error tree, 50006 for an empty message), command
 * registration rules, channel permissions of the bot (403 50013) and the 250-pin limit (30003).
 *
 * Use:
 *   const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   const ready = once(client, Events.ClientReady);
 *   await client.login(fake.token);
 *   await ready;
 *   const answer = await fake.sendCommand('ask', [{ name: 'question', value: 'who?' }]).final();
 *   …
 *   await client.destroy(); // before stop(), or the client keeps trying to reconnect
 *   await fake.stop();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIAllowedMentions,
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIMessage,
  APIMessageTopLevelComponent,
  APIUser,
} from 'discord.js';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { checkChoices, checkCommands, checkMessage, type FieldError, errorTree } from './discord-limits.js';
import { parseBody, readRaw, type UploadedFile } from './http-body.js';

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

/** The HTTP response of a bot's interactions endpoint to one delivered interaction. */
export interface HttpDeliveryReply {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** Sends one interaction payload to a bot's interactions endpoint. */
export type InteractionDelivery = (payload: Record<string, unknown>) => Promise<HttpDeliveryReply>;

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

const API_PREFIX = '/api/v10';
const DISCORD_EPOCH = 1_420_070_400_000n;
const DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250;
const DEFAULT_TOKEN_TTL_MS = 15 * 60_000;
const DEFAULT_WAIT_MS = 5_000;
const MAX_PINS = 250;
const PINS_PAGE_MAX = 50;
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
const ALL_PERMISSIONS = (1n << 53n) - 1n;

const MessageFlag = { SuppressEmbeds: 4, Ephemeral: 64, Loading: 128, SuppressNotifications: 4096 } as const;
const MessageType = { Default: 0, ChatInputCommand: 20, ContextMenuCommand: 23 } as const;
const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
const Callback = {
  Reply: 4,
  DeferReply: 5,
  DeferUpdate: 6,
  Update: 7,
  Autocomplete: 8,
  Modal: 9,
} as const;
/** Callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  [InteractionType.ApplicationCommand]: [Callback.Reply, Callback.DeferReply, Callback.Modal],
  [InteractionType.MessageComponent]: [
    Callback.Reply,
    Callback.DeferReply,
    Callback.DeferUpdate,
    Callback.Update,
    Callback.Modal,
  ],
  [InteractionType.Autocomplete]: [Callback.Autocomplete],
  [InteractionType.ModalSubmit]: [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update],
};

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;
const Intent = { GuildMessages: 1 << 9, DirectMessages: 1 << 12 } as const;
/** Close codes after which Discord will not resume the session. */
const SESSION_ENDING_CLOSE_CODES = new Set([1000, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

interface GuildState {
  id: string;
  name: string;
  channelIds: string[];
  botRoleId: string;
  ownerId: string;
  joinedAt: string;
}

interface ChannelState {
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
}

interface MessageRecord {
  message: APIMessage;
  channelId: string;
  ephemeral: boolean;
}

interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  /** The code the fake closed this socket with, if it did. */
  serverCloseCode: number | undefined;
}

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  /** Every dispatch, for replay on RESUME. */
  events: GatewayPayload[];
  connection: Connection | null;
  resumable: boolean;
}

interface StoredCommand {
  id: string;
  type: number;
  name: string;
  [key: string]: unknown;
}

interface RestRequest {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Interaction callbacks and webhook calls carry their own token instead of the bot's. */
  auth: boolean;
  handle: (req: RestRequest) => RestReply;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  static invalidForm(errors: FieldError[]): ApiError {
    return new ApiError(400, 50035, 'Invalid Form Body', errorTree(errors));
  }
}

/** A value that arrives once; waiters time out instead of hanging a test. */
class Latch<T> {
  private settled: { ok: true; value: T } | { ok: false; error: Error } | undefined;
  private readonly waiters = new Set<{
    resolve: (value: T) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  }>();

  get isSettled(): boolean {
    return this.settled !== undefined;
  }

  resolve(value: T): void {
    this.settle({ ok: true, value: structuredClone(value) });
  }

  reject(error: Error): void {
    this.settle({ ok: false, error });
  }

  wait(timeoutMs: number, what: string): Promise<T> {
    const settled = this.settled;
    if (settled) return settled.ok ? Promise.resolve(structuredClone(settled.value)) : Promise.reject(settled.error);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`FakeDiscord: no ${what} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Fails every pending waiter (the fake is stopping) without settling the value. */
  abandon(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }

  private settle(result: { ok: true; value: T } | { ok: false; error: Error }): void {
    if (this.settled) return;
    this.settled = result;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      if (result.ok) waiter.resolve(structuredClone(result.value));
      else waiter.reject(result.error);
    }
    this.waiters.clear();
  }
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  commandType: number | null;
  name: string;
  createdAt: number;
  payload: Record<string, unknown>;
  channelId: string;
  guildId: string | null;
  user: APIUser;
  accepted: CallbackBody | null;
  callbacks: CallbackBody[];
  originalId: string | null;
  /** The message a component sits on. */
  sourceMessageId: string | null;
  /** A type 5 defer whose "thinking" message has not been filled in yet. */
  loading: boolean;
  followupIds: string[];
  response: Latch<CallbackBody>;
  final: Latch<APIMessage>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inferOptionType(option: OptionInput): number {
  if (option.options !== undefined) return 1;
  if (typeof option.value === 'boolean') return 5;
  if (typeof option.value === 'number') return Number.isInteger(option.value) ? 4 : 10;
  return 3;
}

function toApiOption(option: OptionInput): Record<string, unknown> {
  const type = option.type ?? inferOptionType(option);
  if (type === 1 || type === 2) {
    return { name: option.name, type, options: (option.options ?? []).map(toApiOption) };
  }
  // Discord sends what the member has typed so far as a string, whatever the option's type.
  if (option.focused) return { name: option.name, type, value: String(option.value ?? ''), focused: true };
  return { name: option.name, type, value: option.value };
}

function hasFocused(options: OptionInput[]): boolean {
  return options.some((o) => o.focused === true || hasFocused(o.options ?? []));
}

/** Who a message would ping, given its content and `allowed_mentions` (absent: everything parses). */
function mentionsIn(
  content: string,
  allowed: unknown,
): { userIds: string[]; roleIds: string[]; everyone: boolean } {
  const rules = isRecord(allowed) ? allowed : undefined;
  const parse: unknown[] = rules ? (Array.isArray(rules.parse) ? rules.parse : []) : ['users', 'roles', 'everyone'];
  const listed = (key: string): unknown[] => (rules && Array.isArray(rules[key]) ? rules[key] : []);
  const pick = (pattern: RegExp, kind: string) =>
    [...new Set([...content.matchAll(pattern)].map((m) => m[1] ?? ''))].filter(
      (id) => parse.includes(kind) || listed(kind).includes(id),
    );
  return {
    userIds: pick(/<@!?(\d{15,21})>/g, 'users'),
    roleIds: pick(/<@&(\d{15,21})>/g, 'roles'),
    everyone: parse.includes('everyone') && /@(everyone|here)\b/.test(content),
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export class FakeDiscord {
  /** Exactly `http://127.0.0.1:PORT/api`: pass as discord.js `rest.api` / `DISCORD_API_URL`. */
  readonly apiUrl: string;
  /** The gateway URL returned by `GET /gateway/bot`. */
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUserId: string;
  /** The first guild and its text channel. */
  readonly guildId: string;
  readonly channelId: string;
  /** Every guild id, in order; guild i has text channel `channelIds[i]`. */
  readonly guildIds: readonly string[];
  readonly channelIds: readonly string[];
  /** Every REST call, in arrival order. */
  readonly requests: RecordedRequest[] = [];

  private currentToken: string;
  private readonly settings: Required<Omit<FakeDiscordOptions, 'interactionDeadlineMs'>> & {
    interactionDeadlineMs: number | null;
  };
  private readonly wss: WebSocketServer;
  private readonly routes: Route[];
  private lastSnowflakeMs = 0n;
  private snowflakeIncrement = 0n;
  private readonly guilds = new Map<string, GuildState>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly messageStore = new Map<string, MessageRecord>();
  private readonly sessions = new Map<string, Session>();
  /** The latest session of each shard, keyed `id/count`. */
  private readonly currentSessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly faults: { method: string | undefined; path: RegExp; response: FaultResponse; left: number }[] = [];
  private readonly commands = new Map<string, StoredCommand[]>();
  private readonly commandIds = new Map<string, string>();
  private lastRegistration: { scope: 'global' | 'guild'; guildId?: string; body: unknown[] } | undefined;
  private readonly readyWaiters = new Set<{ resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly counters: GatewayStats = { identifies: 0, resumes: 0, connections: 0 };
  private heartbeatAcks = true;
  private stopped = false;
  private endpoint: InteractionDelivery | undefined;

  /** Starts the REST server and gateway on a free port of 127.0.0.1. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeDiscord(server, options);
  }

  private constructor(
    private readonly server: Server,
    options: FakeDiscordOptions,
  ) {
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
    const { port } = server.address() as AddressInfo;
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

    this.routes = this.buildRoutes();
    server.on('request', (req, res) => {
      void this.handleHttp(req, res);
    });
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req));
  }

  /** The only bot token the fake accepts (REST `Authorization: Bot …` and IDENTIFY/RESUME). */
  get token(): string {
    return this.currentToken;
  }

  /** Resolves once every shard identified and got READY plus its GUILD_CREATEs (default 5000 ms). */
  waitForReady(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.isReady()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.readyWaiters.delete(waiter);
          reject(new Error(`FakeDiscord: no client identified within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.readyWaiters.add(waiter);
    });
  }

  /** Sends a CHAT_INPUT command (interaction type 2, data.type 1). */
  sendCommand(name: string, options: OptionInput[] = [], ctx: InteractionContext = {}): InteractionHandle {
    const where = this.resolveContext(ctx);
    const data: Record<string, unknown> = { ...this.commandRef(name, 1, where.guildId), name, type: 1 };
    if (options.length > 0) data.options = options.map(toApiOption);
    return this.createInteraction(InteractionType.ApplicationCommand, 1, name, data, ctx, {});
  }

  /** Sends an autocomplete interaction (type 4); mark the option being typed with `focused: true`. */
  sendAutocomplete(name: string, options: OptionInput[], ctx: InteractionContext = {}): InteractionHandle {
    if (!hasFocused(options)) throw new Error('FakeDiscord: sendAutocomplete needs one option with focused: true');
    const where = this.resolveContext(ctx);
    const data = { ...this.commandRef(name, 1, where.guildId), name, type: 1, options: options.map(toApiOption) };
    return this.createInteraction(InteractionType.Autocomplete, 1, name, data, ctx, {});
  }

  /** A click on a button (type 3, component_type 2) under `message` (e.g. one the bot posted). */
  sendButton(customId: string, message: StoredMessage, ctx: InteractionContext = {}): InteractionHandle {
    const record = this.messageStore.get(message.id) ?? this.adoptMessage(message);
    const data = { custom_id: customId, component_type: 2 };
    return this.createInteraction(
      InteractionType.MessageComponent,
      null,
      customId,
      data,
      { channelId: record.channelId, ...ctx },
      { message: clone(record.message) },
      record.message.id,
    );
  }

  /** A message context-menu command (type 2, data.type 3) on a message with this content. */
  sendMessageCommand(
    name: string,
    target: { content: string; authorId?: string },
    ctx: InteractionContext = {},
  ): InteractionHandle {
    const where = this.resolveContext(ctx);
    const author = this.userObject(target.authorId ?? ctx.userId ?? DEFAULT_MEMBER_ID);
    const message = this.storeMessage(where.channelId, false, {
      author,
      content: target.content,
      type: MessageType.Default,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    });
    const data = {
      ...this.commandRef(name, 3, where.guildId),
      name,
      type: 3,
      target_id: message.id,
      resolved: { messages: { [message.id]: clone(message) } },
    };
    return this.createInteraction(InteractionType.ApplicationCommand, 3, name, data, ctx, {});
  }

  /** Sends any dispatch event to the shard(s) holding `guildId` (every current session when omitted). */
  dispatch(event: string, data: unknown, guildId?: string): void {
    const targets = guildId === undefined ? this.liveSessions() : this.sessionsFor(guildId);
    for (const session of targets) this.dispatchTo(session, event, data);
  }

  /** Adds a text channel to a guild (default `guildId`) and tells the client (CHANNEL_CREATE). */
  addChannel(guildId: string = this.guildId, name = 'more-news'): string {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    const id = this.snowflake();
    this.channels.set(id, this.newChannelState(id, guildId, name));
    guild.channelIds.push(id);
    this.dispatch('CHANNEL_CREATE', this.channelPayload(this.channelOf(id)), guildId);
    return id;
  }

  /**
   * Every message the bot has in a channel (default `channelId`): channel posts and non-ephemeral
   * interaction replies and follow-ups, oldest first, as currently stored.
   */
  messages(channelId: string = this.channelId): StoredMessage[] {
    const channel = this.channelOf(channelId);
    return channel.messageIds
      .map((id) => this.messageStore.get(id)?.message)
      .filter((m): m is APIMessage => m !== undefined && m.author.id === this.botUserId)
      .map(clone);
  }

  /** Ids of the pinned messages of a channel (default `channelId`), most recent pin first. */
  pins(channelId: string = this.channelId): string[] {
    return this.channelOf(channelId).pins.map((p) => p.messageId);
  }

  /** Replaces a channel's pins (e.g. 250 ids to reach the limit); unknown ids become stored messages. */
  setPins(channelId: string, ids: string[]): void {
    const channel = this.channelOf(channelId);
    for (const pin of channel.pins) {
      const record = this.messageStore.get(pin.messageId);
      if (record) record.message.pinned = false;
    }
    const now = Date.now();
    channel.pins = ids.map((id, i) => {
      let record = this.messageStore.get(id);
      if (!record) {
        this.storeMessage(
          channelId,
          false,
          {
            author: this.userObject(DEFAULT_MEMBER_ID),
            content: `Pinned message ${i + 1}`,
            type: MessageType.Default,
            timestamp: new Date(now - 86_400_000 - i * 1000).toISOString(),
          },
          id,
        );
        record = this.messageStore.get(id) as MessageRecord;
      }
      record.message.pinned = true;
      return { messageId: id, pinnedAt: new Date(now - i * 1000).toISOString() };
    });
    channel.lastPinTimestamp = channel.pins[0]?.pinnedAt ?? null;
  }

  /**
   * Sets the bot's permissions in a channel: enforced on channel REST calls (403 50013), reported
   * as `app_permissions`, and sent to the client as a CHANNEL_UPDATE overwrite.
   */
  setBotPermissions(channelId: string, permissions: bigint): void {
    const channel = this.channelOf(channelId);
    channel.botPermissions = permissions;
    if (channel.guildId) this.dispatch('CHANNEL_UPDATE', this.channelPayload(channel), channel.guildId);
  }

  /** The latest bulk command registration (PUT), or undefined if none. */
  registeredCommands(): { scope: 'global' | 'guild'; guildId?: string; body: unknown[] } | undefined {
    return this.lastRegistration && clone(this.lastRegistration);
  }

  /** Closes every gateway socket with this code (4000: the client resumes; 4004, 4014: fatal). */
  closeGateway(code: number): void {
    for (const connection of this.connections) this.closeConnection(connection, code, 'FakeDiscord: closed by test');
  }

  /** Terminates every gateway socket without a close frame; sessions stay resumable. */
  dropGateway(): void {
    for (const connection of this.connections) connection.socket.terminate();
  }

  /** Stops (false) or resumes (true) answering heartbeats with op 11. */
  setHeartbeatAcks(on: boolean): void {
    this.heartbeatAcks = on;
  }

  /**
   * Answers the next `times` (default 1) REST calls matching `match` with `response` instead of
   * handling them. `path` is tested against the path after `/api/v10`. A 429 carries
   * `Retry-After` and `{message, retry_after, global: false}`.
   */
  failNext(match: { method?: string; path: RegExp }, response: FaultResponse, times = 1): void {
    this.faults.push({ method: match.method?.toUpperCase(), path: match.path, response, left: times });
  }

  /** Replaces the token, as a reset in the developer portal does: the old one gets 401 and 4004. */
  revokeToken(): string {
    this.currentToken = this.newToken();
    this.closeGateway(4004);
    return this.currentToken;
  }

  stats(): GatewayStats {
    return { ...this.counters };
  }

  /** Closes every socket, server and timer. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const stopped = new Error('FakeDiscord: stopped');
    for (const waiter of this.readyWaiters) {
      clearTimeout(waiter.timer);
      waiter.reject(stopped);
    }
    this.readyWaiters.clear();
    for (const state of this.interactions.values()) {
      state.response.abandon(stopped);
      state.final.abandon(stopped);
    }
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // discord.js keeps REST connections alive; without this, close() would wait for them.
    this.server.closeAllConnections();
    await closed;
  }

  // ---------------------------------------------------------------- ids and objects

  private snowflake(): string {
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

  private newToken(): string {
    const id = Buffer.from(this.botUserId).toString('base64').replace(/=+$/, '');
    return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(28).toString('base64url')}`;
  }

  private tokenMatches(value: unknown): boolean {
    return value === this.currentToken || value === `Bot ${this.currentToken}`;
  }

  private newChannelState(id: string, guildId: string | null, name: string): ChannelState {
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

  private channelOf(channelId: string): ChannelState {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
    return channel;
  }

  private botUser(): APIUser {
    return { ...this.userObject(this.botUserId), bot: true };
  }

  private userObject(id: string): APIUser {
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

  private memberObject(userId: string, roles: string[], joinedAt: string): Record<string, unknown> {
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

  private rolesOf(guild: GuildState): Record<string, unknown>[] {
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

  private channelPayload(channel: ChannelState): Record<string, unknown> {
    if (channel.guildId === null) {
      return {
        id: channel.id,
        type: 1,
        flags: 0,
        last_message_id: channel.messageIds.at(-1) ?? null,
        recipients: channel.recipientId ? [this.userObject(channel.recipientId)] : [],
      };
    }
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

  private guildPayload(guild: GuildState, forGateway: boolean): Record<string, unknown> {
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

  // ---------------------------------------------------------------- messages

  /** Stores a new message in a channel (or privately, when ephemeral) and returns it. */
  private storeMessage(
    channelId: string,
    ephemeral: boolean,
    fields: Partial<APIMessage> & Pick<APIMessage, 'author' | 'content' | 'type'>,
    id: string = this.snowflake(),
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
    this.messageStore.set(id, { message, channelId, ephemeral });
    if (!ephemeral) this.channels.get(channelId)?.messageIds.push(id);
    return message;
  }

  /** Makes a message given by a test (e.g. to click a button on) known to the store. */
  private adoptMessage(message: StoredMessage): MessageRecord {
    const channelId = message.channel_id ?? this.channelId;
    const ephemeral = ((message.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
    this.channelOf(channelId);
    this.storeMessage(channelId, ephemeral, clone(message), message.id);
    return this.messageStore.get(message.id) as MessageRecord;
  }

  /** Content, embeds, components, mentions and attachments of a message body as Discord stores them. */
  private messageFields(body: Record<string, unknown>, files: UploadedFile[]): Partial<APIMessage> {
    const fields: Partial<APIMessage> = {};
    if (typeof body.content === 'string') fields.content = body.content;
    if (Array.isArray(body.embeds)) {
      fields.embeds = body.embeds.map((e: Record<string, unknown>) => ({ type: 'rich', ...e })) as APIEmbed[];
    }
    if (Array.isArray(body.components)) fields.components = clone(body.components) as APIMessageTopLevelComponent[];
    if (typeof body.tts === 'boolean') fields.tts = body.tts;
    if (files.length > 0 || Array.isArray(body.attachments)) {
      fields.attachments = files.map((file) => {
        const id = this.snowflake();
        return {
          id,
          filename: file.filename,
          size: file.size,
          content_type: file.contentType,
          url: `${this.apiUrl}/attachments/${id}/${file.filename}`,
          proxy_url: `${this.apiUrl}/attachments/${id}/${file.filename}`,
        };
      });
    }
    return fields;
  }

  private applyMentions(message: APIMessage, allowedMentions: unknown): void {
    const found = mentionsIn(message.content, allowedMentions);
    message.mentions = found.userIds.map((id) => this.userObject(id));
    message.mention_roles = found.roleIds;
    message.mention_everyone = found.everyone;
  }

  private createBotMessage(
    channelId: string,
    body: Record<string, unknown>,
    files: UploadedFile[],
    extra: Partial<APIMessage>,
  ): APIMessage {
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const ephemeral = (flags & MessageFlag.Ephemeral) !== 0;
    const message = this.storeMessage(channelId, ephemeral, {
      author: this.botUser(),
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
  private editMessage(messageId: string, body: Record<string, unknown>, files: UploadedFile[]): APIMessage {
    const record = this.messageStore.get(messageId);
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

  private deleteMessage(messageId: string): void {
    const record = this.messageStore.get(messageId);
    if (!record) throw new ApiError(404, 10008, 'Unknown Message');
    this.messageStore.delete(messageId);
    const channel = this.channels.get(record.channelId);
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
  private dispatchMessageEvent<T extends { channel_id: string }>(event: string, message: T): void {
    const channel = this.channels.get(message.channel_id);
    if (!channel) return;
    const intent = channel.guildId ? Intent.GuildMessages : Intent.DirectMessages;
    const data = channel.guildId ? { ...clone(message), guild_id: channel.guildId } : clone(message);
    const targets = channel.guildId ? this.sessionsFor(channel.guildId) : this.sessionsFor(null);
    for (const session of targets) {
      if ((session.intents & intent) !== 0) this.dispatchTo(session, event, data);
    }
  }

  private validateMessage(body: unknown, isNew: boolean, files: UploadedFile[], path?: string): Record<string, unknown> {
    const { errors, empty } = checkMessage(body, { isNew, fileCount: files.length, ...(path ? { path } : {}) });
    if (errors.length > 0) throw ApiError.invalidForm(errors);
    if (empty) throw new ApiError(400, 50006, 'Cannot send an empty message');
    return isRecord(body) ? body : {};
  }

  // ---------------------------------------------------------------- interactions

  private resolveContext(ctx: InteractionContext): { channelId: string; guildId: string | null } {
    if (ctx.dm) return { channelId: this.dmChannelFor(ctx.userId ?? DEFAULT_MEMBER_ID), guildId: null };
    if (ctx.channelId) {
      const channel = this.channelOf(ctx.channelId);
      return { channelId: channel.id, guildId: channel.guildId };
    }
    const guildId = ctx.guildId ?? this.guildId;
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return { channelId: guild.channelIds[0] as string, guildId };
  }

  private dmChannelFor(userId: string): string {
    for (const channel of this.channels.values()) {
      if (channel.guildId === null && channel.recipientId === userId) return channel.id;
    }
    const id = this.snowflake();
    this.channels.set(id, { ...this.newChannelState(id, null, 'dm'), recipientId: userId });
    return id;
  }

  /** The id (and guild, for a guild command) of a registered command, or a stable made-up id. */
  private commandRef(name: string, type: number, guildId: string | null): { id: string; guild_id?: string } {
    if (guildId) {
      const guildCommand = this.commands.get(guildId)?.find((c) => c.name === name && c.type === type);
      if (guildCommand) return { id: guildCommand.id, guild_id: guildId };
    }
    const global = this.commands.get('global')?.find((c) => c.name === name && c.type === type);
    if (global) return { id: global.id };
    return { id: this.commandId('unregistered', type, name) };
  }

  private commandId(scope: string, type: number, name: string): string {
    const key = `${scope}:${type}:${name}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = this.snowflake();
      this.commandIds.set(key, id);
    }
    return id;
  }

  private createInteraction(
    type: number,
    commandType: number | null,
    name: string,
    data: Record<string, unknown>,
    ctx: InteractionContext,
    extra: Record<string, unknown>,
    sourceMessageId: string | null = null,
  ): InteractionHandle {
    if (this.stopped) throw new Error('FakeDiscord: stopped');
    const { channelId, guildId } = this.resolveContext(ctx);
    const channel = this.channelOf(channelId);
    const userId = ctx.userId ?? DEFAULT_MEMBER_ID;
    const user = this.userObject(userId);
    const memberPermissions = ctx.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS;
    const appPermissions = ctx.appPermissions ?? channel.botPermissions;
    const id = this.snowflake();
    const token = `aW50ZXJhY3Rpb246${randomBytes(90).toString('base64url')}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      channel_id: channelId,
      app_permissions: appPermissions.toString(),
      locale: ctx.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
      ...extra,
    };
    if (guildId) {
      const guild = this.guilds.get(guildId);
      payload.guild_id = guildId;
      payload.guild = { id: guildId, locale: 'en-US', features: [] };
      payload.guild_locale = 'en-US';
      payload.channel = { ...this.channelPayload(channel), permissions: memberPermissions.toString() };
      payload.member = {
        ...this.memberObject(userId, [], guild?.joinedAt ?? new Date().toISOString()),
        permissions: memberPermissions.toString(),
      };
      payload.authorizing_integration_owners = { '0': guildId };
      payload.context = 0;
    } else {
      payload.channel = this.channelPayload(channel);
      payload.user = user;
      payload.authorizing_integration_owners = { '0': '0' };
      payload.context = 1;
    }
    const targets = this.sessionsFor(guildId);
    const target = targets.find((s) => s.connection !== null) ?? targets[0];
    if (!target && !this.endpoint) {
      throw new Error(
        'FakeDiscord: no gateway session to deliver the interaction to; log the client in and await waitForReady() first',
      );
    }
    const state: InteractionState = {
      id,
      token,
      type,
      commandType,
      name,
      createdAt: Date.now(),
      payload,
      channelId,
      guildId,
      user,
      accepted: null,
      callbacks: [],
      originalId: null,
      sourceMessageId,
      loading: false,
      followupIds: [],
      response: new Latch<CallbackBody>(),
      final: new Latch<APIMessage>(),
    };
    this.interactions.set(id, state);
    this.interactionsByToken.set(token, state);
    if (this.endpoint) {
      const deliver = this.endpoint;
      void deliver(clone(payload)).then(
        (reply) => this.httpCallback(state, reply),
        (error: Error) => this.httpFailed(state, error),
      );
    } else if (target) {
      this.dispatchTo(target, 'INTERACTION_CREATE', payload);
    }
    return this.handleFor(state);
  }

  /**
   * Delivers interactions by HTTP POST to a bot's interactions endpoint instead of over the
   * gateway (see discord/http-endpoint.ts, which signs them); undefined goes back to the gateway.
   * The HTTP response is then taken as the interaction's callback, with Discord's checks.
   */
  setInteractionEndpoint(deliver: InteractionDelivery | undefined): void {
    this.endpoint = deliver;
  }

  /** The endpoint's HTTP response as the callback Discord takes from it; recorded like a REST callback. */
  private httpCallback(state: InteractionState, reply: HttpDeliveryReply): void {
    if (reply.status !== 200) {
      this.httpFailed(state, new Error(`FakeDiscord: the interactions endpoint answered ${reply.status}`));
      return;
    }
    const parsed = parseBody(reply.body, reply.contentType);
    const recorded: RecordedRequest = {
      method: 'POST',
      path: `/interactions/${state.id}/${state.token}/callback`,
      query: {},
      body: parsed.ok ? parsed.body : undefined,
      files: parsed.ok ? parsed.files : [],
      headers: { 'content-type': reply.contentType ?? '', 'x-delivered-by': 'http-response' },
      status: 0,
    };
    this.requests.push(recorded);
    try {
      if (!parsed.ok) throw new ApiError(400, 50109, parsed.reason);
      recorded.status = this.interactionCallback({ params: [state.id, state.token], query: new URLSearchParams(), body: parsed.body, files: parsed.files }).status;
    } catch (error) {
      recorded.status = error instanceof ApiError ? error.status : 500;
      this.httpFailed(state, error instanceof Error ? error : new Error(String(error)));
    }
  }

  private httpFailed(state: InteractionState, error: Error): void {
    state.response.reject(error);
    state.final.reject(error);
  }

  private handleFor(state: InteractionState): InteractionHandle {
    const lookup = (messageId: string | null) => {
      const record = messageId ? this.messageStore.get(messageId) : undefined;
      return record ? clone(record.message) : undefined;
    };
    const label = `interaction ${state.name} (${state.id})`;
    return {
      id: state.id,
      token: state.token,
      payload: clone(state.payload),
      response: (timeoutMs = DEFAULT_WAIT_MS) => state.response.wait(timeoutMs, `callback for ${label}`),
      final: (timeoutMs = DEFAULT_WAIT_MS) => state.final.wait(timeoutMs, `visible answer to ${label}`),
      get original() {
        return lookup(state.originalId);
      },
      get followups() {
        return state.followupIds.map(lookup).filter((m): m is APIMessage => m !== undefined);
      },
      get callbacks() {
        return clone(state.callbacks);
      },
    };
  }

  private interactionCallback(req: RestRequest): RestReply {
    const [id, token] = req.params;
    const state = id ? this.interactions.get(id) : undefined;
    if (!state || state.token !== token) throw new ApiError(404, 10062, 'Unknown interaction');
    const callback: CallbackBody = isRecord(req.body)
      ? (clone(req.body) as unknown as CallbackBody)
      : { type: Number.NaN };
    state.callbacks.push(callback);
    if (state.accepted) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    const deadline = this.settings.interactionDeadlineMs;
    if (deadline !== null && Date.now() - state.createdAt > deadline) {
      throw new ApiError(404, 10062, 'Unknown interaction');
    }
    const allowed = ALLOWED_CALLBACKS[state.type] ?? [];
    if (!allowed.includes(callback.type)) {
      throw ApiError.invalidForm([
        { path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` },
      ]);
    }
    const data: Record<string, unknown> = isRecord(callback.data) ? callback.data : {};
    switch (callback.type) {
      case Callback.Reply: {
        this.validateMessage(callback.data, true, req.files, 'data');
        const message = this.createBotMessage(state.channelId, data, req.files, this.responseMessageExtra(state));
        state.originalId = message.id;
        state.final.resolve(message);
        break;
      }
      case Callback.DeferReply: {
        const flags = (typeof data.flags === 'number' ? data.flags : 0) & MessageFlag.Ephemeral;
        const message = this.createBotMessage(
          state.channelId,
          { flags: flags | MessageFlag.Loading },
          [],
          this.responseMessageExtra(state),
        );
        state.originalId = message.id;
        state.loading = true;
        break;
      }
      case Callback.DeferUpdate:
        state.originalId = state.sourceMessageId;
        break;
      case Callback.Update: {
        this.validateMessage(callback.data, false, req.files, 'data');
        if (!state.sourceMessageId) throw new ApiError(400, 50035, 'Invalid Form Body');
        const message = this.editMessage(state.sourceMessageId, data, req.files);
        state.originalId = message.id;
        state.final.resolve(message);
        break;
      }
      case Callback.Autocomplete: {
        const errors = checkChoices(callback.data);
        if (errors.length > 0) throw ApiError.invalidForm(errors);
        state.final.reject(new Error('FakeDiscord: an autocomplete answer is not a message; use response()'));
        break;
      }
      case Callback.Modal: {
        const errors: FieldError[] = [];
        if (typeof data.custom_id !== 'string' || data.custom_id.length === 0 || data.custom_id.length > 100) {
          errors.push({ path: 'data.custom_id', code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
        }
        if (typeof data.title !== 'string' || data.title.length === 0 || data.title.length > 45) {
          errors.push({ path: 'data.title', code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 45 in length.' });
        }
        if (errors.length > 0) throw ApiError.invalidForm(errors);
        state.final.reject(new Error('FakeDiscord: a modal is not a message; use response()'));
        break;
      }
    }
    state.accepted = callback;
    state.response.resolve(callback);
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    const original = state.originalId ? this.messageStore.get(state.originalId)?.message : undefined;
    const originalFlags = original?.flags ?? 0;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          ...(original
            ? {
                response_message_id: original.id,
                response_message_loading: (originalFlags & MessageFlag.Loading) !== 0,
                response_message_ephemeral: (originalFlags & MessageFlag.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: { type: callback.type, ...(original ? { message: clone(original) } : {}) },
      },
    };
  }

  /** Fields Discord sets on a message made by an interaction response. */
  private responseMessageExtra(state: InteractionState): Partial<APIMessage> {
    const metadata = {
      id: state.id,
      type: state.type,
      user: state.user,
      authorizing_integration_owners: clone(state.payload.authorizing_integration_owners),
      ...(state.commandType !== null ? { name: state.name, command_type: state.commandType } : {}),
    } as unknown as APIMessage['interaction_metadata'];
    const type =
      state.commandType === 1
        ? MessageType.ChatInputCommand
        : state.commandType === null
          ? MessageType.Default
          : MessageType.ContextMenuCommand;
    return {
      type,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      interaction_metadata: metadata,
    };
  }

  /** The interaction behind a webhook call, as Discord checks it: application, token, age. */
  private webhookInteraction(applicationId: string | undefined, token: string | undefined): InteractionState {
    if (applicationId !== this.applicationId) throw new ApiError(404, 10015, 'Unknown Webhook');
    const state = token ? this.interactionsByToken.get(token) : undefined;
    if (!state || Date.now() - state.createdAt > this.settings.interactionTokenTtlMs) {
      throw new ApiError(401, 50027, 'Invalid Webhook Token');
    }
    // Until the interaction is acknowledged there is no webhook to post to.
    if (!state.accepted) throw new ApiError(404, 10015, 'Unknown Webhook');
    return state;
  }

  /** `@original` or a follow-up id of this interaction. */
  private webhookMessageId(state: InteractionState, messageId: string | undefined): string {
    const id = messageId === '@original' ? state.originalId : messageId;
    const known = id !== null && id !== undefined && (id === state.originalId || state.followupIds.includes(id));
    if (!known || !this.messageStore.has(id)) throw new ApiError(404, 10008, 'Unknown Message');
    return id;
  }

  private webhookEdit(req: RestRequest): RestReply {
    const [applicationId, token, messageId] = req.params;
    const state = this.webhookInteraction(applicationId, token);
    const id = this.webhookMessageId(state, messageId);
    const body = this.validateMessage(req.body, false, req.files);
    const message = this.editMessage(id, body, req.files);
    if (id === state.originalId) {
      state.loading = false;
      // The first edit after a defer is what the member sees as the answer.
      if (!state.final.isSettled) state.final.resolve(message);
    }
    return { status: 200, body: clone(message) };
  }

  private webhookFollowup(req: RestRequest): RestReply {
    const [applicationId, token] = req.params;
    const state = this.webhookInteraction(applicationId, token);
    const body = this.validateMessage(req.body, true, req.files);
    let message: APIMessage;
    if (state.loading && state.originalId) {
      // Discord: the first follow-up after a deferred reply fills in the "thinking" message,
      // keeping the ephemerality chosen when deferring.
      message = this.editMessage(state.originalId, body, req.files);
      state.loading = false;
      if (!state.final.isSettled) state.final.resolve(message);
    } else {
      const flags =
        (typeof body.flags === 'number' ? body.flags : 0) &
        (MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications);
      message = this.createBotMessage(state.channelId, { ...body, flags }, req.files, {
        webhook_id: this.applicationId,
        application_id: this.applicationId,
      });
      // After a deferred update the follow-up is the first thing the member sees.
      if (!state.final.isSettled) state.final.resolve(message);
    }
    state.followupIds.push(message.id);
    if (req.query.get('wait') === 'false') return { status: 204 };
    return { status: 200, body: clone(message) };
  }

  // ---------------------------------------------------------------- channels and pins

  private channelForRest(channelId: string | undefined): ChannelState {
    const channel = channelId ? this.channels.get(channelId) : undefined;
    if (!channel) throw new ApiError(404, 10003, 'Unknown Channel');
    if ((channel.botPermissions & Permission.ViewChannel) === 0n) throw new ApiError(403, 50001, 'Missing Access');
    return channel;
  }

  private requireBotPermission(channel: ChannelState, ...anyOf: bigint[]): void {
    if (!anyOf.some((bit) => (channel.botPermissions & bit) !== 0n)) {
      throw new ApiError(403, 50013, 'Missing Permissions');
    }
  }

  private channelMessage(channel: ChannelState, messageId: string | undefined): MessageRecord {
    const record = messageId ? this.messageStore.get(messageId) : undefined;
    if (!record || record.ephemeral || record.channelId !== channel.id) {
      throw new ApiError(404, 10008, 'Unknown Message');
    }
    return record;
  }

  private pin(req: RestRequest): RestReply {
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

  private unpin(req: RestRequest): RestReply {
    const channel = this.channelForRest(req.params[0]);
    this.requireBotPermission(channel, Permission.PinMessages, Permission.ManageMessages);
    const record = this.channelMessage(channel, req.params[1]);
    channel.pins = channel.pins.filter((p) => p.messageId !== record.message.id);
    record.message.pinned = false;
    this.pinsChanged(channel);
    return { status: 204 };
  }

  private pinsChanged(channel: ChannelState): void {
    if (!channel.guildId) return;
    this.dispatch(
      'CHANNEL_PINS_UPDATE',
      { guild_id: channel.guildId, channel_id: channel.id, last_pin_timestamp: channel.lastPinTimestamp },
      channel.guildId,
    );
  }

  /** `GET /channels/{id}/messages/pins`: newest pin first, pages of at most 50 before a timestamp. */
  private listPins(req: RestRequest): RestReply {
    const channel = this.channelForRest(req.params[0]);
    const limitText = req.query.get('limit');
    const limit = limitText === null ? PINS_PAGE_MAX : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > PINS_PAGE_MAX) {
      throw ApiError.invalidForm([
        { path: 'limit', code: 'NUMBER_TYPE_MAX', message: `Must be between 1 and ${PINS_PAGE_MAX}.` },
      ]);
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
      message: clone(this.messageStore.get(p.messageId)?.message),
    }));
    return { status: 200, body: { items, has_more: eligible.length > limit } };
  }

  // ---------------------------------------------------------------- application commands

  private checkApplication(applicationId: string | undefined): void {
    if (applicationId !== this.applicationId) {
      throw new ApiError(403, 20012, 'You are not authorized to perform this action on this application');
    }
  }

  /** `global` or a guild id the bot is in. */
  private commandScope(applicationId: string | undefined, guildId?: string): string {
    this.checkApplication(applicationId);
    if (guildId === undefined) return 'global';
    if (!this.guilds.has(guildId)) throw new ApiError(403, 50001, 'Missing Access');
    return guildId;
  }

  private storedCommand(scope: string, body: Record<string, unknown>): StoredCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const name = String(body.name);
    return {
      ...clone(body),
      id: this.commandId(scope, type, name),
      application_id: this.applicationId,
      version: this.snowflake(),
      type,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      integration_types: body.integration_types ?? [0],
      contexts: body.contexts ?? null,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
  }

  private putCommands(req: RestRequest, guildId?: string): RestReply {
    const scope = this.commandScope(req.params[0], guildId);
    const errors = checkCommands(req.body);
    if (errors.length > 0) throw ApiError.invalidForm(errors);
    const body = req.body as Record<string, unknown>[];
    const stored = body.map((command) => this.storedCommand(scope, command));
    this.commands.set(scope, stored);
    this.lastRegistration =
      scope === 'global' ? { scope: 'global', body: clone(body) } : { scope: 'guild', guildId: scope, body: clone(body) };
    return { status: 200, body: clone(stored) };
  }

  private postCommand(req: RestRequest, guildId?: string): RestReply {
    const scope = this.commandScope(req.params[0], guildId);
    const errors = checkCommands([req.body]);
    if (errors.length > 0) throw ApiError.invalidForm(errors.map((e) => ({ ...e, path: e.path.replace(/^0\.?/, '') })));
    const command = this.storedCommand(scope, req.body as Record<string, unknown>);
    const list = this.commands.get(scope) ?? [];
    const existing = list.findIndex((c) => c.id === command.id);
    if (existing === -1) list.push(command);
    else list[existing] = command;
    this.commands.set(scope, list);
    return { status: existing === -1 ? 201 : 200, body: clone(command) };
  }

  private findCommand(scope: string, commandId: string | undefined): { list: StoredCommand[]; index: number } {
    const list = this.commands.get(scope) ?? [];
    const index = list.findIndex((c) => c.id === commandId);
    if (index === -1) throw new ApiError(404, 10063, 'Unknown application command');
    return { list, index };
  }

  // ---------------------------------------------------------------- REST

  private buildRoutes(): Route[] {
    const id = '([^/]+)';
    const route = (method: string, path: string, handle: Route['handle'], auth = true): Route => ({
      method,
      pattern: new RegExp(`^${path}$`),
      auth,
      handle,
    });
    const guildScope = (req: RestRequest) => req.params[1];
    return [
      route('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }), false),
      route('GET', '/gateway/bot', () => ({
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.settings.shards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: this.settings.maxConcurrency,
          },
        },
      })),
      route('GET', '/users/@me', () => ({ status: 200, body: this.botUser() })),
      route('GET', `/users/${id}`, (req) => ({ status: 200, body: this.userObject(req.params[0] ?? '') })),
      route('GET', '/applications/@me', () => ({ status: 200, body: this.applicationObject() })),
      route('GET', '/oauth2/applications/@me', () => ({ status: 200, body: this.applicationObject() })),

      route('PUT', `/applications/${id}/commands`, (req) => this.putCommands(req)),
      route('GET', `/applications/${id}/commands`, (req) => ({
        status: 200,
        body: clone(this.commands.get(this.commandScope(req.params[0])) ?? []),
      })),
      route('POST', `/applications/${id}/commands`, (req) => this.postCommand(req)),
      route('GET', `/applications/${id}/commands/${id}`, (req) => {
        const { list, index } = this.findCommand(this.commandScope(req.params[0]), req.params[1]);
        return { status: 200, body: clone(list[index]) };
      }),
      route('DELETE', `/applications/${id}/commands/${id}`, (req) => {
        const { list, index } = this.findCommand(this.commandScope(req.params[0]), req.params[1]);
        list.splice(index, 1);
        return { status: 204 };
      }),
      route('PUT', `/applications/${id}/guilds/${id}/commands`, (req) => this.putCommands(req, guildScope(req))),
      route('GET', `/applications/${id}/guilds/${id}/commands`, (req) => ({
        status: 200,
        body: clone(this.commands.get(this.commandScope(req.params[0], guildScope(req))) ?? []),
      })),
      route('POST', `/applications/${id}/guilds/${id}/commands`, (req) => this.postCommand(req, guildScope(req))),
      route('DELETE', `/applications/${id}/guilds/${id}/commands/${id}`, (req) => {
        const { list, index } = this.findCommand(this.commandScope(req.params[0], guildScope(req)), req.params[2]);
        list.splice(index, 1);
        return { status: 204 };
      }),

      route('POST', `/interactions/${id}/${id}/callback`, (req) => this.interactionCallback(req), false),
      route('POST', `/webhooks/${id}/${id}`, (req) => this.webhookFollowup(req), false),
      route(
        'GET',
        `/webhooks/${id}/${id}/messages/${id}`,
        (req) => {
          const state = this.webhookInteraction(req.params[0], req.params[1]);
          const messageId = this.webhookMessageId(state, req.params[2]);
          return { status: 200, body: clone(this.messageStore.get(messageId)?.message) };
        },
        false,
      ),
      route('PATCH', `/webhooks/${id}/${id}/messages/${id}`, (req) => this.webhookEdit(req), false),
      route(
        'DELETE',
        `/webhooks/${id}/${id}/messages/${id}`,
        (req) => {
          const state = this.webhookInteraction(req.params[0], req.params[1]);
          this.deleteMessage(this.webhookMessageId(state, req.params[2]));
          return { status: 204 };
        },
        false,
      ),

      route('GET', `/guilds/${id}`, (req) => ({ status: 200, body: this.guildPayload(this.guildForRest(req), false) })),
      route('GET', `/guilds/${id}/channels`, (req) => ({
        status: 200,
        body: this.guildForRest(req).channelIds.map((c) => this.channelPayload(this.channelOf(c))),
      })),
      route('GET', `/guilds/${id}/roles`, (req) => ({ status: 200, body: this.rolesOf(this.guildForRest(req)) })),
      route('GET', `/guilds/${id}/members/${id}`, (req) => {
        const guild = this.guildForRest(req);
        const userId = req.params[1] === '@me' ? this.botUserId : (req.params[1] ?? '');
        const roles = userId === this.botUserId ? [guild.botRoleId] : [];
        return { status: 200, body: this.memberObject(userId, roles, guild.joinedAt) };
      }),

      route('GET', `/channels/${id}`, (req) => ({ status: 200, body: this.channelPayload(this.channelForRest(req.params[0])) })),
      route('GET', `/channels/${id}/messages/pins`, (req) => this.listPins(req)),
      route('PUT', `/channels/${id}/messages/pins/${id}`, (req) => this.pin(req)),
      route('DELETE', `/channels/${id}/messages/pins/${id}`, (req) => this.unpin(req)),
      route('GET', `/channels/${id}/pins`, (req) => {
        // The pre-2025 route: an array of at most 50 pinned messages, newest pin first.
        const channel = this.channelForRest(req.params[0]);
        const messages = channel.pins.slice(0, PINS_PAGE_MAX).map((p) => this.messageStore.get(p.messageId)?.message);
        return { status: 200, body: clone(messages) };
      }),
      route('PUT', `/channels/${id}/pins/${id}`, (req) => this.pin(req)),
      route('DELETE', `/channels/${id}/pins/${id}`, (req) => this.unpin(req)),
      route('POST', `/channels/${id}/messages`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        this.requireBotPermission(channel, Permission.SendMessages);
        const body = this.validateMessage(req.body, true, req.files);
        const flags = (typeof body.flags === 'number' ? body.flags : 0) & ~MessageFlag.Ephemeral;
        const message = this.createBotMessage(channel.id, { ...body, flags }, req.files, {});
        return { status: 200, body: clone(message) };
      }),
      route('GET', `/channels/${id}/messages`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        if ((channel.botPermissions & Permission.ReadMessageHistory) === 0n) return { status: 200, body: [] };
        const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50) || 50, 1), 100);
        const newestFirst = [...channel.messageIds].reverse().slice(0, limit);
        return { status: 200, body: newestFirst.map((m) => clone(this.messageStore.get(m)?.message)) };
      }),
      route('GET', `/channels/${id}/messages/${id}`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        this.requireBotPermission(channel, Permission.ReadMessageHistory);
        return { status: 200, body: clone(this.channelMessage(channel, req.params[1]).message) };
      }),
      route('PATCH', `/channels/${id}/messages/${id}`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        const record = this.channelMessage(channel, req.params[1]);
        if (record.message.author.id !== this.botUserId) {
          throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
        }
        const body = this.validateMessage(req.body, false, req.files);
        return { status: 200, body: clone(this.editMessage(record.message.id, body, req.files)) };
      }),
      route('DELETE', `/channels/${id}/messages/${id}`, (req) => {
        const channel = this.channelForRest(req.params[0]);
        const record = this.channelMessage(channel, req.params[1]);
        if (record.message.author.id !== this.botUserId) this.requireBotPermission(channel, Permission.ManageMessages);
        this.deleteMessage(record.message.id);
        return { status: 204 };
      }),
    ];
  }

  private guildForRest(req: RestRequest): GuildState {
    const guild = req.params[0] ? this.guilds.get(req.params[0]) : undefined;
    if (!guild) throw new ApiError(404, 10004, 'Unknown Guild');
    return guild;
  }

  private applicationObject(): Record<string, unknown> {
    return {
      id: this.applicationId,
      name: 'story-bot',
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: 0,
      bot: this.botUser(),
      owner: this.userObject(DEFAULT_MEMBER_ID),
      team: null,
      approximate_guild_count: this.guilds.size,
      redirect_uris: [],
      interactions_endpoint_url: null,
    };
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // discord.js encodes `@original` as `%40original`; tests read and match the decoded path.
    const pathname = url.pathname.split('/').map(safeDecode).join('/');
    const versioned = pathname.startsWith(`${API_PREFIX}/`);
    const path = versioned ? pathname.slice(API_PREFIX.length) : pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name !== 'authorization' && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recorded: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      files: [],
      headers,
      status: 0,
    };
    this.requests.push(recorded);
    let reply: RestReply;
    try {
      const parsed = parseBody(await readRaw(req), req.headers['content-type']);
      if (parsed.ok) {
        recorded.body = parsed.body;
        recorded.files = parsed.files;
      }
      reply = this.fault(method, path) ?? this.route(method, path, versioned, req.headers.authorization, url, parsed);
    } catch (error) {
      reply =
        error instanceof ApiError
          ? { status: error.status, body: { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) } }
          : { status: 500, body: { message: `FakeDiscord: ${String(error)}`, code: 0 } };
    }
    recorded.status = reply.status;
    const body = reply.body === undefined || reply.status === 204 ? undefined : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    });
    res.end(body);
  }

  private route(
    method: string,
    path: string,
    versioned: boolean,
    authorization: string | undefined,
    url: URL,
    parsed: ReturnType<typeof parseBody>,
  ): RestReply {
    const notFound = { status: 404, body: { message: '404: Not Found', code: 0 } };
    if (!versioned) return notFound;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.auth && authorization !== `Bot ${this.currentToken}`) {
        return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      }
      if (!parsed.ok) throw new ApiError(400, 50109, parsed.reason);
      return route.handle({
        params: match.slice(1),
        query: url.searchParams,
        body: parsed.body,
        files: parsed.files,
      });
    }
    return notFound;
  }

  private fault(method: string, path: string): RestReply | undefined {
    const index = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path.test(path));
    if (index === -1) return undefined;
    const fault = this.faults[index] as (typeof this.faults)[number];
    fault.left--;
    if (fault.left <= 0) this.faults.splice(index, 1);
    const { status, body, retryAfterSeconds } = fault.response;
    if (status === 429) {
      const retryAfter = retryAfterSeconds ?? 0.05;
      return {
        status,
        body: body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-scope': 'user',
        },
      };
    }
    return { status, body: body ?? { message: `${status}: FakeDiscord fault`, code: 0 } };
  }

  // ---------------------------------------------------------------- gateway

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.counters.connections++;
    const connection: Connection = { socket, session: null, serverCloseCode: undefined };
    this.connections.add(connection);
    socket.on('message', (data, isBinary) => this.onGatewayMessage(connection, data, isBinary));
    socket.on('close', (code) => this.onGatewayClose(connection, code));
    // A reset socket reports here and then closes; the close handler does the bookkeeping.
    socket.on('error', () => {});
    const params = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams;
    if (params.get('v') !== '10') {
      this.closeConnection(connection, 4012, 'Invalid API version.');
      return;
    }
    if ((params.get('encoding') ?? 'json') !== 'json') {
      this.closeConnection(connection, 4002, 'Error while decoding payload.');
      return;
    }
    this.send(connection, { op: Op.Hello, d: { heartbeat_interval: this.settings.heartbeatIntervalMs }, s: null, t: null });
  }

  private send(connection: Connection, payload: GatewayPayload): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(payload));
  }

  private closeConnection(connection: Connection, code: number, reason: string): void {
    connection.serverCloseCode = code;
    if (SESSION_ENDING_CLOSE_CODES.has(code) && connection.session) connection.session.resumable = false;
    connection.socket.close(code, reason);
  }

  private onGatewayClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    const session = connection.session;
    if (!session) return;
    if (session.connection === connection) session.connection = null;
    // A client that closes with 1000/1001 ends its session; any other close leaves it resumable.
    const ended =
      connection.serverCloseCode !== undefined
        ? SESSION_ENDING_CLOSE_CODES.has(connection.serverCloseCode)
        : code === 1000 || code === 1001;
    if (ended) session.resumable = false;
  }

  private onGatewayMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.closeConnection(connection, 4002, 'Error while decoding payload.');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(data.toString());
    } catch {
      this.closeConnection(connection, 4002, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') {
      this.closeConnection(connection, 4002, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case Op.Heartbeat:
        if (this.heartbeatAcks) this.send(connection, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        this.identify(connection, payload.d);
        return;
      case Op.Resume:
        this.resume(connection, payload.d);
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (!connection.session) this.closeConnection(connection, 4003, 'Not authenticated.');
        return;
      default:
        this.closeConnection(connection, 4001, 'Unknown opcode.');
    }
  }

  /** What IDENTIFY and RESUME both check first; closes the connection as Discord does when it fails. */
  private authenticates(connection: Connection, d: unknown): d is Record<string, unknown> {
    if (connection.session) {
      this.closeConnection(connection, 4005, 'Already authenticated.');
      return false;
    }
    if (!isRecord(d) || !this.tokenMatches(d.token)) {
      this.closeConnection(connection, 4004, 'Authentication failed.');
      return false;
    }
    return true;
  }

  private identify(connection: Connection, d: unknown): void {
    if (!this.authenticates(connection, d)) return;
    if (typeof d.intents !== 'number') {
      this.closeConnection(connection, 4013, 'Invalid intent(s).');
      return;
    }
    const [shardId, shardCount] = Array.isArray(d.shard) ? d.shard : [0, 1];
    if (
      !Number.isInteger(shardId) ||
      !Number.isInteger(shardCount) ||
      shardCount < 1 ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      this.closeConnection(connection, 4010, 'Invalid shard.');
      return;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      intents: d.intents,
      seq: 0,
      events: [],
      connection,
      resumable: true,
    };
    const key = `${shardId}/${shardCount}`;
    const previous = this.currentSessions.get(key);
    if (previous) previous.resumable = false;
    this.currentSessions.set(key, session);
    this.sessions.set(session.id, session);
    connection.session = session;
    this.counters.identifies++;
    const guilds = [...this.guilds.values()].filter((g) => this.shardOf(g.id, shardCount) === shardId);
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: this.botUser(),
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      application: { id: this.applicationId, flags: 0 },
      shard: [shardId, shardCount],
      _trace: ['["fake-discord"]'],
    });
    for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', this.guildPayload(guild, true));
    this.notifyReady();
  }

  private resume(connection: Connection, d: unknown): void {
    if (!this.authenticates(connection, d)) return;
    const session = this.sessions.get(String(d.session_id));
    if (!session?.resumable) {
      this.send(connection, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (seq > session.seq) {
      this.closeConnection(connection, 4007, 'Invalid seq.');
      return;
    }
    const stale = session.connection;
    if (stale && stale !== connection) {
      stale.session = null;
      stale.socket.close(4000, 'Session resumed elsewhere');
    }
    session.connection = connection;
    connection.session = session;
    this.counters.resumes++;
    for (const event of session.events) if ((event.s ?? 0) > seq) this.send(connection, event);
    this.dispatchTo(session, 'RESUMED', { _trace: ['["fake-discord"]'] });
    this.notifyReady();
  }

  private dispatchTo(session: Session, event: string, data: unknown): void {
    session.seq++;
    const payload: GatewayPayload = { op: Op.Dispatch, t: event, s: session.seq, d: clone(data) };
    session.events.push(payload);
    if (session.connection) this.send(session.connection, payload);
  }

  /** Discord's shard formula: (guild_id >> 22) % shard_count. */
  private shardOf(guildId: string, shardCount: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
  }

  private liveSessions(): Session[] {
    return [...this.currentSessions.values()].filter((s) => s.resumable);
  }

  /** Sessions that receive events of a guild (DMs: shard 0), connected or waiting to resume. */
  private sessionsFor(guildId: string | null): Session[] {
    return this.liveSessions().filter((s) =>
      guildId === null ? s.shardId === 0 : this.shardOf(guildId, s.shardCount) === s.shardId,
    );
  }

  private isReady(): boolean {
    const connected = this.liveSessions().filter((s) => s.connection !== null);
    const counts = new Set(connected.map((s) => s.shardCount));
    for (const count of counts) {
      const ids = new Set(connected.filter((s) => s.shardCount === count).map((s) => s.shardId));
      if (ids.size === count) return true;
    }
    return false;
  }

  private notifyReady(): void {
    if (!this.isReady()) return;
    for (const waiter of this.readyWaiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.readyWaiters.clear();
  }
}
