/**
 * Every step certbook knows, by name. The loader, `certbook steps`, the docs and the JSON
 * Schemas all list steps from here, so a step exists everywhere or nowhere.
 */
import { archiveStep } from './archive.js';
import { assertStep } from './assert.js';
import { blockinfileStep } from './blockinfile.js';
import { commandStep } from './command.js';
import { copyStep } from './copy.js';
import { debugStep } from './debug.js';
import { failStep } from './fail.js';
import { fileStep } from './file.js';
import { findStep as findFilesStep } from './find.js';
import { includeVarsStep } from './include-vars.js';
import { kubeSecretStep } from './kube-secret.js';
import { kubeconfigFetchStep } from './kubeconfig-fetch.js';
import { kubeconfigInfoStep } from './kubeconfig-info.js';
import { lineinfileStep } from './lineinfile.js';
import { metaStep } from './meta.js';
import { pauseStep } from './pause.js';
import { publishStep } from './publish.js';
import { serviceStep } from './service.js';
import { setFactStep } from './set-fact.js';
import { shellStep } from './shell.js';
import { slurpStep } from './slurp.js';
import { statStep } from './stat.js';
import type { StepDefinition } from './step.js';
import { templateStep } from './template.js';
import { tlsProbeStep } from './tls-probe.js';
import { unarchiveStep } from './unarchive.js';
import { uriStep } from './uri.js';
import { waitForStep } from './wait-for.js';
import { x509InfoStep } from './x509-info.js';

const ALL: readonly StepDefinition[] = [
  archiveStep,
  assertStep,
  commandStep,
  copyStep,
  debugStep,
  failStep,
  fileStep,
  findFilesStep,
  kubeSecretStep,
  kubeconfigFetchStep,
  kubeconfigInfoStep,
  metaStep,
  pauseStep,
  publishStep,
  serviceStep,
  setFactStep,
  shellStep,
  slurpStep,
  statStep,
  tlsProbeStep,
  unarchiveStep,
  waitForStep,
  x509InfoStep,
  // Issue #17, item 2: the file and HTTP steps.
  templateStep,
  lineinfileStep,
  blockinfileStep,
  includeVarsStep,
  uriStep,
];

/** Every step, by name, in name order (iteration order is the order `certbook steps` prints). */
export const STEPS: ReadonlyMap<string, StepDefinition> = new Map(
  [...ALL].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((step) => [step.name, step]),
);

/** The team's own steps (custom-steps.ts), by name, once loaded: never the built-ins' names. */
const custom = new Map<string, StepDefinition>();

/**
 * Makes `steps` (loaded and checked by `loadCustomSteps`) the team's own steps, replacing those
 * of an earlier command: each command finds its own (tests run many commands in one process).
 */
export function registerCustomSteps(steps: readonly StepDefinition[]): void {
  custom.clear();
  for (const step of steps) custom.set(step.name, step);
}

/** The team's own steps registered so far, in name order. */
export function customSteps(): StepDefinition[] {
  return [...custom.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The step called `name` (built-in or the team's own), or undefined. Step names are case-sensitive, as in Ansible. */
export function findStep(name: string): StepDefinition | undefined {
  return STEPS.get(name) ?? custom.get(name);
}
