/**
 * A host's connection variables (`ansible_host`, `ansible_become_password`, …) as values:
 * rendered through the scope, since inventories often write them as templates.
 */
import { CONNECTION_VARIABLES } from '../inventory/connection-vars.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import type { Scope } from '../template/scope.js';

/** Every connection variable the scope defines, rendered. */
export function connectionVarsOf(scope: Scope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(CONNECTION_VARIABLES)) {
    if (scope.has(name)) out[name] = plainData(renderTemplate(`{{ ${name} }}`, scope));
  }
  return out;
}
