/**
 * Runs a command inside a built container image as Kubernetes would run it with the shipped
 * securityContext: the image's root filesystem mounted read-only, as its unprivileged user, with
 * a fresh tmpfs on /tmp and nothing of the host's environment. `podman run` does not work on
 * this machine (its cgroups and rlimits are refused), so this is buildah's mount of the image,
 * a private mount namespace (`unshare --mount`) and `chroot --userspec`.
 */
import { spawnSync } from 'node:child_process';

/** What one command inside the image printed and returned. */
export interface ImageRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A container of `image` whose root filesystem is mounted; `close()` removes it. */
export interface MountedImage {
  run(argv: readonly string[], user?: string): ImageRun;
  close(): void;
}

function buildah(args: string[]): string {
  const r = spawnSync('buildah', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`buildah ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

// The root filesystem is bound onto a directory of its own and made read-only there; /proc,
// /dev and a tmpfs on /tmp are mounted under it; all of it lives and dies with the namespace.
const ENTER = `set -e
root=$(mktemp -d)
mount --bind "$1" "$root"
mount -o remount,bind,ro "$root"
mount --rbind /proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/tmp"
user=$2
shift 2
exec chroot --userspec="$user" "$root" /usr/bin/env -i HOME=/home/certbook PATH=/usr/local/bin:/usr/bin:/bin NODE_ENV=production "$@"`;

/** Mounts a new container of `image` so commands can run in it. */
export function mountImage(image: string): MountedImage {
  const container = buildah(['from', '--quiet', '--pull-never', image]);
  const rootfs = buildah(['mount', container]);
  return {
    run(argv, user = '10001:10001') {
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', ENTER, 'enter', rootfs, user, ...argv], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.error) throw r.error;
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    close() {
      spawnSync('buildah', ['rm', container], { stdio: 'ignore' });
    },
  };
}

/** A field of the image's OCI configuration, through `buildah inspect --format`. */
export function imageConfig(image: string, format: string): string {
  return buildah(['inspect', '--type', 'image', '--format', format, image]);
}
