/**
 * `serial` written as a template (`serial: "{{ agent_batch_size | default(1) }}"`), rendered
 * once per play from the play's `vars` and the extra vars, as Ansible does (no host variables:
 * batches are decided before any host runs). The result must be what `serial` accepts
 * literally: a whole number (0: all hosts) or a percentage.
 */
import type { Play } from '../playbook/model.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import { Scope } from '../template/scope.js';

/** The play's batch sizes with templates rendered, or why they could not be. */
export function resolveSerial(
  play: Play,
  extraVars: Readonly<Record<string, unknown>>,
): { serial: Array<number | string> | undefined } | { error: string } {
  const given = play.keywords.serial;
  if (!given?.some((s) => typeof s === 'string' && s.includes('{{'))) return { serial: given };
  const scope = Scope.EMPTY.with(play.vars, 'template').with(extraVars, 'template');
  const out: Array<number | string> = [];
  for (const entry of given) {
    if (typeof entry !== 'string' || !entry.includes('{{')) {
      out.push(entry);
      continue;
    }
    let value: unknown;
    try {
      value = plainData(renderTemplate(entry, scope));
    } catch (error) {
      if (error instanceof TemplateError) return { error: `serial: ${error.message}` };
      throw error;
    }
    const text = String(value).trim();
    if (/^\d+$/.test(text)) out.push(Number(text));
    else if (/^\d+(\.\d+)?%$/.test(text)) out.push(text);
    else return { error: `serial: ${JSON.stringify(entry)} rendered to ${JSON.stringify(text)}, not a whole number or a percentage` };
  }
  return { serial: out };
}
