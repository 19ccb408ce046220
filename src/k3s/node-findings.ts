/**
 * What check-expiry says needs attention on one node, in the order it says it: one sentence per
 * finding, from the facts the task files set (docs/playbook-facts.md). An empty list: the node is
 * fine.
 */

/** A certificate as the findings name it. */
export interface NamedCertificate {
  path: string;
  /** Sortable NotAfter (ISO 8601, UTC). */
  not_after: string;
}

/** The facts the findings are made of (each named after its `cb_` fact). */
export interface NodeFacts {
  /** Certificate files that could not be read, each with why. */
  unreadable: ReadonlyArray<{ path: string; error: string }>;
  /** Leaf certificates inside the window, and the sentence that sums them up. */
  leaves_due: readonly NamedCertificate[];
  leaves_summary: string;
  /** Nothing answered TLS on the API port, and why the serving certificate needs attention. */
  api_down: boolean;
  serving_problem: string;
  /** The serving certificate's problems this node reports (its own, and the cluster Secret's). */
  serving_text: string;
  /** CA certificates inside the window. */
  cas_due: readonly NamedCertificate[];
  /** Seconds the host's clock is ahead of the controller's (negative: behind), and the most tolerated. */
  clock_skew: number;
  max_clock_skew: number;
  /** Why the node's cluster is unknown, or ''. */
  cluster_problem: string;
  /** The declared cluster, this node's server CA fingerprint, and those of its cluster's nodes. */
  cluster: string;
  cluster_ca: string;
  cluster_cas: readonly string[];
  /** The node trusts another server CA than most of its declared cluster. */
  ca_disagrees: boolean;
  /** The version differs from the inventory's, or ''. */
  version_mismatch: string;
}

/** The earliest to expire of a non-empty list (the first among equals, as Jinja's stable `sort | first` picks it). */
function soonest<T extends NamedCertificate>(certificates: readonly T[]): T {
  return certificates.reduce((a, b) => (b.not_after < a.not_after ? b : a));
}

/** The node's findings, in check-expiry's order. */
export function nodeFindings(f: NodeFacts): string[] {
  const out: string[] = [];
  if (f.unreadable.length > 0) {
    out.push(
      `${f.unreadable.length} certificate file(s) could not be read: ${f.unreadable.map((u) => `${u.path}: ${u.error}`).join('; ')}`,
    );
  }
  if (f.leaves_due.length > 0) out.push(`${f.leaves_summary}: run rotate`);
  if (f.api_down) out.push(`k3s does not answer on the API port: ${f.serving_problem}`);
  if (f.serving_text) {
    out.push(
      f.leaves_due.length > 0
        ? `the serving certificate needs attention too (${f.serving_text}): rotate re-issues it`
        : `stale serving certificate: run force-reissue-serving (${f.serving_text})`,
    );
  }
  if (f.cas_due.length > 0) {
    out.push(
      `${f.cas_due.length} CA certificate(s) inside the window, the soonest ${soonest(f.cas_due).path}: k3s never renews CAs (see k3s certificate rotate-ca)`,
    );
  }
  if (Math.abs(f.clock_skew) > f.max_clock_skew) {
    out.push(
      `clock skew of ${f.clock_skew} s between this host and the controller (more than ${f.max_clock_skew} s): expiry judgements may be off`,
    );
  }
  if (f.cluster_problem) out.push(f.cluster_problem);
  if (f.ca_disagrees) {
    const others = f.cluster_cas.find((ca) => ca !== f.cluster_ca) ?? '';
    out.push(
      `declared in cluster ${f.cluster} (k3s_cluster_name) but trusts another server CA (${f.cluster_ca.slice(0, 12)}, the cluster's other nodes ${others.slice(0, 12)}): it belongs to another cluster`,
    );
  }
  if (f.version_mismatch) out.push(f.version_mismatch);
  return out;
}
