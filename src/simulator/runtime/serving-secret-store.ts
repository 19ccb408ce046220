/**
 * The `kube-system/k3s-serving` Secret in the shared datastore, as the rules see it
 * (`ServingSecretStore`): every server of the cluster reads and writes the same Secret.
 */
import type { KubeSecret } from '../kube-api/kube-store.js';
import type { ServingSecretStore } from '../node/sim-node.js';
import type { Datastore } from './datastore.js';

/** Namespace and name of the Secret dynamiclistener keeps the served certificate in. */
export const SERVING_SECRET = { namespace: 'kube-system', name: 'k3s-serving' } as const;

/** A ServingSecretStore over `datastore`. */
export function servingSecretStore(datastore: Datastore, now: () => Date = () => new Date()): ServingSecretStore {
  return {
    get: (): KubeSecret | undefined => datastore.getSecret(SERVING_SECRET.namespace, SERVING_SECRET.name),
    put: (secret: KubeSecret): void => {
      datastore.putSecret({ ...secret, namespace: SERVING_SECRET.namespace, name: SERVING_SECRET.name }, now());
    },
    delete: (): void => {
      datastore.deleteSecret(SERVING_SECRET.namespace, SERVING_SECRET.name);
    },
  };
}
