/**
 * The REST side of the local Discord: the HTTP server's request handling under `/api/v10` (bot
 * token check, body parsing, recording every call, injected faults such as 429 with Retry-After)
 * and the routing table, which takes its routes from the parts that own them. The gateway, user,
 * application and guild routes live here.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readRaw } from '../http-body.js';
import { API_PREFIX, ApiError, ID as id, type RestReply, type RestRequest, type Route, route, safeDecode } from './protocol.js';
import type { DiscordState, GuildState } from './state.js';
import { DEFAULT_MEMBER_ID, type FaultResponse, type RecordedRequest } from './types.js';

export class Rest {
  /** Every REST call, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly faults: { method: string | undefined; path: RegExp; response: FaultResponse; left: number }[] = [];
  private readonly routes: Route[];

  /** `owned` are the routes of commands, interactions, webhooks and channels, in that order. */
  constructor(
    private readonly discord: DiscordState,
    owned: { commands: Route[]; interactions: Route[]; webhooks: Route[]; channels: Route[] },
  ) {
    this.routes = [
      ...this.baseRoutes(),
      ...owned.commands,
      ...owned.interactions,
      ...owned.webhooks,
      ...this.guildRoutes(),
      ...owned.channels,
    ];
  }

  /** Answers the next `times` REST calls matching `match` with `response` instead of handling them. */
  failNext(match: { method?: string; path: RegExp }, response: FaultResponse, times = 1): void {
    this.faults.push({ method: match.method?.toUpperCase(), path: match.path, response, left: times });
  }

  private baseRoutes(): Route[] {
    return [
      route('GET', '/gateway', () => ({ status: 200, body: { url: this.discord.gatewayUrl } }), false),
      route('GET', '/gateway/bot', () => ({
        status: 200,
        body: {
          url: this.discord.gatewayUrl,
          shards: this.discord.settings.shards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: this.discord.settings.maxConcurrency,
          },
        },
      })),
      route('GET', '/users/@me', () => ({ status: 200, body: this.discord.botUser() })),
      route('GET', `/users/${id}`, (req) => ({ status: 200, body: this.discord.userObject(req.params[0] ?? '') })),
      route('GET', '/applications/@me', () => ({ status: 200, body: this.applicationObject() })),
      route('GET', '/oauth2/applications/@me', () => ({ status: 200, body: this.applicationObject() })),
    ];
  }

  private guildRoutes(): Route[] {
    return [
      route('GET', `/guilds/${id}`, (req) => ({ status: 200, body: this.discord.guildPayload(this.guildForRest(req), false) })),
      route('GET', `/guilds/${id}/channels`, (req) => ({
        status: 200,
        body: this.guildForRest(req).channelIds.map((c) => this.discord.channelPayload(this.discord.channelOf(c))),
      })),
      route('GET', `/guilds/${id}/roles`, (req) => ({ status: 200, body: this.discord.rolesOf(this.guildForRest(req)) })),
      route('GET', `/guilds/${id}/members/${id}`, (req) => {
        const guild = this.guildForRest(req);
        const userId = req.params[1] === '@me' ? this.discord.botUserId : (req.params[1] ?? '');
        const roles = userId === this.discord.botUserId ? [guild.botRoleId] : [];
        return { status: 200, body: this.discord.memberObject(userId, roles, guild.joinedAt) };
      }),
    ];
  }

  private guildForRest(req: RestRequest): GuildState {
    const guild = req.params[0] ? this.discord.guilds.get(req.params[0]) : undefined;
    if (!guild) throw new ApiError(404, 10004, 'Unknown Guild');
    return guild;
  }

  private applicationObject(): Record<string, unknown> {
    return {
      id: this.discord.applicationId,
      name: 'story-bot',
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: 0,
      bot: this.discord.botUser(),
      owner: this.discord.userObject(DEFAULT_MEMBER_ID),
      team: null,
      approximate_guild_count: this.discord.guilds.size,
      redirect_uris: [],
      interactions_endpoint_url: null,
    };
  }

  async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      if (route.auth && authorization !== `Bot ${this.discord.currentToken}`) {
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
}
