import { DefaultRestOptions, type RawFile, type REST, type ResponseLike } from '@discordjs/rest';
import {
  type APIInteraction,
  Client,
  ClientApplication,
  Events,
  type Interaction,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Options,
  Routes,
} from 'discord.js';
import type { HttpConfig } from '../config.js';
import { noteChannelType } from '../bot/channel-kind.js';
import type { CommandContext } from '../bot/command.js';
import { type Brakes, createInteractionHandler, type InteractionHandler } from '../bot/dispatch.js';
import type { Logger } from '../bot/logger.js';
import type { Registry } from '../bot/registry.js';
import { NO_MENTIONS, renderNotice, replyOptions } from '../bot/reply.js';
import type { StoryEngine } from '../engine/api.js';
import type { Store } from '../store/types.js';

/**
 * The same command modules, registry and dispatcher as the gateway bot, fed by HTTP POSTs.
 *
 * How: a discord.js `Client` that never logs in (no gateway; its REST client has the bot token)
 * turns each verified payload into the very interaction object the gateway bot gets, through
 * discord.js's own InteractionCreate action (what the gateway's INTERACTION_CREATE packet handler
 * calls). The handlers answer it as always; every REST call goes through @discordjs/rest (same
 * queues, same rate-limit handling), whose documented `makeRequest` transport option is the one
 * place this file steps in: the initial callback of an interaction that arrived over HTTP
 * (`POST /interactions/{id}/{token}/callback`, made by reply, deferReply, update, deferUpdate,
 * respond and showModal) is not sent to Discord but becomes the HTTP response. Edits of
 * `@original`, follow-ups, pins and everything else go to Discord over REST unchanged.
 *
 * With no gateway there is no channel cache, so `interaction.channel` is null: the handlers use
 * the payload's ids and permissions, and whether the channel is a thread (for Send Messages in
 * Threads rather than Send Messages) is noted from the payload's channel type (channel-kind.ts),
 * as the gateway bot does.
 *
 * Discord wants that HTTP response within 3 s. A handler that has not answered after
 * `DEFER_AFTER_MS` gets a deferral sent for it (ephemeral "thinking…"; autocomplete, which cannot be
 * deferred, gets no suggestions); its late answer then edits that message over REST instead.
 */

/** When the bridge defers on a handler's behalf: leaves half a second for the response to reach Discord. */
export const DEFER_AFTER_MS = 2_500;

/** What a handler that ends without answering (an interaction no command handles) is told. */
export const UNSUPPORTED_TEXT = 'I can’t do anything with that here. See `/help` for what I can do.';

/** The HTTP response for one interaction: a JSON body, or multipart when the answer has files. */
export interface HttpReply {
  status: number;
  contentType: string;
  body: string | Buffer;
}

const CALLBACK_PATH = /\/interactions\/(\d+)\/([^/]+)\/callback$/;

interface Open {
  readonly applicationId: string;
  readonly token: string;
  /** Set once the HTTP response is decided; later callbacks become REST edits. */
  answered: boolean;
  readonly respond: (reply: HttpReply) => void;
}

