/**
 * A small least-recently-used cache. Compiled templates are cached by their source text:
 * the same `{{ item.name }}` is rendered for every host and loop item, and parsing it again
 * each time would dominate a run.
 */

/** A bounded map that forgets its least recently used entry when full. */
export class LruCache<K, V> {
  // A Map iterates in insertion order; re-inserting on a hit keeps the oldest entry first.
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
