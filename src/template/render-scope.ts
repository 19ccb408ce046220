/**
 * The outermost render in progress, and a cache that lives exactly as long as it. A render is
 * synchronous and templates never change a variable, so within one the runner's view of a
 * host (`hostvars[name]`, built by copying the host's variable layers) cannot change: it is
 * built once per render instead of once per reference (a `map('extract', hostvars)` over the
 * fleet, referenced by several fields of one task, copied every host's variables per field).
 */

let depth = 0;
let cache: Map<object, unknown> | undefined;

/** Marks the start of a render; pair with {@link leaveRender} in a `finally`. */
export function enterRender(): void {
  depth++;
}

/** Marks the end of a render; the cache goes with the outermost one. */
export function leaveRender(): void {
  if (--depth === 0) cache = undefined;
}

/**
 * What `owner` cached during the render in progress, made by `make` on first use; outside a
 * render, `make()` every time (nothing is kept).
 */
export function perRender<T>(owner: object, make: () => T): T {
  if (depth === 0) return make();
  cache ??= new Map();
  if (cache.has(owner)) return cache.get(owner) as T;
  const value = make();
  cache.set(owner, value);
  return value;
}
