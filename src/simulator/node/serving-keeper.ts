/**
 * What a running k3s server does with the certificate it serves on :6443 (fact sheet §3):
 * where it comes from at start (`dynamic-cert.json`, the `k3s-serving` Secret, or a new one),
 * what the Secret watch does with a changed Secret, and whether anything ever renews it.
 *
 * - v1.18 (dynamiclistener v0.2.0): no expiry logic at all. At start the file is served; a
 *   missing Secret is re-created from it; an existing Secret wins and is written to the file;
 *   only when both are gone is a new certificate made. A deleted Secret is ignored while running.
 * - v1.19+ (v0.2.1 and later): the copy that covers every SAN and is outside the renewal window
 *   wins (the incoming Secret preferred); otherwise the certificate is renewed with its key and
 *   SANs; checked at start and periodically (`tick`). `dynamic-cert-regenerate` (written by
 *   `k3s certificate rotate`) forces a new certificate with a new key at the next start.
 * - The known bug serving-not-renewed (k3s#5163, vars/k3s-known-bugs.yaml): a v1.19+ release
 *   inside its ranges keeps what it finds (the Secret, else the file) and never renews it, at
 *   start or later: the expired copy is merged back over a fresh one. `dynamic-cert-regenerate`
 *   still brings a new certificate, and so does deleting both copies.
 * The real v1.19+ listener checks 30 s after start; the simulator checks at start, so a restart
 * that renews is visible as soon as the node is up.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { IssuedCertificate } from '../../x509/issue.js';
import { hasKnownBug } from '../k3s-known-bugs.js';
import { type K3sVersion, k3sFamily, leafNeedsRenewal } from '../k3s-version.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { daysFrom, daysLeft, serverTlsDir } from './node-files.js';
import { LEAF_DAYS } from './node-pki.js';
import {
  issueServingSecret,
  lacksSans,
  readDynamicCert,
  renewServingSecret,
  type ServingPair,
  sameServing,
  secretCertificate,
  servingPair,
  servingSecretOf,
  writeDynamicCert,
} from './serving-secret.js';
import type { ServingSecretStore, SimNode } from './sim-node.js';

/** One server's serving certificate: memory, file and its view of the Secret. */
export class ServingKeeper {
  private memory: KubeSecret | undefined;
  private readonly file: string;
  private readonly trigger: string;
  /** False on v1.18 and on the releases with k3s#5163: nothing renews the certificate. */
  private readonly renews: boolean;

  constructor(
    private readonly node: SimNode,
    private readonly v: K3sVersion,
    private readonly store: ServingSecretStore,
    private readonly serverCa: IssuedCertificate,
    private readonly log: string[],
  ) {
    this.file = join(serverTlsDir(node), 'dynamic-cert.json');
    this.trigger = join(serverTlsDir(node), 'dynamic-cert-regenerate');
    this.renews = k3sFamily(v) !== 'v1.18' && !hasKnownBug(v, 'serving-not-renewed');
  }

  /** What to serve now. */
  serving(): ServingPair {
    if (!this.memory) throw new Error('serving certificate not loaded');
    return servingPair(this.memory);
  }

  /** The start-up rules. */
  async start(now: Date): Promise<void> {
    if (k3sFamily(this.v) === 'v1.18') await this.startOld(now);
    else await this.startCurrent(now);
  }

  /** Serves what the Secret (or, without one, the file) holds, changing nothing: a server that never stopped. */
  async resume(): Promise<void> {
    const current = this.store.get() ?? readDynamicCert(this.file, servingSecretOf(this.v));
    if (!current) throw new Error('resume: neither the k3s-serving Secret nor dynamic-cert.json exists');
    this.memory = current;
  }

  /** The Secret watch: `secret` is the datastore's k3s-serving now (undefined once deleted). */
  async onSecretChanged(secret: KubeSecret | undefined, now: Date): Promise<void> {
    // Both families ignore a deletion while running (DL `OnChange` returns on a nil Secret).
    if (!secret || sameServing(secret, this.memory)) return;
    if (!this.renews || this.good(secret, now)) return this.adopt(secret, 'Updating TLS secret for k3s-serving from the datastore');
    if (this.memory && this.good(this.memory, now)) return this.publish(this.memory, 'Updating TLS secret for k3s-serving');
    await this.renew(secret, now);
  }

  /** v1.19+'s periodic expiry check; nothing on v1.18. */
  async tick(now: Date): Promise<void> {
    if (!this.renews || !this.memory) return;
    if (!this.good(this.memory, now)) await this.renew(this.memory, now);
  }

  private async startOld(now: Date): Promise<void> {
    const file = readDynamicCert(this.file, servingSecretOf(this.v));
    const secret = this.store.get();
    if (file && !secret) {
      this.memory = file;
      this.publish(file, 'Creating new TLS secret for k3s-serving from dynamic-cert.json');
    } else if (secret) {
      this.adopt(secret, 'Updating TLS secret for k3s-serving from the datastore');
    } else {
      await this.create(now, 'both dynamic-cert.json and the k3s-serving Secret are missing');
    }
    if (this.memory && lacksSans(this.memory, this.node.tlsSans)) {
      // v0.2.0's AddCN: a new name gets a brand-new certificate (fresh validity, same key).
      this.publish(
        await renewServingSecret(this.v, this.serverCa, this.memory, now, this.node.tlsSans),
        'Updating TLS secret for k3s-serving (new SAN)',
      );
    }
  }

  private async startCurrent(now: Date): Promise<void> {
    if (existsSync(this.trigger)) {
      rmSync(this.trigger, { force: true });
      return this.create(now, 'dynamic-cert-regenerate found');
    }
    const candidates = [this.store.get(), readDynamicCert(this.file, servingSecretOf(this.v))].filter(
      (s): s is KubeSecret => s !== undefined,
    );
    const winner = this.renews ? candidates.find((s) => this.good(s, now)) : candidates[0];
    if (winner) {
      this.adopt(winner, 'Loaded serving certificate');
      if (!sameServing(this.store.get(), winner)) this.publish(winner, 'Updating TLS secret for k3s-serving');
    } else if (candidates[0]) {
      await this.renew(candidates[0], now);
    } else {
      await this.create(now, 'no serving certificate found');
    }
  }

  /** Covers every SAN and is outside the renewal window (DL main `Merge`/`IsCertExpired`). */
  private good(secret: KubeSecret, now: Date): boolean {
    const cert = secretCertificate(secret);
    return cert !== undefined && !lacksSans(secret, this.node.tlsSans) && !leafNeedsRenewal(this.v, daysLeft(cert, now));
  }

  private async create(now: Date, why: string): Promise<void> {
    const secret = await issueServingSecret(this.v, this.serverCa, this.node.tlsSans, daysFrom(now, LEAF_DAYS));
    this.publish(secret, `Creating new TLS secret for k3s-serving (${why})`);
  }

  private async renew(secret: KubeSecret, now: Date): Promise<void> {
    this.publish(
      await renewServingSecret(this.v, this.serverCa, secret, now, this.node.tlsSans),
      'certificate k3s-serving is about to expire: renewing',
    );
  }

  /** Serves `secret` and writes it to the file (the watch's `Update`). */
  private adopt(secret: KubeSecret, message: string): void {
    this.memory = secret;
    writeDynamicCert(this.file, secret);
    this.log.push(message);
  }

  /** Serves `secret`, writes the file and saves it to the datastore (`saveInK8s`). */
  private publish(secret: KubeSecret, message: string): void {
    this.adopt(secret, message);
    this.store.put(secret);
  }
}
