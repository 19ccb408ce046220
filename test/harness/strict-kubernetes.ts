/**
 * Kubernetes objects held to the OpenAPI schemas kubernetes-models carries, strictly. Its
 * `validate()` checks types, enums and required fields but lets unknown fields through (a
 * misspelt `parallelizm` passes, and the API server would drop it). The strict part: the object
 * is validated through a Proxy that records which fields the schema's validator reads; the
 * compiled validators read every property their schema declares (and every key of a map), so a
 * field nobody read is one the schema does not have.
 */

import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { PersistentVolumeClaim, ServiceAccount } from 'kubernetes-models/v1';

/** The models of the kinds certbook ships, by `apiVersion/kind`. */
const MODELS: Record<string, { prototype: { validate(): void } }> = {
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
};

/** Wraps `value` so every own field read is crossed off `unread` (path → fields not read yet). */
function tracked(value: unknown, path: string, unread: Map<string, Set<string>>, proxies: WeakMap<object, object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = proxies.get(value);
  if (known) return known;
  const fields = new Set(Array.isArray(value) ? [] : Object.keys(value));
  unread.set(path, fields);
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) return child;
      fields.delete(key);
      return tracked(child, `${path}/${key}`, unread, proxies);
    },
  });
  proxies.set(value, proxy);
  return proxy;
}

/**
 * The problems of one object: the schema validator's errors (as kubernetes-models throws them),
 * then every field the schema does not know, as a JSON pointer. Empty when the object is valid.
 */
export function strictProblems(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
  if (!model) return [`no schema here for ${String(object.apiVersion)} ${String(object.kind)}`];
  const unread = new Map<string, Set<string>>();
  try {
    model.prototype.validate.call(tracked(object, '', unread, new WeakMap()));
  } catch (error) {
    return [(error as Error).message];
  }
  return [...unread].flatMap(([path, fields]) => [...fields].map((field) => `unknown field ${path}/${field}`));
}
