/**
 * The container image (deploy/Containerfile, built by `npm run image` with buildah and a Debian
 * base from mmdebstrap): it builds here, runs as its unprivileged user on a read-only root
 * filesystem, and certbook in it answers --version and checks the k3s playbooks. The base is
 * built once per machine (a few minutes of Debian downloads) and reused while its recipe holds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IMAGE_USER } from '../../scripts/image/recipe.js';
import { imageConfig, type MountedImage, mountImage } from '../harness/image-run.js';

const root = join(import.meta.dirname, '..', '..');
const image = 'localhost/certbook:image-test';
let mounted: MountedImage;
let buildOutput = '';

before(() => {
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-image.ts'), '--tag', image], {
    cwd: root,
    encoding: 'utf8',
    timeout: 1_500_000,
  });
  buildOutput = `${build.stdout}${build.stderr}`;
  assert.equal(build.status, 0, buildOutput);
  mounted = mountImage(image);
});

after(() => {
  mounted?.close();
  spawnSync('buildah', ['rmi', image], { stdio: 'ignore' });
});

test('npm run image builds the image and names it on its last line, with its size', () => {
  const lines = buildOutput.trim().split('\n');
  assert.equal(lines.at(-1), image);
  const size = /^image: localhost\/certbook:image-test: ([\d.]+) MB$/m.exec(buildOutput);
  assert.ok(size, buildOutput);
  // Debian minbase + nodejs is ~185 MB; certbook and its npm packages add ~15 MB.
  assert.ok(Number(size[1]) < 260, `image is ${size[1]} MB`);
});

test('the image runs certbook as uid 10001, never root, with certbook as its entrypoint', () => {
  assert.equal(imageConfig(image, '{{.OCIv1.Config.User}}'), `${IMAGE_USER.uid}:${IMAGE_USER.gid}`);
  assert.equal(imageConfig(image, '{{.OCIv1.Config.Entrypoint}}'), '[certbook]');
  const id = mounted.run(['id']);
  assert.equal(id.code, 0, id.stderr);
  assert.match(id.stdout, /^uid=10001\(certbook\) gid=10001\(certbook\)/);
});

test("certbook --version in the image: the built dist/ on Debian trixie's Node 20", () => {
  const r = mounted.run(['certbook', '--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^certbook 0\.1\.0$/m);
  assert.match(r.stdout, /installed at = \/opt\/certbook$/m);
  assert.match(r.stdout, /running code = dist\/ \(built\)$/m);
  assert.match(r.stdout, /node version = v2\d\./m);
});

test('certbook run check-expiry --syntax-check in the image on a read-only root filesystem, and the other playbooks', () => {
  for (const playbook of ['check-expiry', 'rotate', 'force-reissue-serving']) {
    const r = mounted.run(['certbook', 'run', playbook, '--syntax-check']);
    assert.equal(r.code, 0, `${playbook}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`playbook: /opt/certbook/playbooks/${playbook}\\.yaml`));
  }
  // A broken playbook still fails there, with its position, so the check above can fail.
  const broken = mounted.run([
    'sh',
    '-c',
    'printf -- "- hosts: all\\n  tasks:\\n    - shel: x\\n" > /tmp/b.yaml && certbook run /tmp/b.yaml --syntax-check',
  ]);
  assert.equal(broken.code, 4, broken.stdout + broken.stderr);
  assert.match(broken.stdout + broken.stderr, /b\.yaml:3:7: error\[UNKNOWN_STEP\]/);
});

test('the root filesystem is read-only and holds no key or home: the SSH Secret mounts there', () => {
  const write = mounted.run(['sh', '-c', 'touch /opt/certbook/x']);
  assert.notEqual(write.code, 0);
  assert.match(write.stderr, /Read-only file system/);
  // Even root cannot write: the filesystem, not the permissions, refuses.
  const asRoot = mounted.run(['sh', '-c', 'touch /etc/x'], '0:0');
  assert.match(asRoot.stderr, /Read-only file system/);
  const home = mounted.run(
    [
      'sh',
      '-c',
      'test ! -e /home/certbook && find / -xdev \\( -name "id_*" -o -name known_hosts -o -name "*.pem" -o -name "*.key" \\) -print',
    ],
    '0:0',
  );
  assert.equal(home.code, 0, home.stderr);
  assert.equal(home.stdout, '', 'key material in the image');
});
