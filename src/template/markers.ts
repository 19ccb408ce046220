/**
 * The hot-path question "is this string a template at all?", answered without allocating:
 * most strings in a playbook (`/etc/rancher/k3s`, `restarted`) hold no `{{`, `{%` or `{#`.
 */

const OPEN_BRACE = 123; // {
const PERCENT = 37; // %
const HASH = 35; // #

/** Whether `text` holds `{{`, `{%` or `{#` anywhere. */
export function hasTemplateMarker(text: string): boolean {
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === OPEN_BRACE || next === PERCENT || next === HASH) return true;
  }
  return false;
}
