/**
 * The gateway of the local Discord: the v10 JSON WebSocket protocol (HELLO, heartbeats, IDENTIFY,
 * RESUME with replay, Discord's close codes), sessions per shard, and dispatching events to the
 * shard that holds a guild.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { clone, DEFAULT_WAIT_MS, isRecord } from './protocol.js';
import type { DiscordState } from './state.js';
import type { GatewayStats } from './types.js';

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
export const Intent = { GuildMessages: 1 << 9, DirectMessages: 1 << 12 } as const;
/** Close codes after which Discord will not resume the session. */
const SESSION_ENDING_CLOSE_CODES = new Set([1000, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

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

export interface Session {
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

/** Discord's shard formula: (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class Gateway {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  /** The latest session of each shard, keyed `id/count`. */
  private readonly currentSessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  private readonly readyWaiters = new Set<{ resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly counters: GatewayStats = { identifies: 0, resumes: 0, connections: 0 };
  private heartbeatAcks = true;

  constructor(
    private readonly discord: DiscordState,
    server: Server,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req));
  }

  /** Resolves once every shard identified and got READY plus its GUILD_CREATEs. */
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

  /** Sends any dispatch event to the shard(s) holding `guildId` (every current session when omitted). */
  dispatch(event: string, data: unknown, guildId?: string): void {
    const targets = guildId === undefined ? this.liveSessions() : this.sessionsFor(guildId);
    for (const session of targets) this.dispatchTo(session, event, data);
  }

  /** Closes every gateway socket with this code. */
  closeGateway(code: number): void {
    for (const connection of this.connections) this.closeConnection(connection, code, 'FakeDiscord: closed by test');
  }

  /** Terminates every gateway socket without a close frame; sessions stay resumable. */
  dropGateway(): void {
    for (const connection of this.connections) connection.socket.terminate();
  }

  setHeartbeatAcks(on: boolean): void {
    this.heartbeatAcks = on;
  }

  stats(): GatewayStats {
    return { ...this.counters };
  }

  /** Fails every `waitForReady` still waiting. */
  rejectWaiters(error: Error): void {
    for (const waiter of this.readyWaiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.readyWaiters.clear();
  }

  /** Terminates every socket and closes the WebSocket server. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

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
    this.send(connection, { op: Op.Hello, d: { heartbeat_interval: this.discord.settings.heartbeatIntervalMs }, s: null, t: null });
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
    if (!isRecord(d) || !this.discord.tokenMatches(d.token)) {
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
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
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
    const guilds = [...this.discord.guilds.values()].filter((g) => shardOf(g.id, shardCount) === shardId);
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: this.discord.botUser(),
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.discord.gatewayUrl,
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      application: { id: this.discord.applicationId, flags: 0 },
      shard: [shardId, shardCount],
      _trace: ['["fake-discord"]'],
    });
    for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', this.discord.guildPayload(guild, true));
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

  dispatchTo(session: Session, event: string, data: unknown): void {
    session.seq++;
    const payload: GatewayPayload = { op: Op.Dispatch, t: event, s: session.seq, d: clone(data) };
    session.events.push(payload);
    if (session.connection) this.send(session.connection, payload);
  }

  liveSessions(): Session[] {
    return [...this.currentSessions.values()].filter((s) => s.resumable);
  }

  /** Sessions that receive events of a guild (DMs: shard 0), connected or waiting to resume. */
  sessionsFor(guildId: string | null): Session[] {
    return this.liveSessions().filter((s) => (guildId === null ? s.shardId === 0 : shardOf(guildId, s.shardCount) === s.shardId));
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
