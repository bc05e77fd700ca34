import { describe, expect, it } from 'vitest';
import { DISCORD_EPOCH } from './protocol.js';
import { DiscordState } from './state.js';
import { DEFAULT_BOT_PERMISSIONS, Permission } from './types.js';

describe('DiscordState', () => {
  it('refuses a guild or shard count below one', () => {
    expect(() => new DiscordState(1, { guildCount: 0 })).toThrow('guildCount must be ≥ 1');
    expect(() => new DiscordState(1, { shards: 1.5 })).toThrow('shards must be ≥ 1');
  });

  it('gives each guild one text channel and derives the URLs from the port', () => {
    const state = new DiscordState(4321, { guildCount: 3 });
    expect(state.apiUrl).toBe('http://127.0.0.1:4321/api');
    expect(state.gatewayUrl).toBe('ws://127.0.0.1:4321');
    expect(state.guildIds).toHaveLength(3);
    expect(new Set([...state.guildIds, ...state.channelIds, state.botUserId, state.applicationId]).size).toBe(8);
    state.guildIds.forEach((id, i) => {
      expect(state.guilds.get(id)?.channelIds).toEqual([state.channelIds[i]]);
      expect(state.channelOf(state.channelIds[i] as string).guildId).toBe(id);
    });
    expect(() => state.channelOf('1')).toThrow('unknown channel 1');
  });

  it('makes snowflakes that only grow and carry the current time', () => {
    const state = new DiscordState(1, {});
    const ids = Array.from({ length: 5_000 }, () => BigInt(state.snowflake()));
    for (let i = 1; i < ids.length; i++) expect(ids[i] as bigint).toBeGreaterThan(ids[i - 1] as bigint);
    const ms = Number(((ids[0] as bigint) >> 22n) + DISCORD_EPOCH);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });

  it('accepts its token bare or as `Bot …`, and only that token', () => {
    const state = new DiscordState(1, {});
    const [userPart] = state.currentToken.split('.');
    expect(Buffer.from(userPart as string, 'base64').toString()).toBe(state.botUserId);
    expect(state.tokenMatches(state.currentToken)).toBe(true);
    expect(state.tokenMatches(`Bot ${state.currentToken}`)).toBe(true);
    expect(state.tokenMatches(`${state.currentToken}x`)).toBe(false);
    expect(state.tokenMatches(undefined)).toBe(false);
  });

  it("overwrites the bot's channel permissions only when they differ from its role's", () => {
    const state = new DiscordState(1, {});
    const channel = state.channelOf(state.channelId);
    expect(state.channelPayload(channel).permission_overwrites).toEqual([]);
    channel.botPermissions = DEFAULT_BOT_PERMISSIONS & ~Permission.PinMessages;
    const [overwrite] = state.channelPayload(channel).permission_overwrites as Record<string, string>[];
    expect(overwrite).toMatchObject({ id: state.botUserId, type: 1, allow: channel.botPermissions.toString() });
    expect(BigInt(overwrite?.deny ?? '0') & Permission.PinMessages).toBe(Permission.PinMessages);
  });
});
