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
 * `FakeDiscord` is the facade tests use; the parts it stands in for live beside it: `state.ts`
 * (ids, guilds, channels, Discord objects), `rest.ts` (HTTP and routing), `gateway.ts`
 * (WebSocket), `interactions.ts` and `webhooks.ts`, `messages.ts`, `channels.ts`, `commands.ts`.
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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIMessage } from 'discord.js';
import { Channels } from './channels.js';
import { Commands } from './commands.js';
import { Gateway } from './gateway.js';
import { deliverOverHttp, type InteractionDelivery } from './http-delivery.js';
import { hasFocused, Interactions, toApiOption } from './interactions.js';
import { Messages } from './messages.js';
import { clone, DEFAULT_WAIT_MS, InteractionType, MessageType } from './protocol.js';
import { Rest } from './rest.js';
import { DiscordState } from './state.js';
import {
  DEFAULT_MEMBER_ID,
  type FakeDiscordOptions,
  type FaultResponse,
  type GatewayStats,
  type InteractionContext,
  type InteractionHandle,
  type OptionInput,
  type RecordedRequest,
  type StoredMessage,
} from './types.js';
import { Webhooks } from './webhooks.js';

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
  readonly requests: RecordedRequest[];

  private readonly discord: DiscordState;
  private readonly gateway: Gateway;
  private readonly messaging: Messages;
  private readonly interactions: Interactions;
  private readonly commands: Commands;
  private readonly channels: Channels;
  private readonly rest: Rest;

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
    const { port } = server.address() as AddressInfo;
    const discord = new DiscordState(port, options);
    this.discord = discord;
    this.apiUrl = discord.apiUrl;
    this.gatewayUrl = discord.gatewayUrl;
    this.applicationId = discord.applicationId;
    this.botUserId = discord.botUserId;
    this.guildIds = discord.guildIds;
    this.channelIds = discord.channelIds;
    this.guildId = discord.guildId;
    this.channelId = discord.channelId;

    this.gateway = new Gateway(discord, server);
    this.messaging = new Messages(discord, this.gateway);
    this.commands = new Commands(discord);
    this.interactions = new Interactions(discord, this.gateway, this.messaging);
    this.channels = new Channels(discord, this.messaging, this.gateway);
    const webhooks = new Webhooks(discord, this.interactions, this.messaging);
    this.rest = new Rest(discord, {
      commands: this.commands.routes(),
      interactions: this.interactions.routes(),
      webhooks: webhooks.routes(),
      channels: this.channels.routes(),
    });
    this.requests = this.rest.requests;
    server.on('request', (req, res) => {
      void this.rest.handleHttp(req, res);
    });
  }

  /** The only bot token the fake accepts (REST `Authorization: Bot …` and IDENTIFY/RESUME). */
  get token(): string {
    return this.discord.currentToken;
  }

  /** Resolves once every shard identified and got READY plus its GUILD_CREATEs (default 5000 ms). */
  waitForReady(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.gateway.waitForReady(timeoutMs);
  }

  /**
   * Delivers interactions by POSTing them with `deliver` (to a bot's HTTP interactions endpoint,
   * signed: see http-endpoint.ts) instead of over the gateway; undefined goes back to the gateway.
   * The endpoint's HTTP response is the interaction's callback.
   */
  setInteractionEndpoint(deliver: InteractionDelivery | undefined): void {
    this.interactions.delivery = deliver ? (state) => deliverOverHttp(state, deliver, this.interactions, this.requests) : undefined;
  }

  /** Sends a CHAT_INPUT command (interaction type 2, data.type 1). */
  sendCommand(name: string, options: OptionInput[] = [], ctx: InteractionContext = {}): InteractionHandle {
    const where = this.interactions.resolveContext(ctx);
    const data: Record<string, unknown> = { ...this.commands.commandRef(name, 1, where.guildId), name, type: 1 };
    if (options.length > 0) data.options = options.map(toApiOption);
    return this.interactions.createInteraction(InteractionType.ApplicationCommand, 1, name, data, ctx, {});
  }

  /** Sends an autocomplete interaction (type 4); mark the option being typed with `focused: true`. */
  sendAutocomplete(name: string, options: OptionInput[], ctx: InteractionContext = {}): InteractionHandle {
    if (!hasFocused(options)) throw new Error('FakeDiscord: sendAutocomplete needs one option with focused: true');
    const where = this.interactions.resolveContext(ctx);
    const data = { ...this.commands.commandRef(name, 1, where.guildId), name, type: 1, options: options.map(toApiOption) };
    return this.interactions.createInteraction(InteractionType.Autocomplete, 1, name, data, ctx, {});
  }

  /** A click on a button (type 3, component_type 2) under `message` (e.g. one the bot posted). */
  sendButton(customId: string, message: StoredMessage, ctx: InteractionContext = {}): InteractionHandle {
    const record = this.discord.messageStore.get(message.id) ?? this.messaging.adoptMessage(message);
    const data = { custom_id: customId, component_type: 2 };
    return this.interactions.createInteraction(
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
  sendMessageCommand(name: string, target: { content: string; authorId?: string }, ctx: InteractionContext = {}): InteractionHandle {
    const where = this.interactions.resolveContext(ctx);
    const author = this.discord.userObject(target.authorId ?? ctx.userId ?? DEFAULT_MEMBER_ID);
    const message = this.messaging.storeMessage(where.channelId, false, {
      author,
      content: target.content,
      type: MessageType.Default,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    });
    const data = {
      ...this.commands.commandRef(name, 3, where.guildId),
      name,
      type: 3,
      target_id: message.id,
      resolved: { messages: { [message.id]: clone(message) } },
    };
    return this.interactions.createInteraction(InteractionType.ApplicationCommand, 3, name, data, ctx, {});
  }

  /** Sends any dispatch event to the shard(s) holding `guildId` (every current session when omitted). */
  dispatch(event: string, data: unknown, guildId?: string): void {
    this.gateway.dispatch(event, data, guildId);
  }

  /** Adds a text channel to a guild (default `guildId`) and tells the client (CHANNEL_CREATE). */
  addChannel(guildId: string = this.guildId, name = 'more-news'): string {
    const guild = this.discord.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    const id = this.discord.snowflake();
    this.discord.channels.set(id, this.discord.newChannelState(id, guildId, name));
    guild.channelIds.push(id);
    this.dispatch('CHANNEL_CREATE', this.discord.channelPayload(this.discord.channelOf(id)), guildId);
    return id;
  }

  /**
   * Opens a thread in a text channel (default `channelId`) with the bot's `permissions` in it (its
   * parent's, as Discord works them out for a thread). A public or announcement thread is announced
   * to the client (THREAD_CREATE); a private one is not, as Discord tells a bot only of private
   * threads it is in, so the bot knows it only from the interactions used in it.
   */
  addThread(options: { parentId?: string; type?: 10 | 11 | 12; name?: string; permissions?: bigint } = {}): string {
    const parent = this.discord.channelOf(options.parentId ?? this.channelId);
    if (!parent.guildId || parent.thread) throw new Error('FakeDiscord: a thread opens in a server text channel');
    const id = this.discord.snowflake();
    const type = options.type ?? 11;
    const channel = this.discord.newChannelState(id, parent.guildId, options.name ?? 'a-thread');
    this.discord.channels.set(id, {
      ...channel,
      thread: { type, parentId: parent.id },
      botPermissions: options.permissions ?? parent.botPermissions,
    });
    if (type !== 12)
      this.dispatch('THREAD_CREATE', { ...this.discord.channelPayload(this.discord.channelOf(id)), newly_created: true }, parent.guildId);
    return id;
  }

  /**
   * Every message the bot has in a channel (default `channelId`): channel posts and non-ephemeral
   * interaction replies and follow-ups, oldest first, as currently stored.
   */
  messages(channelId: string = this.channelId): StoredMessage[] {
    const channel = this.discord.channelOf(channelId);
    return channel.messageIds
      .map((id) => this.discord.messageStore.get(id)?.message)
      .filter((m): m is APIMessage => m !== undefined && m.author.id === this.botUserId)
      .map(clone);
  }

  /** Ids of the pinned messages of a channel (default `channelId`), most recent pin first. */
  pins(channelId: string = this.channelId): string[] {
    return this.discord.channelOf(channelId).pins.map((p) => p.messageId);
  }

  /** Replaces a channel's pins (e.g. 250 ids to reach the limit); unknown ids become stored messages. */
  setPins(channelId: string, ids: string[]): void {
    this.channels.setPins(channelId, ids);
  }

  /**
   * Sets the bot's permissions in a channel: enforced on channel REST calls (403 50013), reported
   * as `app_permissions`, and sent to the client as a CHANNEL_UPDATE overwrite.
   */
  setBotPermissions(channelId: string, permissions: bigint): void {
    const channel = this.discord.channelOf(channelId);
    channel.botPermissions = permissions;
    // A thread has no overwrites of its own to update: interactions in it carry the permissions.
    if (channel.guildId && !channel.thread) this.dispatch('CHANNEL_UPDATE', this.discord.channelPayload(channel), channel.guildId);
  }

  /** The latest bulk command registration (PUT), or undefined if none. */
  registeredCommands(): { scope: 'global' | 'guild'; guildId?: string; body: unknown[] } | undefined {
    return this.commands.lastRegistration && clone(this.commands.lastRegistration);
  }

  /** Closes every gateway socket with this code (4000: the client resumes; 4004, 4014: fatal). */
  closeGateway(code: number): void {
    this.gateway.closeGateway(code);
  }

  /** Terminates every gateway socket without a close frame; sessions stay resumable. */
  dropGateway(): void {
    this.gateway.dropGateway();
  }

  /** Stops (false) or resumes (true) answering heartbeats with op 11. */
  setHeartbeatAcks(on: boolean): void {
    this.gateway.setHeartbeatAcks(on);
  }

  /**
   * Answers the next `times` (default 1) REST calls matching `match` with `response` instead of
   * handling them. `path` is tested against the path after `/api/v10`. A 429 carries
   * `Retry-After` and `{message, retry_after, global: false}`.
   */
  failNext(match: { method?: string; path: RegExp }, response: FaultResponse, times = 1): void {
    this.rest.failNext(match, response, times);
  }

  /** Replaces the token, as a reset in the developer portal does: the old one gets 401 and 4004. */
  revokeToken(): string {
    this.discord.currentToken = this.discord.newToken();
    this.closeGateway(4004);
    return this.discord.currentToken;
  }

  stats(): GatewayStats {
    return this.gateway.stats();
  }

  /** Closes every socket, server and timer. */
  async stop(): Promise<void> {
    if (this.discord.stopped) return;
    this.discord.stopped = true;
    const stopped = new Error('FakeDiscord: stopped');
    this.gateway.rejectWaiters(stopped);
    this.interactions.abandon(stopped);
    await this.gateway.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // discord.js keeps REST connections alive; without this, close() would wait for them.
    this.server.closeAllConnections();
    await closed;
  }
}
