/**
 * Under `npm start` and `npm run start:sharded`, npm's script `exec`s node, so the signals npm
 * passes on (SIGTERM, SIGINT) reach the bot. Should npm itself die without passing one on
 * (SIGKILL, a crash), the bot would be left connected under PID 1; a shard whose manager died
 * likewise. A parent that is gone is a request to stop.
 */

/** How often the parent is looked at: a second is well within an operator's patience. */
export const PARENT_CHECK_MS = 1_000;

/**
 * Calls `stop` once the process that started this one has gone. Only when a parent's lifetime
 * means something: started by npm (npm sets npm_lifecycle_event) or as a shard (an IPC channel).
 */
export function stopWhenOrphaned(stop: () => void): void {
  if (process.env.npm_lifecycle_event === undefined && process.send === undefined) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, PARENT_CHECK_MS);
  timer.unref();
}
