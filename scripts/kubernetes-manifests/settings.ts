/**
 * The settings of certbook's Kubernetes deployment (`deploy/kubernetes/settings.yaml`): one
 * home for the shard count, the image and the rest, checked before anything is rendered.
 */
import { parse } from 'yaml';

/** Where the settings live, from the repository root. */
export const SETTINGS_FILE = 'deploy/kubernetes/settings.yaml';

/** What deploy/kubernetes/settings.yaml holds. */
export interface DeploySettings {
  namespace: string;
  image: string;
  shards: number;
  checkExpiry: { schedule: string; timeZone: string; parallelism: number };
  rotate: { parallelism: number };
  deadlineSeconds: number;
  mergeSeconds: number;
  inventory: { configMap: string; file: string };
  sshSecret: string;
  reports: { claim: string; storage: string; accessMode: 'ReadWriteMany' | 'ReadWriteOnce'; keepDays: number };
  pushgateway: string;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}

const KEYS = [
  'namespace',
  'image',
  'shards',
  'checkExpiry',
  'rotate',
  'deadlineSeconds',
  'mergeSeconds',
  'inventory',
  'sshSecret',
  'reports',
  'pushgateway',
  'resources',
];

function positiveInteger(value: unknown, name: string, problems: string[]): void {
  if (!Number.isInteger(value) || (value as number) < 1) problems.push(`${name} must be a whole number ≥ 1, not ${JSON.stringify(value)}`);
}

/** Parses and checks the settings text; throws one error listing every problem. */
export function parseSettings(text: string): DeploySettings {
  const s = parse(text) as DeploySettings;
  const problems: string[] = [];
  for (const key of Object.keys(s)) if (!KEYS.includes(key)) problems.push(`unknown setting ${key}`);
  for (const key of KEYS) if (!(key in s)) problems.push(`missing setting ${key}`);
  if (problems.length === 0) {
    positiveInteger(s.shards, 'shards', problems);
    positiveInteger(s.checkExpiry.parallelism, 'checkExpiry.parallelism', problems);
    positiveInteger(s.rotate.parallelism, 'rotate.parallelism', problems);
    positiveInteger(s.deadlineSeconds, 'deadlineSeconds', problems);
    positiveInteger(s.mergeSeconds, 'mergeSeconds', problems);
    positiveInteger(s.reports.keepDays, 'reports.keepDays', problems);
    if (s.mergeSeconds >= s.deadlineSeconds)
      problems.push('mergeSeconds must be less than deadlineSeconds (the merge waits for the shards in between)');
    if (s.checkExpiry.schedule.trim().split(/\s+/).length !== 5)
      problems.push(`checkExpiry.schedule must be five cron fields, not ${JSON.stringify(s.checkExpiry.schedule)}`);
    if (!/^[^\s:]+(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/.test(s.image))
      problems.push(`image ${JSON.stringify(s.image)} is not an image reference`);
    if (s.pushgateway !== '' && !/^https?:\/\/[^\s/]+/.test(s.pushgateway)) problems.push('pushgateway must be an http(s) URL or empty');
  }
  if (problems.length > 0) throw new Error(`${SETTINGS_FILE}: ${problems.join('; ')}`);
  return s;
}
