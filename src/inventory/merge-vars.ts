/**
 * How variable sources combine: Ansible's default `hash_behaviour=replace`. Each layer's
 * variables replace the earlier layers' variables of the same name wholesale; a dictionary is
 * never merged key by key. The inventory uses this for its own precedence, and the runner uses
 * it for play vars, task vars, registered results, facts and extra vars, so both follow one
 * rule.
 */
import type { VarEntry, VarMap } from './inventory-data.js';

/**
 * Layers variable maps, lowest precedence first: `mergeVars(groupVars, hostVars, playVars,
 * extraVars)`. Shallow: a later value replaces an earlier one whole, even when both are
 * mappings. `undefined` layers are skipped. Returns a new object; the layers are not changed.
 */
export function mergeVars(...layers: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(layer)) setOwn(out, key, layer[key]);
  }
  return out;
}

/** Layers positioned variable maps, lowest precedence first (the inventory's internal form). */
export function mergeVarMaps(layers: readonly VarMap[]): VarMap {
  const out: VarMap = new Map<string, VarEntry>();
  for (const layer of layers) for (const [key, entry] of layer) out.set(key, entry);
  return out;
}

/** A positioned variable map as a plain object. */
export function varMapToObject(vars: VarMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of vars) setOwn(out, key, entry.value);
  return out;
}

/** Sets an own property even for names such as `__proto__`, which plain assignment would not. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
