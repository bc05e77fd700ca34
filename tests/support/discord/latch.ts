/** A value that arrives once; waiters time out instead of hanging a test. */
export class Latch<T> {
  private settled: { ok: true; value: T } | { ok: false; error: Error } | undefined;
  private readonly waiters = new Set<{
    resolve: (value: T) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  }>();

  get isSettled(): boolean {
    return this.settled !== undefined;
  }

  resolve(value: T): void {
    this.settle({ ok: true, value: structuredClone(value) });
  }

  reject(error: Error): void {
    this.settle({ ok: false, error });
  }

  wait(timeoutMs: number, what: string): Promise<T> {
    const settled = this.settled;
    if (settled) return settled.ok ? Promise.resolve(structuredClone(settled.value)) : Promise.reject(settled.error);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`FakeDiscord: no ${what} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Fails every pending waiter (the fake is stopping) without settling the value. */
  abandon(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }

  private settle(result: { ok: true; value: T } | { ok: false; error: Error }): void {
    if (this.settled) return;
    this.settled = result;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      if (result.ok) waiter.resolve(structuredClone(result.value));
      else waiter.reject(result.error);
    }
    this.waiters.clear();
  }
}
