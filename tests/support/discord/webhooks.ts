/**
 * The interaction webhook of the local Discord (`/webhooks/{application}/{token}`): follow-ups and
 * edits of `@original`, refused the way Discord refuses them (wrong application, expired token,
 * not yet acknowledged, a message of another interaction).
 */
import type { APIMessage } from 'discord.js';
import type { InteractionState, Interactions } from './interactions.js';
import type { Messages } from './messages.js';
import { ApiError, clone, ID as id, MessageFlag, type RestReply, type RestRequest, type Route, route } from './protocol.js';
import type { DiscordState } from './state.js';

export class Webhooks {
  constructor(
    private readonly discord: DiscordState,
    private readonly interactions: Interactions,
    private readonly messages: Messages,
  ) {}

  routes(): Route[] {
    return [
      route('POST', `/webhooks/${id}/${id}`, (req) => this.webhookFollowup(req), false),
      route(
        'GET',
        `/webhooks/${id}/${id}/messages/${id}`,
        (req) => {
          const state = this.webhookInteraction(req.params[0], req.params[1]);
          const messageId = this.webhookMessageId(state, req.params[2]);
          return { status: 200, body: clone(this.discord.messageStore.get(messageId)?.message) };
        },
        false,
      ),
      route('PATCH', `/webhooks/${id}/${id}/messages/${id}`, (req) => this.webhookEdit(req), false),
      route(
        'DELETE',
        `/webhooks/${id}/${id}/messages/${id}`,
        (req) => {
          const state = this.webhookInteraction(req.params[0], req.params[1]);
          this.messages.deleteMessage(this.webhookMessageId(state, req.params[2]));
          return { status: 204 };
        },
        false,
      ),
    ];
  }

  /** The interaction behind a webhook call, as Discord checks it: application, token, age. */
  webhookInteraction(applicationId: string | undefined, token: string | undefined): InteractionState {
    if (applicationId !== this.discord.applicationId) throw new ApiError(404, 10015, 'Unknown Webhook');
    const state = token ? this.interactions.byToken(token) : undefined;
    if (!state || Date.now() - state.createdAt > this.discord.settings.interactionTokenTtlMs) {
      throw new ApiError(401, 50027, 'Invalid Webhook Token');
    }
    // Until the interaction is acknowledged there is no webhook to post to.
    if (!state.accepted) throw new ApiError(404, 10015, 'Unknown Webhook');
    return state;
  }

  /** `@original` or a follow-up id of this interaction. */
  webhookMessageId(state: InteractionState, messageId: string | undefined): string {
    const id = messageId === '@original' ? state.originalId : messageId;
    const known = id !== null && id !== undefined && (id === state.originalId || state.followupIds.includes(id));
    if (!known || !this.discord.messageStore.has(id)) throw new ApiError(404, 10008, 'Unknown Message');
    return id;
  }

  webhookEdit(req: RestRequest): RestReply {
    const [applicationId, token, messageId] = req.params;
    const state = this.webhookInteraction(applicationId, token);
    const id = this.webhookMessageId(state, messageId);
    const body = this.messages.validateMessage(req.body, false, req.files);
    const message = this.messages.editMessage(id, body, req.files);
    if (id === state.originalId) {
      state.loading = false;
      // The first edit after a defer is what the member sees as the answer.
      if (!state.final.isSettled) state.final.resolve(message);
    }
    return { status: 200, body: clone(message) };
  }

  webhookFollowup(req: RestRequest): RestReply {
    const [applicationId, token] = req.params;
    const state = this.webhookInteraction(applicationId, token);
    const body = this.messages.validateMessage(req.body, true, req.files);
    let message: APIMessage;
    if (state.loading && state.originalId) {
      // Discord: the first follow-up after a deferred reply fills in the "thinking" message,
      // keeping the ephemerality chosen when deferring.
      message = this.messages.editMessage(state.originalId, body, req.files);
      state.loading = false;
      if (!state.final.isSettled) state.final.resolve(message);
    } else {
      const flags =
        (typeof body.flags === 'number' ? body.flags : 0) &
        (MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications);
      message = this.messages.createBotMessage(state.channelId, { ...body, flags }, req.files, {
        webhook_id: this.discord.applicationId,
        application_id: this.discord.applicationId,
      });
      // After a deferred update the follow-up is the first thing the member sees.
      if (!state.final.isSettled) state.final.resolve(message);
    }
    state.followupIds.push(message.id);
    if (req.query.get('wait') === 'false') return { status: 204 };
    return { status: 200, body: clone(message) };
  }
}
