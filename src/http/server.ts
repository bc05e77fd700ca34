import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { APIInteraction } from 'discord.js';
import Fastify, { LogController } from 'fastify';
import type { Logger } from '../bot/logger.js';
import type { HttpInteractions } from './interactions.js';
import { checkSignature } from './signature.js';

/**
 * The HTTP endpoint Discord POSTs interactions to, plus the balancer's health routes. It faces the
 * internet, so every request is treated as hostile until its signature checks out: the body is
 * kept as raw bytes (no parser runs on it), checked against the Ed25519 signature, and only then
 * parsed as JSON. Size and time are bounded before any of that.
 */

/** The route to give Discord as the Interactions Endpoint URL (after the https://host). */
export const INTERACTIONS_PATH = '/interactions';
/**
 * The largest body accepted (413 past it). Discord's biggest interactions carry a resolved
 * message (message context menus, buttons): at most 4,000 characters of text, 10 embeds of 6,000
 * characters in all and their components, some tens of kilobytes of JSON.
 */
export const MAX_BODY_BYTES = 256 * 1024;
/** A client gets this long to send its whole request (408 after), whatever it does meanwhile. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A socket with no traffic at all for this long is closed. */
export const IDLE_TIMEOUT_MS = 30_000;
/** Longer than the usual balancer's idle timeout (60 s), so the balancer, not this server, closes idle connections. */
export const KEEP_ALIVE_MS = 72_000;
/** How often Node looks for requests past their time (its default, 30 s, would let a slow client stay 40 s). */
const TIMEOUT_CHECK_MS = 1_000;

/** Interaction types Discord POSTs (2 command, 3 component, 4 autocomplete, 5 modal submit); 1 is PING. */
const HANDLED_TYPES = new Set([2, 3, 4, 5]);
const SNOWFLAKE = /^\d{1,20}$/;

/** Just enough shape that discord.js can build an interaction from it; the rest is Discord's (it signed it). */
function isInteraction(value: unknown): value is APIInteraction {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === 'number' &&
    HANDLED_TYPES.has(v.type) &&
    typeof v.id === 'string' &&
    SNOWFLAKE.test(v.id) &&
    typeof v.application_id === 'string' &&
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.data === 'object' &&
    v.data !== null &&
    (typeof v.member === 'object' || typeof v.user === 'object')
  );
}

export interface ServerOptions {
  logger: Logger;
  publicKey: KeyObject;
  interactions: HttpInteractions;
  /** True while this process should get traffic: stories indexed, not shutting down. */
  isReady: () => boolean;
}

export function buildServer(options: ServerOptions) {
  const { logger, publicKey, interactions } = options;
  const app = Fastify({
    loggerInstance: logger,
    // One line per interaction comes from the dispatcher; a line per HTTP request would double it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    // Node's own server with its timeouts: the whole request (headers and body) within REQUEST_TIMEOUT_MS, else 408.
    serverFactory: (handler) => {
      const server = createServer(
        { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
        handler,
      );
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      server.timeout = IDLE_TIMEOUT_MS;
      return server;
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  // The raw bytes are what Discord signed: no parser may run on them before the check.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.debug({ code: err.code, status }, 'bad request');
    // Fastify's own 4xx messages (too large, bad content length…) say nothing secret; a 500's does not leave the process.
    void reply.code(status).send({ error: status >= 500 ? 'internal error' : err.message });
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ error: 'not found' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (options.isReady()) return { status: 'ready' };
    return reply.code(503).send({ status: 'not ready' });
  });

  app.post(INTERACTIONS_PATH, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const check = checkSignature(publicKey, request.headers['x-signature-ed25519'], request.headers['x-signature-timestamp'], raw);
    if (!check.ok) {
      request.log.debug({ reason: check.reason }, 'interaction refused: signature');
      return reply.code(401).send({ error: 'invalid request signature' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ error: 'the body is not JSON' });
    }
    if (typeof payload === 'object' && payload !== null && (payload as { type?: unknown }).type === 1) {
      return { type: 1 };
    }
    if (!isInteraction(payload)) {
      request.log.warn(
        { type: (payload as { type?: unknown } | null)?.type },
        'signed interaction of a type or shape this endpoint does not handle',
      );
      return reply.code(400).send({ error: 'unsupported interaction' });
    }
    const answer = await interactions.answer(payload);
    return reply.code(answer.status).type(answer.contentType).send(answer.body);
  });

  return app;
}
