/**
 * What the test suite needs on the machine, and what to do when some of it is missing: the
 * decisions of `scripts/test-setup.ts`, kept free of side effects so a unit test can hold them
 * (test/scripts/test-setup-plan.test.ts). Everything is a Debian package; the tests also need
 * root (they create users and a sudoers file and start sshd).
 */

/** One thing the tests use, and the Debian package that brings it. */
export interface Requirement {
  /** What it is and why the tests need it (printed when it is missing). */
  what: string;
  /** The Debian package that provides it. */
  pkg: string;
}

/** Everything the tests need beyond Node and npm, in the order it is reported. */
export const REQUIREMENTS = {
  sshd: { what: 'OpenSSH server /usr/sbin/sshd (the SSH tests start a private sshd on 127.0.0.1)', pkg: 'openssh-server' },
  ssh: { what: 'OpenSSH client ssh, ssh-keygen, ssh-agent (keys and cross-checks)', pkg: 'openssh-client' },
  sudo: { what: 'sudo /usr/bin/sudo (become tests; the test users get sudoers rules)', pkg: 'sudo' },
  pgrep: { what: 'pgrep and ps (timeout tests look for leftover processes)', pkg: 'procps' },
  ss: { what: 'ss (fault tests find who listens on a port)', pkg: 'iproute2' },
  openssl: { what: 'openssl (x509 tests cross-check the certificate parser)', pkg: 'openssl' },
  caBundle: { what: '/etc/ssl/certs/ca-certificates.crt (x509 tests parse every certificate of it)', pkg: 'ca-certificates' },
  time: { what: 'GNU time /usr/bin/time (peak memory of pathological inputs)', pkg: 'time' },
  kubectl: { what: 'kubectl (the simulated k3s nodes run the real one)', pkg: 'kubernetes-client' },
  chromium: { what: 'chromium (the HTML report is loaded and checked in the real browser, headless)', pkg: 'chromium' },
  promtool: {
    what: 'promtool (--metrics and the shipped alerting rules are checked and tested with it; the prometheus service is not used)',
    pkg: 'prometheus',
  },
  buildah: { what: 'buildah (the container image of deploy/Containerfile is built with it, --isolation chroot)', pkg: 'buildah' },
  mmdebstrap: {
    what: "mmdebstrap (the container image's Debian base is made with it from Debian's mirror; no image registry is used)",
    pkg: 'mmdebstrap',
  },
  python3: { what: 'python3 (Python-exact repr, str and JSON are compared with Python itself)', pkg: 'python3' },
  systemdAnalyze: { what: 'systemd-analyze (the systemd units of deploy/systemd are checked with systemd-analyze verify)', pkg: 'systemd' },
} as const satisfies Record<string, Requirement>;

/** A key of {@link REQUIREMENTS}. */
export type RequirementId = keyof typeof REQUIREMENTS;

/** What was found on the machine. */
export interface Facts {
  /** Running as uid 0. */
  root: boolean;
  /** `apt-get` is on PATH (a Debian or Ubuntu machine). */
  aptGet: boolean;
  /** The requirements that are not there. */
  missing: RequirementId[];
}

/** The decision: go on, install these packages, or stop and say why. */
export type Plan = { action: 'ready' } | { action: 'install'; packages: string[] } | { action: 'stop'; reasons: string[] };

/** The command a person runs (as root) to install `packages`. */
export function installCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** The Debian packages that bring `missing`, each once, in {@link REQUIREMENTS} order. */
export function packagesFor(missing: readonly RequirementId[]): string[] {
  const wanted = new Set(missing);
  const order = Object.keys(REQUIREMENTS) as RequirementId[];
  return [...new Set(order.filter((id) => wanted.has(id)).map((id) => REQUIREMENTS[id].pkg))];
}

/** Decides what to do from the facts. */
export function planSetup(facts: Facts): Plan {
  const packages = packagesFor(facts.missing);
  const lines = facts.missing.map((id) => `missing: ${REQUIREMENTS[id].what} (Debian package ${REQUIREMENTS[id].pkg})`);
  if (!facts.root) {
    const reasons = [
      'the tests must run as root: they create the users certbook-test, certbook-sudo, certbook-tty and certbook-ops, write /etc/sudoers.d/certbook-test and start sshd',
    ];
    if (packages.length > 0) reasons.push(...lines, `install them as root with: ${installCommand(packages)}`);
    return { action: 'stop', reasons };
  }
  if (packages.length === 0) return { action: 'ready' };
  if (!facts.aptGet) {
    return {
      action: 'stop',
      reasons: [...lines, `apt-get is not here: install the equivalent of these Debian packages (${packages.join(' ')}) and run again`],
    };
  }
  return { action: 'install', packages };
}

/** The oldest kubectl whose messages the tests expect (the simulator's API was measured against 1.27–1.33). */
export const KUBECTL_MIN_MINOR = 27;

/**
 * The Kubernetes minor version of a Debian `kubernetes-client` version string, e.g. 20 for
 * `1.20.5+really1.20.2-1.1+deb12u1` (the part after `really` is what it really is).
 */
export function kubernetesMinor(debianVersion: string): number | undefined {
  const upstream = debianVersion.split('really').pop()!.replace(/^\d+:/, '');
  const m = /^1\.(\d+)\./.exec(upstream);
  return m ? Number(m[1]) : undefined;
}

/**
 * After `apt-get update`: a package apt has no candidate for cannot be installed, and Debian's
 * kubectl (`kubernetes-client`) is only worth installing when it is recent enough (bookworm's is
 * 1.20, whose error messages differ from what the tests expect). Either stops the run, naming
 * the package and how to get kubectl, instead of failing every cluster test later.
 */
export function planInstall(packages: readonly string[], candidate: (pkg: string) => string | undefined): Plan {
  const reasons: string[] = [];
  for (const pkg of packages) {
    const version = candidate(pkg);
    if (version === undefined) reasons.push(`apt has no package ${pkg} here (apt-cache policy ${pkg} shows no candidate)`);
    else if (pkg === REQUIREMENTS.kubectl.pkg && (kubernetesMinor(version) ?? 0) < KUBECTL_MIN_MINOR) {
      reasons.push(`apt's ${pkg} is ${version}, older than the kubectl 1.${KUBECTL_MIN_MINOR} the tests need`);
    }
  }
  if (reasons.length === 0) return { action: 'install', packages: [...packages] };
  if (packages.includes(REQUIREMENTS.kubectl.pkg) && reasons.some((r) => r.includes(REQUIREMENTS.kubectl.pkg))) {
    reasons.push(
      `kubectl 1.${KUBECTL_MIN_MINOR} or later is needed at /usr/bin/kubectl or /usr/local/bin/kubectl (machines of this kind ship it in the kubectl package beside google-cloud-cli): install it, then run again`,
    );
  }
  return { action: 'stop', reasons };
}
