/**
 * Interactions in the local Discord: building INTERACTION_CREATE payloads for commands, autocomplete,
 * buttons and context menus, delivering them to the right shard, and checking the bot's callback
 * the way Discord does (one callback, the 3 s deadline, allowed callback types, message and choice
 * limits) before storing the message the member sees.
 */
import { randomBytes } from 'node:crypto';
import type { APIMessage, APIUser } from 'discord.js';
import { checkChoices, type FieldError } from '../discord-limits.js';
import type { Gateway } from './gateway.js';
import { Latch } from './latch.js';
import type { Messages } from './messages.js';
import {
  ApiError,
  clone,
  DEFAULT_WAIT_MS,
  ID as id,
  isRecord,
  InteractionType,
  MessageFlag,
  MessageType,
  type RestReply,
  type RestRequest,
  type Route,
  route,
} from './protocol.js';
import type { DiscordState } from './state.js';
import {
  type CallbackBody,
  DEFAULT_MEMBER_ID,
  DEFAULT_MEMBER_PERMISSIONS,
  type InteractionContext,
  type InteractionHandle,
  type OptionInput,
} from './types.js';

const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

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
  [InteractionType.MessageComponent]: [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update, Callback.Modal],
  [InteractionType.Autocomplete]: [Callback.Autocomplete],
  [InteractionType.ModalSubmit]: [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update],
};

export interface InteractionState {
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

function inferOptionType(option: OptionInput): number {
  if (option.options !== undefined) return 1;
  if (typeof option.value === 'boolean') return 5;
  if (typeof option.value === 'number') return Number.isInteger(option.value) ? 4 : 10;
  return 3;
}

export function toApiOption(option: OptionInput): Record<string, unknown> {
  const type = option.type ?? inferOptionType(option);
  if (type === 1 || type === 2) {
    return { name: option.name, type, options: (option.options ?? []).map(toApiOption) };
  }
  // Discord sends what the member has typed so far as a string, whatever the option's type.
  if (option.focused) return { name: option.name, type, value: String(option.value ?? ''), focused: true };
  return { name: option.name, type, value: option.value };
}

export function hasFocused(options: OptionInput[]): boolean {
  return options.some((o) => o.focused === true || hasFocused(o.options ?? []));
}

export class Interactions {
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();

  constructor(
    private readonly discord: DiscordState,
    private readonly gateway: Gateway,
    private readonly messages: Messages,
  ) {}

  /**
   * How interactions reach the bot: over the gateway (undefined, the default) or by another route
   * (an HTTP interactions endpoint: see http-delivery.ts).
   */
  delivery: ((state: InteractionState) => void) | undefined;

  /** The interaction a webhook token belongs to. */
  byToken(token: string): InteractionState | undefined {
    return this.interactionsByToken.get(token);
  }

  /** Fails every pending `response()` and `final()` (the fake is stopping). */
  abandon(error: Error): void {
    for (const state of this.interactions.values()) {
      state.response.abandon(error);
      state.final.abandon(error);
    }
  }

  /** `POST /interactions/{id}/{token}/callback`. */
  routes(): Route[] {
    return [route('POST', `/interactions/${id}/${id}/callback`, (req) => this.interactionCallback(req), false)];
  }

  resolveContext(ctx: InteractionContext): { channelId: string; guildId: string | null } {
    if (ctx.dm) return { channelId: this.dmChannelFor(ctx.userId ?? DEFAULT_MEMBER_ID), guildId: null };
    if (ctx.channelId) {
      const channel = this.discord.channelOf(ctx.channelId);
      return { channelId: channel.id, guildId: channel.guildId };
    }
    const guildId = ctx.guildId ?? this.discord.guildId;
    const guild = this.discord.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return { channelId: guild.channelIds[0] as string, guildId };
  }

  dmChannelFor(userId: string): string {
    for (const channel of this.discord.channels.values()) {
      if (channel.guildId === null && channel.recipientId === userId) return channel.id;
    }
    const id = this.discord.snowflake();
    this.discord.channels.set(id, { ...this.discord.newChannelState(id, null, 'dm'), recipientId: userId });
    return id;
  }

