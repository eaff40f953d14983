/**
 * @module auth/ttl-lru
 * A bounded least-recently-used map whose entries also expire after a fixed time. Backed by one
 * Map (insertion order = recency), so a hit costs two Map operations. Holds no timers.
 */

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** LRU map of at most `maxEntries` entries, each living `ttlMs` from when it was set. */
export class TtlLruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;

  constructor(options: { maxEntries: number; ttlMs: number }) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    if (!(options.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
  }

  /** The live value for `key` (marking it most recently used), or undefined. */
  get(key: string, now: number): V | undefined {
    return this.entry(key, now)?.value;
  }

  /** The live entry for `key` with its expiry time (marking it most recently used), or undefined. */
  entry(key: string, now: number): { readonly value: V; readonly expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores `value` under `key` until now + ttl, evicting the least recently used entry when full. */
  set(key: string, value: V, now: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }

  /** Number of entries held (expired ones included until touched or evicted). */
  get size(): number {
    return this.entries.size;
  }
}
