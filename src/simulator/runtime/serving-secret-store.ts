/**
 * The `kube-system/k3s-serving` Secret in the shared datastore, as the rules see it
 * (`ServingSecretStore`): every server of the cluster reads and writes the same Secret.
 */
import type { KubeSecret } from '../kube-api/kube-store.js';
import type { ServingSecretStore } from '../node/sim-node.js';
import type { Datastore } from './datastore.js';

/** Namespace and name of the Secret dynamiclistener keeps the served certificate in. */
export const SERVING_SECRET = { namespace: 'kube-system', name: 'k3s-serving' } as const;

/** A ServingSecretStore over `datastore`, for the Secret `name` (`k3s-serving`, RKE2 `rke2-serving`). */
export function servingSecretStore(
  datastore: Datastore,
  now: () => Date = () => new Date(),
  name: string = SERVING_SECRET.name,
): ServingSecretStore {
  const ns = SERVING_SECRET.namespace;
  return {
    get: (): KubeSecret | undefined => datastore.getSecret(ns, name),
    put: (secret: KubeSecret): void => {
      datastore.putSecret({ ...secret, namespace: ns, name }, now());
    },
    delete: (): void => {
      datastore.deleteSecret(ns, name);
    },
  };
}
