/**
 * Version comparison for the `version` test (`k3s_version is version('v1.19', '<')`), as
 * Ansible's: `loose` splits like Python's LooseVersion (numbers, letter runs, and any other
 * character as its own part); `strict`/`semver` compare numeric major.minor.patch and treat a
 * pre-release as lower than its release.
 */
import { TemplateError } from './errors.js';

type Part = number | string;

function loose(version: string): Part[] {
  return version
    .split(/(\d+|[a-z]+|\.)/)
    .filter((part) => part !== '' && part !== '.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function compareParts(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x !== typeof y) throw new TemplateError('version comparison failed: a number was compared with text');
    if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function semver(version: string): { core: number[]; pre: Part[] | undefined } {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) throw new TemplateError(`version comparison failed: '${version}' is not a semantic version`);
  const pre = m[4]?.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return { core: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre };
}

/** -1, 0 or 1 comparing two version strings with the given scheme. */
export function compareVersions(a: string, b: string, scheme = 'loose'): number {
  if (scheme === 'loose') return compareParts(loose(a), loose(b));
  if (scheme !== 'strict' && scheme !== 'semver') throw new TemplateError(`version: unknown version_type '${scheme}'`);
  const x = semver(a);
  const y = semver(b);
  const core = compareParts(x.core, y.core);
  if (core !== 0) return core;
  if (!x.pre || !y.pre) return x.pre ? -1 : y.pre ? 1 : 0;
  return compareParts(x.pre.map(String), y.pre.map(String));
}
