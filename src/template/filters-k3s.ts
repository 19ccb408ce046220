/**
 * The k3s playbooks' rules as filters, so the playbooks read as orchestration: the release
 * traits, the known-bugs matching and the certificate verdicts live in `src/k3s/` (plain
 * functions with their own tests); this file only turns template values into their arguments.
 * certbook's own filters (ansible-playbook has none of these, as it has no `x509_info`).
 */

import {
  type JudgedCertificate,
  leavesDue,
  leavesSummary,
  type ReadCertificate,
  secretProblem,
  servingProblem,
} from '../k3s/certificate-verdict.js';
import { type BugRange, bugIdsAffecting, bugNote, type KnownBugEntry } from '../k3s/known-bugs.js';
import { nodeFindings } from '../k3s/node-findings.js';
import { releaseTraits } from '../k3s/release-rules.js';
import { rotateRefusals } from '../k3s/rotate-refusals.js';
import { TemplateError } from './errors.js';
import { arg, type FilterSpec } from './filter-api.js';
import { truthy } from './py-semantics.js';
import { pyStr } from './py-text.js';
import { isMapping, isText, type Mapping, setKey, textOf, Undefined } from './values.js';
import { compareVersions } from './versions.js';

const compare = (a: string, b: string): number => compareVersions(a, b);

/** `value` as text (a template string or host text), or a TemplateError naming `what`. */
function text(value: unknown, what: string): string {
  if (isText(value)) return textOf(value);
  throw new TemplateError(`${what} must be a string, got ${value instanceof Undefined ? 'an undefined value' : typeof value}`);
}

function list(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new TemplateError(`${what} must be a list`);
}

function mapping(value: unknown, what: string): Mapping {
  if (isMapping(value)) return value;
  throw new TemplateError(`${what} must be a mapping`);
}

/** A known-bugs table entry, checked field by field (the table is a vars file a team may edit). */
function bugEntry(value: unknown, at: number): KnownBugEntry & Mapping {
  const where = `known bugs table entry ${at + 1}`;
  const b = mapping(value, where);
  const ranges = list(b.affected, `${where}: affected`).map((r, i): BugRange => {
    const range = mapping(r, `${where}: affected[${i}]`);
    const fixed = range.first_fixed;
    return {
      minor: text(range.minor, `${where}: affected[${i}].minor`),
      first_bad: text(range.first_bad, `${where}: affected[${i}].first_bad`),
      first_fixed: fixed === null || fixed === undefined ? null : text(fixed, `${where}: affected[${i}].first_fixed`),
    };
  });
  return {
    ...b,
    id: text(b.id, `${where}: id`),
    title: text(b.title, `${where}: title`),
    refs: list(b.refs, `${where}: refs`).map((r) => text(r, `${where}: refs`)),
    nodes: list(b.nodes, `${where}: nodes`).map((n) => text(n, `${where}: nodes`)),
    affected: ranges,
    remedy: text(b.remedy, `${where}: remedy`),
  };
}

/** A judged certificate (x509_info / tls_probe), or undefined when `value` is none. */
function judged(value: unknown): JudgedCertificate | undefined {
  if (!isMapping(value)) return undefined;
  const window = isMapping(value.valid_at) ? value.valid_at.window : undefined;
  return { status: pyStr(value.status), days_left: pyStr(value.days_left), in_window_valid: truthy(window) };
}

/** A certificate mapping (x509_info, tls_probe) with what the leaf verdict reads of it. */
function readCertificate(value: unknown, what: string): ReadCertificate<unknown> {
  const c = mapping(value, what);
  const window = isMapping(c.valid_at) ? c.valid_at.window : undefined;
  return { value, is_ca: truthy(c.is_ca), status: pyStr(c.status), in_window_valid: truthy(window) };
}

/** `registered.key` when `registered` is a registered result that has it. */
function field(registered: unknown, key: string): unknown {
  return isMapping(registered) && Object.hasOwn(registered, key) ? registered[key] : undefined;
}

function textList(value: unknown, what: string): string[] {
  return list(value, what).map((v) => text(v, what));
}

function certificates(value: unknown, what: string): Array<{ path: string; not_after: string }> {
  return list(value, what).map((c) => {
    const m = mapping(c, what);
    return { path: pyStr(m.path), not_after: pyStr(m.not_after) };
  });
}

