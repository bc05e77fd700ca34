/**
 * Remembering the results of pure lookups that repeat (stems, WordNet relatives, corrections),
 * within a bound: past it the table starts again, so memory stays flat however long the bot runs.
 */
export function remembered<K, V>(lookup: (key: K) => V, max: number): (key: K) => V {
  const table = new Map<K, V>();
  return (key) => {
    // One lookup for a remembered value (the common case: every word of every question comes through here).
    const known = table.get(key);
    if (known !== undefined || table.has(key)) return known as V;
    if (table.size >= max) table.clear();
    const value = lookup(key);
    table.set(key, value);
    return value;
  };
}