function json(status: number, body: unknown): HttpReply {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

/** A message callback's body and files, from what @discordjs/rest would have sent: JSON text, or FormData with `payload_json`. */
async function decodeCallback(body: unknown): Promise<{ payload: { type: number; data?: Record<string, unknown> }; files: RawFile[] }> {
  if (typeof body === 'string') return { payload: JSON.parse(body), files: [] };
  if (body instanceof FormData) {
    let payload: { type: number; data?: Record<string, unknown> } = { type: Number.NaN };
    const files: RawFile[] = [];
    for (const [key, value] of body.entries()) {
      if (key === 'payload_json' && typeof value === 'string') payload = JSON.parse(value);
      else if (typeof value !== 'string')
        files.push({ key, name: value.name, data: Buffer.from(await value.arrayBuffer()), contentType: value.type });
    }
    return { payload, files };
  }
  throw new TypeError('an interaction callback without a body');
}

/** The callback as an HTTP response body: JSON as it was, FormData serialized as multipart (boundary and all). */
async function encodeReply(body: unknown): Promise<HttpReply> {
  if (typeof body === 'string') return { status: 200, contentType: 'application/json', body };
  const multipart = new Response(body as FormData);
  return {
    status: 200,
    contentType: multipart.headers.get('content-type') ?? 'multipart/form-data',
    body: Buffer.from(await multipart.arrayBuffer()),
  };
}

/** What @discordjs/rest gets back for a callback answered over HTTP: Discord's own 204. */
const noContent = (): ResponseLike => new Response(null, { status: 204 });

export interface HttpInteractionsOptions {
  config: HttpConfig;
  logger: Logger;
  getEngine: () => StoryEngine;
  registry: Registry;
  brakes: Brakes;
  /** The insights store, as the gateway bot has it (undefined with INSIGHTS=off). */
  store?: Store | undefined;
  /** Default `DEFER_AFTER_MS`. */
  deferAfterMs?: number;
}

export interface HttpInteractions {
  readonly client: Client;
  readonly handler: InteractionHandler;
  /** Answers one verified, parsed interaction (not PING): resolves with the HTTP response to send. */
  answer(payload: APIInteraction): Promise<HttpReply>;
  /** Stops taking new work (new interactions get "busy") and waits for those in flight. */
  drain(timeoutMs: number): Promise<boolean>;
  destroy(): Promise<void>;
}

/** What Discord gets when nothing answered: no suggestions, or a short ephemeral notice. */
function fallback(type: number): HttpReply {
  if (type === InteractionType.ApplicationCommandAutocomplete) {
    return json(200, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
  }
  const message = replyOptions(renderNotice(UNSUPPORTED_TEXT), { ephemeral: true });
  return json(200, {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: message.content, flags: MessageFlags.Ephemeral, allowed_mentions: NO_MENTIONS },
  });
}

/** The deferral sent for a late handler (autocomplete cannot be deferred: no suggestions). */
function deferral(type: number): HttpReply {
  if (type === InteractionType.ApplicationCommandAutocomplete) return fallback(type);
  // Ephemeral: a deferral cannot know whether the answer was meant for everyone, and an answer
  // meant only for the asker must never become public.
  return json(200, { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
}

/**
 * The REST transport: a callback of an interaction in `open` becomes its HTTP response (or, once
 * the bridge has deferred, an edit of the deferred message); every other request goes to Discord.
 */
function callbackTransport(open: ReadonlyMap<string, Open>, rest: () => REST, logger: Logger) {
  const makeRequestDefault = DefaultRestOptions.makeRequest;
  return async (url: string, init: Parameters<typeof makeRequestDefault>[1]): Promise<ResponseLike> => {
    const match = init.method === 'POST' ? CALLBACK_PATH.exec(new URL(url).pathname) : null;
    const entry = match?.[1] ? open.get(match[1]) : undefined;
    if (!entry || entry.token !== match?.[2]) return makeRequestDefault(url, init);
    if (!entry.answered) {
      entry.answered = true;
      entry.respond(await encodeReply(init.body));
      return noContent();
    }
    // The bridge already deferred for this handler: its answer becomes the deferred message.
    const { payload, files } = await decodeCallback(init.body);
    if (payload.type === InteractionResponseType.ChannelMessageWithSource || payload.type === InteractionResponseType.UpdateMessage) {
      const data = { ...payload.data };
      // An edit cannot change who sees the message: the deferral decided that.
      delete data.flags;
      await rest().patch(Routes.webhookMessage(entry.applicationId, entry.token), { body: data, files, auth: false });
    } else {
      logger.debug({ type: payload.type }, 'a late deferral or autocomplete answer after the bridge answered: dropped');
    }
    return noContent();
  };
}

/** A discord.js client that never logs in: REST with the bot token through `transport`, no caches to grow. */
function restOnlyClient(config: HttpConfig, logger: Logger, transport: ReturnType<typeof callbackTransport>): Client {
  const client = new Client({
    // No gateway connection: intents only shape what a gateway would send.
    intents: [],
    allowedMentions: { ...NO_MENTIONS, repliedUser: false },
    // Every request stands alone: nothing is read back from a cache, so nothing is kept in one.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: 0,
      GuildMemberManager: 0,
      MessageManager: 0,
      EntitlementManager: 0,
    }),
    rest: { api: config.DISCORD_API_URL, makeRequest: transport },
  });
  client.rest.setToken(config.DISCORD_TOKEN);
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited by Discord'),
  );
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  return client;
}

/** discord.js's own construction of an interaction from its payload: the action the gateway's INTERACTION_CREATE handler calls. */
function interactionBuilder(client: Client): (payload: APIInteraction) => Interaction | undefined {
  let received: Interaction | undefined;
  client.on(Events.InteractionCreate, (interaction) => {
    received = interaction;
  });
  return (payload) => {
    // What the gateway's READY would have set: interactions read their entitlements through it.
    if (!client.application) {
      // (Its constructor is marked internal in the typings; READY calls it with the same data.)
      const Application = ClientApplication as unknown as new (client: Client, data: { id: string }) => ClientApplication;
      (client as { application: ClientApplication | null }).application = new Application(client, { id: payload.application_id });
    }
    received = undefined;
    (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(payload);
    const interaction = received;
    received = undefined;
    return interaction;
  };
}

export function createHttpInteractions(options: HttpInteractionsOptions): HttpInteractions {
  const { config, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const open = new Map<string, Open>();
  const client: Client = restOnlyClient(
    config,
    logger,
    callbackTransport(open, () => client.rest, logger),
  );
  const build = interactionBuilder(client);
  const ctx: CommandContext = {
    get engine() {
      return options.getEngine();
    },
    logger,
    config,
    store: options.store,
  };
  const handler = createInteractionHandler(options.registry, ctx, options.brakes);

  /** Runs the handler; resolves with the first of: its callback, the deferral after `deferAfterMs`, the fallback. */
  function run(interaction: Interaction, payload: APIInteraction): Promise<HttpReply> {
    return new Promise<HttpReply>((respond) => {
      const entry: Open = { applicationId: payload.application_id, token: payload.token, answered: false, respond };
      open.set(payload.id, entry);
      const timer = setTimeout(() => {
        if (entry.answered) return;
        entry.answered = true;
        logger.info({ interaction: payload.id, afterMs: deferAfterMs }, 'no answer yet: deferred on the handler’s behalf');
        respond(deferral(payload.type));
      }, deferAfterMs);
      void handler(interaction).finally(() => {
        clearTimeout(timer);
        open.delete(payload.id);
        if (!entry.answered) {
          entry.answered = true;
          respond(fallback(payload.type));
        }
      });
    });
  }

  return {
    client,
    handler,
    async answer(payload) {
      let interaction: Interaction | undefined;
      try {
        interaction = build(payload);
        // No channel cache here: a thread is known by the payload's channel type (channel-kind.ts).
        if (interaction) noteChannelType(interaction, payload);
      } catch (err) {
        // Signed, so Discord's, but of a shape this discord.js cannot read (a field it relies on is missing).
        logger.warn({ err, interaction: payload.id, type: payload.type }, 'could not read a signed interaction');
        return json(400, { error: 'unsupported interaction' });
      }
      return interaction ? run(interaction, payload) : fallback(payload.type);
    },
    drain: (timeoutMs) => handler.drain(timeoutMs),
    destroy: () => client.destroy(),
  };
}
