import { describe, expect, it } from 'vitest';
import { Latch } from './latch.js';

describe('Latch', () => {
  it('gives every waiter, early or late, a copy of the first value only', async () => {
    const latch = new Latch<{ n: number }>();
    const early = latch.wait(1_000, 'value');
    const value = { n: 1 };
    latch.resolve(value);
    latch.resolve({ n: 2 });
    latch.reject(new Error('too late'));
    value.n = 3;
    expect(latch.isSettled).toBe(true);
    await expect(early).resolves.toEqual({ n: 1 });
    const late = await latch.wait(1_000, 'value');
    expect(late).toEqual({ n: 1 });
    late.n = 4;
    await expect(latch.wait(1_000, 'value')).resolves.toEqual({ n: 1 });
  });

  it('times a waiter out with what it waited for, and passes a rejection on', async () => {
    const latch = new Latch<number>();
    await expect(latch.wait(10, 'callback for ask')).rejects.toThrow('FakeDiscord: no callback for ask within 10 ms');
    expect(latch.isSettled).toBe(false);
    latch.reject(new Error('not a message'));
    await expect(latch.wait(10, 'answer')).rejects.toThrow('not a message');
  });

  it('abandon fails the waiters without settling, so a later value still arrives', async () => {
    const latch = new Latch<number>();
    const waiting = latch.wait(1_000, 'value');
    latch.abandon(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(latch.isSettled).toBe(false);
    latch.resolve(7);
    await expect(latch.wait(10, 'value')).resolves.toBe(7);
  });
});
