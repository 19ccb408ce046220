/**
 * Why rotate refuses to touch a node before anything changes: what certbook cannot judge (its
 * version, its cluster, its certificate files) or where it could not check the node afterwards
 * (no server of its cluster to ask whether it is Ready). An empty list: the node may be rotated.
 */

/** The facts the refusals are made of (each named after its `cb_` fact). */
export interface RotateFacts {
  /** Why the version is unknown, or ''. */
  version_problem: string;
  /** Why the node's cluster is unknown, or ''. */
  cluster_problem: string;
  /** The node trusts another server CA than most of its declared cluster. */
  ca_disagrees: boolean;
  cluster: string;
  cluster_ca: string;
  cluster_cas: readonly string[];
  is_server: boolean;
  /** The server asked whether an agent is Ready ('' when none was found). */
  ready_server: string;
  /** Certificate files that could not be read. */
  unreadable: ReadonlyArray<{ path: string }>;
}

/** The node's refusals, in the order rotate says them. */
export function rotateRefusals(f: RotateFacts): string[] {
  const out: string[] = [];
  if (f.version_problem) out.push(`${f.version_problem}: the renewal window and the tools of this k3s are unknown`);
  if (f.cluster_problem) out.push(f.cluster_problem);
  if (f.ca_disagrees) {
    const others = f.cluster_cas.find((ca) => ca !== f.cluster_ca) ?? '';
    out.push(
      `it trusts another server CA (${f.cluster_ca.slice(0, 12)}) than most nodes of its declared cluster ${f.cluster} (${others.slice(0, 12)})`,
    );
  }
  if (!f.is_server && !f.ready_server)
    out.push(`no server of its cluster ${f.cluster} was found in the inventory to ask whether it is Ready`);
  if (f.unreadable.length > 0) {
    out.push(
      `${f.unreadable.length} certificate file(s) could not be read (${f.unreadable.map((u) => u.path).join(', ')}); see check-expiry`,
    );
  }
  return out;
}
