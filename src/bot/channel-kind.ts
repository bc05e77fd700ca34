import { ChannelType, type Interaction } from 'discord.js';

/**
 * Whether an interaction came from a thread, read from the interaction's own payload.
 *
 * It matters for permissions: in a thread the bot posts with **Send Messages in Threads**, not
 * Send Messages, and a server may grant one without the other. discord.js keeps only the channel's
 * id on the interaction and finds the channel itself in its cache, which the HTTP endpoint does not
 * have (no gateway) and the gateway bot lacks for a thread it was never told about (a private
 * thread it is not in). Every interaction payload carries `channel.type`, so each path notes it
 * as the payload arrives (`noteChannelType`) and the checks read it here.
 */

/** Discord's thread channel types: announcement (10), public (11) and private (12) threads. */
const THREAD_TYPES: ReadonlySet<number> = new Set([ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread]);

const channelTypes = new WeakMap<Interaction, number>();

/** The part of an interaction payload read here. */
export interface ChannelOfPayload {
  channel?: { type?: unknown } | null | undefined;
}

/** Notes the channel type the interaction's payload gave, for `inThread`. */
export function noteChannelType(interaction: Interaction, payload: ChannelOfPayload): void {
  const type = payload.channel?.type;
  if (typeof type === 'number') channelTypes.set(interaction, type);
}

/** True when the interaction was used in a thread: by its payload's channel type, else by the cached channel. */
export function inThread(interaction: Interaction): boolean {
  const type = channelTypes.get(interaction) ?? interaction.channel?.type;
  return type !== undefined && THREAD_TYPES.has(type);
}

/**
 * The gateway side: discord.js emits each raw INTERACTION_CREATE on `client.ws` before it builds
 * the interaction (later, if the session is not ready yet), so the payloads wait here by id until
 * `take` pairs them with their interaction. Bounded: an interaction discord.js drops unbuilt
 * (a component in a channel that is not text-based) leaves at most `limit` entries behind.
 */
export class PendingChannelTypes {
  private readonly byId = new Map<string, ChannelOfPayload>();

  constructor(private readonly limit = 1_000) {}

  add(payload: ChannelOfPayload & { id?: unknown }): void {
    if (typeof payload.id !== 'string') return;
    this.byId.set(payload.id, { channel: payload.channel });
    if (this.byId.size > this.limit) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
  }

  /** Notes the channel type of `interaction` from its payload, if it was seen. */
  take(interaction: Interaction): void {
    const payload = this.byId.get(interaction.id);
    if (!payload) return;
    this.byId.delete(interaction.id);
    noteChannelType(interaction, payload);
  }
}
