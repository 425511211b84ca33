// The cross-message memories of pure lookups (labels, phrases, stems): bounded, and kept for
// the whole import, so an entry must not hold on to the message its key was read from.

/**
 * A copy of s that shares no memory with a string it was sliced from. V8 keeps a substring of
 * 13 characters or more as a view into its parent: a memo key read from a line would keep the
 * whole message body alive as long as the entry lives (most of an import), and the heap the
 * collector walks grows with every message.
 */
export function ownCopy(s: string): string {
  return (' ' + s).slice(1);   // the concatenation is flattened into a new string; the slice is a view of that
}

/**
 * map.set(key, value) under a key of its own, and a string value of its own too (a value
 * made from the key, a cleaned name say, may be a view of the same message), the map
 * cleared whole once it holds `max` entries.
 */
export function remember<V>(map: Map<string, V>, max: number, key: string, value: V): void {
  if (map.size >= max) map.clear();
  map.set(ownCopy(key), typeof value === 'string' ? ownCopy(value) as V : value);
}
