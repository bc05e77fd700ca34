/**
 * Answers take turns with the rest of the process. Work that is released all at once — a batch of question vectors
 * from the encoder thread, or the interactions a burst of REST responses hands their turns to — would otherwise run
 * its answers back to back in one turn of the event loop, and everything else the process holds (heartbeats, other
 * members' acknowledgements) would wait for all of them. Here an answer goes on at once while the current slice of
 * the loop's time is short; past `SLICE_MS`, it waits for a later turn of the loop (`setImmediate`), in arrival
 * order, and each later turn runs another slice of the waiting answers.
 *
 * A lone question (the CLI, one interaction) never waits: the first answers of a slice go on synchronously.
 */

/**
 * Answers computed back to back before the loop gets a turn: well under the 50 ms stall target, with room for what
 * each answer sets off in the same turn (rendering the reply, its REST call) and for the I/O the loop handles
 * between slices.
 */
export const SLICE_MS = 5;

export class Turns {
  /** `performance.now()` when the current slice began; negative when none is running. */
  private sliceStart = -1;
  /** Those waiting for a turn, oldest first. */
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly sliceMs = SLICE_MS) {}

  /**
   * undefined: go on now (the slice has room and nobody waits); otherwise a promise that resolves on a later turn of
   * the event loop. Taking a turn never throws.
   */
  take(): Promise<void> | undefined {
    const now = performance.now();
    if (this.sliceStart < 0) this.begin(now);
    if (this.waiting.length === 0 && now - this.sliceStart < this.sliceMs) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Those waiting now (for tests and figures). */
  get queued(): number {
    return this.waiting.length;
  }

  /** A slice begins; it ends at the loop's next check phase, where the waiting get the next one. */
  private begin(now: number): void {
    this.sliceStart = now;
    setImmediate(() => this.nextTurn());
  }

  private nextTurn(): void {
    this.sliceStart = -1;
    if (this.waiting.length === 0) return;
    this.begin(performance.now());
    this.release();
  }

  /**
   * Lets the oldest waiting answer go on, and after it has run (a microtask later) the next, while the slice has
   * room: the rest wait for the next turn.
   */
  private release(): void {
    this.waiting.shift()?.();
    queueMicrotask(() => {
      if (this.waiting.length > 0 && performance.now() - this.sliceStart < this.sliceMs) this.release();
    });
  }
}

/** One per process (per thread): the event loop they share is one. */
export const answerTurns = new Turns();
