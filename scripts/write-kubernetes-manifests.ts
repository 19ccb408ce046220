/**
 * `npm run manifests`: writes deploy/kubernetes/{serviceaccount,reports-pvc,check-expiry-cronjob,
 * rotate-job}.yaml from deploy/kubernetes/settings.yaml. Run it after changing the settings; the
 * tests fail when a committed manifest is stale (test/deploy/kubernetes-manifests.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderManifests } from './kubernetes-manifests/render.js';
import { parseSettings, SETTINGS_FILE } from './kubernetes-manifests/settings.js';

const root = join(import.meta.dirname, '..');
for (const file of renderManifests(parseSettings(readFileSync(join(root, SETTINGS_FILE), 'utf8')))) {
  writeFileSync(join(root, file.path), file.text);
  console.log(`wrote ${file.path}`);
}
