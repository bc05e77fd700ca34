/**
 * Interactions delivered the way Discord delivers them to an HTTP interactions endpoint: POSTed
 * (signed, see http-endpoint.ts) to the bot's URL, the HTTP response taken as the interaction's
 * callback, with the same checks as a callback sent over REST (one callback, the 3 s deadline,
 * allowed types, message limits), and recorded among the requests like one.
 */
import { parseBody } from '../http-body.js';
import type { Interactions, InteractionState } from './interactions.js';
import { ApiError } from './protocol.js';
import type { RecordedRequest } from './types.js';

/** The HTTP response of a bot's interactions endpoint to one delivered interaction. */
export interface HttpDeliveryReply {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** Sends one interaction payload to a bot's interactions endpoint. */
export type InteractionDelivery = (payload: Record<string, unknown>) => Promise<HttpDeliveryReply>;

/** Header set on the recorded callbacks that came back as HTTP responses. */
export const DELIVERED_BY = 'x-delivered-by';

function fail(state: InteractionState, error: Error): void {
  state.response.reject(error);
  state.final.reject(error);
}

/** POSTs the interaction with `deliver`, then takes the response as its callback. */
export function deliverOverHttp(
  state: InteractionState,
  deliver: InteractionDelivery,
  interactions: Interactions,
  requests: RecordedRequest[],
): void {
  void deliver(structuredClone(state.payload)).then(
    (reply) => {
      if (reply.status !== 200) {
        fail(state, new Error(`FakeDiscord: the interactions endpoint answered ${reply.status}`));
        return;
      }
      const parsed = parseBody(reply.body, reply.contentType);
      const recorded: RecordedRequest = {
        method: 'POST',
        path: `/interactions/${state.id}/${state.token}/callback`,
        query: {},
        body: parsed.ok ? parsed.body : undefined,
        files: parsed.ok ? parsed.files : [],
        headers: { 'content-type': reply.contentType ?? '', [DELIVERED_BY]: 'http-response' },
        status: 0,
      };
      requests.push(recorded);
      try {
        if (!parsed.ok) throw new ApiError(400, 50109, parsed.reason);
        const request = { params: [state.id, state.token], query: new URLSearchParams(), body: parsed.body, files: parsed.files };
        recorded.status = interactions.interactionCallback(request).status;
      } catch (error) {
        recorded.status = error instanceof ApiError ? error.status : 500;
        fail(state, error instanceof Error ? error : new Error(String(error)));
      }
    },
    (error: unknown) => fail(state, error instanceof Error ? error : new Error(String(error))),
  );
}
