// Remembers each key's value (a promise, so concurrent readers share one load) for ttlMs.
// A failed load is forgotten at once.
export interface TtlCache<K, V> {
  get(key: K): Promise<V>;
}

export function ttlCache<K, V>(ttlMs: number, load: (key: K) => Promise<V>, now: () => number = Date.now): TtlCache<K, V> {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(key);
      entries.set(key, { at: now(), value });
      value.catch(() => entries.delete(key));
      return value;
    },
  };
}