/** The k3s filters, by name. */
export const K3S_FILTERS: Record<string, FilterSpec> = {
  /** `'1.33.1' | k3s_release_traits` → `{renew_days, has_rotate, old_serving}` (src/k3s/release-rules.ts). */
  k3s_release_traits: { fn: (value) => ({ ...releaseTraits(pyStr(value), compare) }) },
  /** `table | k3s_bug_ids(version, role)` → the ids of the entries that touch a `role` node running `version`. */
  k3s_bug_ids: {
    fn: (value, args) =>
      bugIdsAffecting(
        list(value, 'k3s_bug_ids: the table').map(bugEntry),
        pyStr(arg(args, 0, 'version')),
        pyStr(arg(args, 1, 'role')),
        compare,
      ),
  },
  /** `bugs | k3s_bug_notes(version)` → one finding per bug: `<version>: <title> (<first ref>): <remedy>`. */
  k3s_bug_notes: {
    fn: (value, args) => list(value, 'k3s_bug_notes: the bugs').map((b, i) => bugNote(bugEntry(b, i), pyStr(arg(args, 0, 'version')))),
  },
  /**
   * `served | k3s_serving_problem(dynamic, address)`: why a server's serving certificate needs
   * attention, or '' (src/k3s/certificate-verdict.ts). `served` is tls_probe's registered result,
   * `dynamic` x509_info's of dynamic-cert.json (either may be skipped or undefined).
   */
  k3s_serving_problem: {
    undefinedOperand: true,
    undefinedArgs: true,
    fn: (value, args) => {
      const served = judged(field(value, 'certificate'));
      const dynamicCerts = field(arg(args, 0, 'dynamic'), 'certificates');
      const dynamic = Array.isArray(dynamicCerts) ? judged(dynamicCerts[0]) : undefined;
      return servingProblem({
        address: pyStr(arg(args, 1, 'address')),
        probe_msg: pyStr(field(value, 'msg') ?? ''),
        ...(served ? { served } : {}),
        ...(dynamic ? { dynamic } : {}),
      });
    },
  },
  /**
   * `secret | k3s_secret_problem(secret_certificate, name)`: why the cluster's serving Secret
   * needs attention, or ''. `secret` is kube_secret's registered result (no `exists`: it could
   * not be read), `secret_certificate` x509_info's of the certificate it holds (may be skipped).
   */
  k3s_secret_problem: {
    undefinedOperand: true,
    undefinedArgs: true,
    fn: (value, args) => {
      const exists = field(value, 'exists');
      const certs = field(arg(args, 0, 'certificate'), 'certificates');
      const certificate = Array.isArray(certs) ? judged(certs[0]) : undefined;
      return secretProblem({
        name: pyStr(arg(args, 1, 'name')),
        read_msg: pyStr(field(value, 'msg') ?? ''),
        ...(exists === undefined ? {} : { exists: truthy(exists) }),
        ...(certificate ? { certificate } : {}),
      });
    },
  },
  /** `{version_problem: …, …} | k3s_rotate_refusals` → why rotate leaves a node alone before touching it (src/k3s/rotate-refusals.ts). */
  k3s_rotate_refusals: {
    fn: (value) => {
      const f = mapping(value, 'k3s_rotate_refusals: the facts');
      return rotateRefusals({
        version_problem: pyStr(f.version_problem),
        cluster_problem: pyStr(f.cluster_problem),
        ca_disagrees: truthy(f.ca_disagrees),
        cluster: pyStr(f.cluster),
        cluster_ca: pyStr(f.cluster_ca),
        cluster_cas: textList(f.cluster_cas, 'k3s_rotate_refusals: cluster_cas'),
        is_server: truthy(f.is_server),
        ready_server: pyStr(f.ready_server),
        unreadable: list(f.unreadable, 'k3s_rotate_refusals: unreadable').map((u) => ({ path: pyStr(mapping(u, 'unreadable').path) })),
      });
    },
  },
  /**
   * `files | k3s_leaves_due(served_api, address)`: the leaf certificates inside the window
   * (src/k3s/certificate-verdict.ts), the certificates themselves; `served_api` is tls_probe's
   * registered result for RKE2's kube-apiserver port (skipped elsewhere), listed as `address`.
   */
  k3s_leaves_due: {
    undefinedArgs: true,
    fn: (value, args) => {
      const probed = field(arg(args, 0, 'served_api'), 'certificate');
      let served: ReadCertificate<unknown> | undefined;
      if (isMapping(probed)) {
        const listed: Mapping = { ...probed };
        setKey(listed, 'path', pyStr(arg(args, 1, 'address')));
        served = { ...readCertificate(probed, 'k3s_leaves_due: served_api'), value: listed };
      }
      return leavesDue(
        list(value, 'k3s_leaves_due: the certificates').map((c) => readCertificate(c, 'k3s_leaves_due: a certificate')),
        served,
      );
    },
  },
  /** `leaves_due | k3s_leaves_summary(warn_days)`: "N leaf certificate(s) inside the W-day window, the soonest …", or ''. */
  k3s_leaves_summary: {
    fn: (value, args) =>
      leavesSummary(
        list(value, 'k3s_leaves_summary: the certificates').map((c) => {
          const m = mapping(c, 'k3s_leaves_summary: a certificate');
          return { path: pyStr(m.path), not_after: pyStr(m.not_after), days_left: pyStr(m.days_left) };
        }),
        pyStr(arg(args, 0, 'warn_days')),
      ),
  },
  /** `{unreadable: …, leaves_due: …, …} | k3s_findings` → check-expiry's findings for one node (src/k3s/node-findings.ts). */
  k3s_findings: {
    fn: (value) => {
      const f = mapping(value, 'k3s_findings: the facts');
      const n = (key: string): number => {
        const v = Number(pyStr(f[key]));
        if (!Number.isFinite(v)) throw new TemplateError(`k3s_findings: ${key} must be a number`);
        return v;
      };
      return nodeFindings({
        unreadable: list(f.unreadable, 'k3s_findings: unreadable').map((u) => ({
          path: pyStr(mapping(u, 'unreadable').path),
          error: pyStr(mapping(u, 'unreadable').error),
        })),
        leaves_due: certificates(f.leaves_due, 'k3s_findings: leaves_due'),
        leaves_summary: pyStr(f.leaves_summary),
        api_down: truthy(f.api_down),
        serving_problem: pyStr(f.serving_problem),
        serving_text: pyStr(f.serving_text),
        cas_due: certificates(f.cas_due, 'k3s_findings: cas_due'),
        clock_skew: n('clock_skew'),
        max_clock_skew: n('max_clock_skew'),
        cluster_problem: pyStr(f.cluster_problem),
        cluster: pyStr(f.cluster),
        cluster_ca: pyStr(f.cluster_ca),
        cluster_cas: textList(f.cluster_cas, 'k3s_findings: cluster_cas'),
        ca_disagrees: truthy(f.ca_disagrees),
        version_mismatch: pyStr(f.version_mismatch),
      });
    },
  },
};
