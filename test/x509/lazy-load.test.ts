/**
 * The certificate parser (@peculiar/x509 + reflect-metadata, ~200 ms to load) is imported only
 * when a certificate step runs, not when the step library is listed or a playbook is loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

function probe(script: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('loading the step registry does not load the certificate parser; running x509_info does', () => {
  const before = probe(`await import('./src/steps/registry.ts'); console.log(typeof Reflect.getMetadata);`);
  assert.equal(before, 'undefined');
  const after = probe(
    [
      `const { findStep } = await import('./src/steps/registry.ts');`,
      `const step = findStep('x509_info');`,
      `const r = await step.run({ content: 'not a certificate' }, { now: () => new Date(0), host: {}, signal: new AbortController().signal });`,
      `console.log(typeof Reflect.getMetadata, r.failed);`,
    ].join('\n'),
  );
  assert.equal(after, 'function true');
});
