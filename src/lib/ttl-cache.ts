// Remembers each key's value (a promise, so concurrent readers share one load) for ttlMs.
// A failed load is forgotten at once. `keyOf` names the key when the input carries more than it.
export interface TtlCache<I, V> {
  get(input: I): Promise<V>;
}

export function ttlCache<I, V>(ttlMs: number, load: (input: I) => Promise<V>, options: { keyOf?: (input: I) => unknown; now?: () => number } = {}): TtlCache<I, V> {
  const entries = new Map<unknown, { at: number; value: Promise<V> }>();
  const now = options.now ?? Date.now;
  const keyOf = options.keyOf ?? ((input: I) => input);
  return {
    get(input) {
      const key = keyOf(input);
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(input);
      entries.set(key, { at: now(), value });
      value.catch(() => entries.delete(key));
      return value;
    },
  };
}
