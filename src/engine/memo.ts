/**
 * Remembering the results of pure lookups that repeat (stems, WordNet relatives, corrections),
 * within a bound: past it the table starts again, so memory stays flat however long the bot runs.
 */
export function remembered<K, V>(lookup: (key: K) => V, max: number): (key: K) => V {
  const table = new Map<K, V>();
  return (key) => {
    if (table.has(key)) return table.get(key) as V;
    if (table.size >= max) table.clear();
    const value = lookup(key);
    table.set(key, value);
    return value;
  };
}
