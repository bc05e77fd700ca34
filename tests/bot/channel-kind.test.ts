import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { inThread, noteChannelType, PendingChannelTypes } from '../../src/bot/channel-kind.js';

/** An interaction as far as channel-kind reads it: an id, and the channel discord.js found in its cache (or null). */
const interaction = (id: string, cached: { type: number } | null = null) => ({ id, channel: cached }) as unknown as Interaction;

describe('inThread', () => {
  it.each([
    [10, true],
    [11, true],
    [12, true],
    [0, false],
    [5, false],
    [1, false],
  ])('reads channel type %i from the payload: thread %s', (type, thread) => {
    const i = interaction('1');
    noteChannelType(i, { channel: { type } });
    expect(inThread(i)).toBe(thread);
  });

  it('prefers the payload to the cache, falls back on the cache, and says no when neither knows', () => {
    const stale = interaction('1', { type: 0 });
    noteChannelType(stale, { channel: { type: 12 } });
    expect(inThread(stale)).toBe(true);
    expect(inThread(interaction('2', { type: 11 }))).toBe(true);
    const unknown = interaction('3');
    noteChannelType(unknown, { channel: { type: 'eleven' } });
    noteChannelType(unknown, {});
    expect(inThread(unknown)).toBe(false);
  });
});

describe('PendingChannelTypes (the gateway side)', () => {
  it('pairs a payload with its interaction by id, once', () => {
    const pending = new PendingChannelTypes();
    pending.add({ id: '7', channel: { type: 11 } });
    const first = interaction('7');
    pending.take(first);
    expect(inThread(first)).toBe(true);
    const again = interaction('7');
    pending.take(again);
    expect(inThread(again)).toBe(false);
  });

  it('keeps at most `limit` unpaired payloads, dropping the oldest', () => {
    const pending = new PendingChannelTypes(2);
    for (const id of ['1', '2', '3']) pending.add({ id, channel: { type: 11 } });
    pending.add({ channel: { type: 11 } });
    const [one, two, three] = ['1', '2', '3'].map((id) => interaction(id));
    for (const i of [one, two, three]) pending.take(i as Interaction);
    expect([one, two, three].map((i) => inThread(i as Interaction))).toEqual([false, true, true]);
  });
});