  createInteraction(
    type: number,
    commandType: number | null,
    name: string,
    data: Record<string, unknown>,
    ctx: InteractionContext,
    extra: Record<string, unknown>,
    sourceMessageId: string | null = null,
  ): InteractionHandle {
    if (this.discord.stopped) throw new Error('FakeDiscord: stopped');
    const { channelId, guildId } = this.resolveContext(ctx);
    const channel = this.discord.channelOf(channelId);
    const userId = ctx.userId ?? DEFAULT_MEMBER_ID;
    const user = this.discord.userObject(userId);
    const memberPermissions = ctx.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS;
    const appPermissions = ctx.appPermissions ?? channel.botPermissions;
    const id = this.discord.snowflake();
    const token = `aW50ZXJhY3Rpb246${randomBytes(90).toString('base64url')}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: this.discord.applicationId,
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
      const guild = this.discord.guilds.get(guildId);
      payload.guild_id = guildId;
      payload.guild = { id: guildId, locale: 'en-US', features: [] };
      payload.guild_locale = 'en-US';
      payload.channel = { ...this.discord.channelPayload(channel), permissions: memberPermissions.toString() };
      payload.member = {
        ...this.discord.memberObject(userId, [], guild?.joinedAt ?? new Date().toISOString()),
        permissions: memberPermissions.toString(),
      };
      payload.authorizing_integration_owners = { '0': guildId };
      payload.context = 0;
    } else {
      payload.channel = this.discord.channelPayload(channel);
      payload.user = user;
      payload.authorizing_integration_owners = { '0': '0' };
      payload.context = 1;
    }
    const targets = this.gateway.sessionsFor(guildId);
    const target = targets.find((s) => s.connection !== null) ?? targets[0];
    if (!target && !this.delivery) {
      throw new Error('FakeDiscord: no gateway session to deliver the interaction to; log the client in and await waitForReady() first');
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
    if (this.delivery) this.delivery(state);
    else if (target) this.gateway.dispatchTo(target, 'INTERACTION_CREATE', payload);
    return this.handleFor(state);
  }

  handleFor(state: InteractionState): InteractionHandle {
    const lookup = (messageId: string | null) => {
      const record = messageId ? this.discord.messageStore.get(messageId) : undefined;
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

  interactionCallback(req: RestRequest): RestReply {
    const [id, token] = req.params;
    const state = id ? this.interactions.get(id) : undefined;
    if (!state || state.token !== token) throw new ApiError(404, 10062, 'Unknown interaction');
    const callback: CallbackBody = isRecord(req.body) ? (clone(req.body) as unknown as CallbackBody) : { type: Number.NaN };
    state.callbacks.push(callback);
    if (state.accepted) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    const deadline = this.discord.settings.interactionDeadlineMs;
    if (deadline !== null && Date.now() - state.createdAt > deadline) {
      throw new ApiError(404, 10062, 'Unknown interaction');
    }
    const allowed = ALLOWED_CALLBACKS[state.type] ?? [];
    if (!allowed.includes(callback.type)) {
      throw ApiError.invalidForm([{ path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` }]);
    }
    const data: Record<string, unknown> = isRecord(callback.data) ? callback.data : {};
    switch (callback.type) {
      case Callback.Reply: {
        this.messages.validateMessage(callback.data, true, req.files, 'data');
        const message = this.messages.createBotMessage(state.channelId, data, req.files, this.responseMessageExtra(state));
        state.originalId = message.id;
        state.final.resolve(message);
        break;
      }
      case Callback.DeferReply: {
        const flags = (typeof data.flags === 'number' ? data.flags : 0) & MessageFlag.Ephemeral;
        const message = this.messages.createBotMessage(
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
        this.messages.validateMessage(callback.data, false, req.files, 'data');
        if (!state.sourceMessageId) throw new ApiError(400, 50035, 'Invalid Form Body');
        const message = this.messages.editMessage(state.sourceMessageId, data, req.files);
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
    const original = state.originalId ? this.discord.messageStore.get(state.originalId)?.message : undefined;
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
  responseMessageExtra(state: InteractionState): Partial<APIMessage> {
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
      webhook_id: this.discord.applicationId,
      application_id: this.discord.applicationId,
      interaction_metadata: metadata,
    };
  }
}
