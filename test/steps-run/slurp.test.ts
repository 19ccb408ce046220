import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { slurpStep } from '../../src/steps/slurp.js';
import { HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

const BINARY = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));

test('binary contents come back base64-encoded, byte for byte', async () => {
  const path = join(fx.dir, 'blob.bin');
  writeFileSync(path, BINARY);
  const r = await runStep(slurpStep, fx.host, { src: path });
  assert.equal(r.changed, false);
  assert.equal(r.data?.encoding, 'base64');
  assert.equal(r.data?.source, path);
  assert.ok(Buffer.from(String(r.data?.content), 'base64').equals(BINARY));
});

test('template braces in a file stay text', async () => {
  const path = join(fx.dir, 'braces.txt');
  writeFileSync(path, '{{ lookup("pipe", "id") }}');
  const r = await runStep(slurpStep, fx.host, { src: path }, { check: true });
  assert.equal(Buffer.from(String(r.data?.content), 'base64').toString(), '{{ lookup("pipe", "id") }}');
});

test('missing, too large, directory and forbidden files are failed results', async () => {
  const missing = await runStep(slurpStep, fx.host, { src: join(fx.dir, 'nope') });
  assert.equal(missing.failed, true);
  assert.match(String(missing.msg), /not found/);
  const big = join(fx.dir, 'big');
  writeFileSync(big, Buffer.alloc(2048));
  const tooLarge = await runStep(slurpStep, fx.host, { src: big, max_size: 2047 });
  assert.equal(tooLarge.failed, true);
  assert.match(String(tooLarge.msg), /max_size/);
  assert.equal((await runStep(slurpStep, fx.host, { src: big, max_size: 2048 })).failed, undefined);
  const dir = await runStep(slurpStep, fx.host, { src: fx.dir });
  assert.equal(dir.failed, true);
  const secret = join(fx.dir, 'secret');
  writeFileSync(secret, 'root only');
  chmodSync(secret, 0o600);
  const denied = await runStep(slurpStep, fx.host, { src: secret });
  assert.equal(denied.failed, true);
  assert.match(String(denied.msg), /permission denied/);
  const sudo = await runStep(slurpStep, fx.sudoHost, { src: secret }, { become: fx.sudo });
  assert.equal(Buffer.from(String(sudo.data?.content), 'base64').toString(), 'root only');
});

test('hostile file names are read as names', async () => {
  const sub = join(fx.dir, 'hostile');
  mkdirSync(sub);
  for (const name of HOSTILE_NAMES) writeFileSync(join(sub, name), name);
  for (const name of HOSTILE_NAMES) {
    for (const [host, become] of [
      [fx.host, undefined],
      [fx.sudoHost, fx.sudo],
    ] as const) {
      const r = await runStep(slurpStep, host, { src: join(sub, name) }, become ? { become } : {});
      assert.equal(Buffer.from(String(r.data?.content), 'base64').toString(), name);
    }
  }
});
