/**
 * Issuing certificates: CAs and leaves with chosen validity, for tests and for the k3s
 * simulator (which issues its CAs and leaves as k3s does: ECDSA P-256, 365-day leaves, 10-year
 * CAs). Validity is always given, never derived from the clock: an expired certificate is made
 * by back-dating it, never by moving time.
 */
import { createPrivateKey, webcrypto } from 'node:crypto';
import { type Certificate, pki } from './pki.js';

/** The key types we issue. `ecdsa-p256` is what k3s uses for every certificate. */
export type KeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'rsa-2048' | 'rsa-4096' | 'ed25519';

/** What to issue. */
export interface IssueRequest {
  /** RFC 4514 order, as `describeCertificate` prints it: `CN=system:admin, O=system:masters`. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** The CA that signs; a self-signed certificate when absent. */
  issuer?: IssuedCertificate;
  /** A CA certificate (basicConstraints CA:TRUE, keyCertSign). */
  ca?: boolean;
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  /** Extended key usage of a leaf. Default `server` (serverAuth); k3s client certs use `client`. */
  usage?: 'server' | 'client' | 'both';
  /** Default `ecdsa-p256`. Ignored when `keys` is given. */
  keyAlgorithm?: KeyAlgorithm;
  /** Reuse a key pair (k3s's dynamic certificate keeps its key on renewal). */
  keys?: IssuedKeys;
  /** Upper-case or lower-case hex without sign; random 16 bytes when absent. */
  serialNumber?: string;
}

/** A key pair and what it is. */
export interface IssuedKeys {
  algorithm: KeyAlgorithm;
  pair: CryptoKeyPair;
}

/** An issued certificate with its key. */
export interface IssuedCertificate {
  certificate: Certificate;
  /** The certificate alone, PEM. */
  certificatePem: string;
  /** The certificate then its issuers' certificates up to the root, PEM (what k3s writes in `.crt` files). */
  chainPem: string;
  /**
   * The private key as k3s writes it: `EC PRIVATE KEY` (SEC1) for ECDSA, `RSA PRIVATE KEY`
   * (PKCS#1) for RSA, `PRIVATE KEY` (PKCS#8) for Ed25519.
   */
  keyPem: string;
  keys: IssuedKeys;
}

const KEY_PARAMS: Record<KeyAlgorithm, { gen: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm; sign: Algorithm | EcdsaParams }> = {
  'ecdsa-p256': { gen: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams },
  'ecdsa-p384': { gen: { name: 'ECDSA', namedCurve: 'P-384' } as EcKeyGenParams, sign: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams },
  'rsa-2048': { gen: rsa(2048), sign: { name: 'RSASSA-PKCS1-v1_5' } },
  'rsa-4096': { gen: rsa(4096), sign: { name: 'RSASSA-PKCS1-v1_5' } },
  ed25519: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

function rsa(bits: number): RsaHashedKeyGenParams {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

/** A new key pair (extractable, so its PEM can be written). */
export async function generateKeys(algorithm: KeyAlgorithm = 'ecdsa-p256'): Promise<IssuedKeys> {
  const pair = (await webcrypto.subtle.generateKey(KEY_PARAMS[algorithm].gen, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { algorithm, pair };
}

/** Issues one certificate as `request` says. */
export async function issueCertificate(request: IssueRequest): Promise<IssuedCertificate> {
  const keys = request.keys ?? (await generateKeys(request.keyAlgorithm));
  const signer = request.issuer?.keys ?? keys;
  const certificate = await pki.X509CertificateGenerator.create({
    serialNumber: request.serialNumber ?? randomSerial(),
    subject: encodedOrder(request.subject),
    issuer: request.issuer ? request.issuer.certificate.subjectName : encodedOrder(request.subject),
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey: keys.pair.publicKey,
    signingKey: signer.pair.privateKey,
    signingAlgorithm: KEY_PARAMS[signer.algorithm].sign,
    extensions: await extensionsFor(request, keys, signer),
  });
  const certificatePem = `${certificate.toString('pem')}\n`;
  return {
    certificate,
    certificatePem,
    chainPem: certificatePem + (request.issuer?.chainPem ?? ''),
    keyPem: await keyPem(keys),
    keys,
  };
}

async function extensionsFor(request: IssueRequest, keys: IssuedKeys, signer: IssuedKeys): Promise<InstanceType<typeof pki.Extension>[]> {
  const F = pki.KeyUsageFlags;
  const extensions: InstanceType<typeof pki.Extension>[] = [
    new pki.BasicConstraintsExtension(request.ca === true, undefined, true),
    new pki.KeyUsagesExtension(request.ca ? F.keyCertSign | F.cRLSign | F.digitalSignature : F.digitalSignature | F.keyEncipherment, true),
    await pki.SubjectKeyIdentifierExtension.create(keys.pair.publicKey),
  ];
  if (request.issuer) extensions.push(await pki.AuthorityKeyIdentifierExtension.create(signer.pair.publicKey));
  if (!request.ca) {
    const usage = request.usage ?? 'server';
    const eku =
      usage === 'both'
        ? [pki.ExtendedKeyUsage.serverAuth, pki.ExtendedKeyUsage.clientAuth]
        : [usage === 'server' ? pki.ExtendedKeyUsage.serverAuth : pki.ExtendedKeyUsage.clientAuth];
    extensions.push(new pki.ExtendedKeyUsageExtension(eku));
  }
  const names = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length) extensions.push(new pki.SubjectAlternativeNameExtension(names));
  return extensions;
}

/**
 * The Name for an RFC 4514 string: its RDNs are encoded last-first, so the certificate prints
 * back as written (and, like Go's, encodes `O` before `CN`).
 */
function encodedOrder(subject: string): InstanceType<typeof pki.Name> {
  return new pki.Name(new pki.Name(subject).toJSON().reverse());
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f; // positive, as RFC 5280 requires
  if (bytes[0] === 0) bytes[0] = 1;
  return Buffer.from(bytes).toString('hex');
}

/** The private key in the PEM form k3s writes for its type. */
export async function keyPem(keys: IssuedKeys): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.pair.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const type = keys.algorithm.startsWith('ecdsa') ? 'sec1' : keys.algorithm.startsWith('rsa') ? 'pkcs1' : 'pkcs8';
  return key.export({ format: 'pem', type }).toString();
}

/**
 * An issuer loaded back from PEM (a CA certificate and its key read from a data dir), so a
 * restarted simulator can keep signing with the CA it made before.
 */
export async function loadIssuer(certificatePem: string, privateKeyPem: string, chainPem = certificatePem): Promise<IssuedCertificate> {
  const certificate = new pki.X509Certificate(certificatePem);
  const key = createPrivateKey(privateKeyPem);
  const algorithm = keyAlgorithmOf(key.asymmetricKeyType, key.asymmetricKeyDetails);
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const usage = KEY_PARAMS[algorithm].gen;
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, importParams(usage), true, ['sign']);
  const publicKey = await certificate.publicKey.export(importParams(usage), ['verify'], webcrypto as unknown as Crypto);
  return { certificate, certificatePem, chainPem, keyPem: privateKeyPem, keys: { algorithm, pair: { privateKey, publicKey } } };
}

function importParams(gen: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm): Algorithm {
  if (gen.name === 'RSASSA-PKCS1-v1_5') return { name: gen.name, hash: 'SHA-256' } as RsaHashedImportParams;
  return gen;
}

function keyAlgorithmOf(type: string | undefined, details: { modulusLength?: number; namedCurve?: string } | undefined): KeyAlgorithm {
  if (type === 'ec' && details?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  if (type === 'ec' && details?.namedCurve === 'secp384r1') return 'ecdsa-p384';
  if (type === 'rsa' && details?.modulusLength === 2048) return 'rsa-2048';
  if (type === 'rsa' && details?.modulusLength === 4096) return 'rsa-4096';
  if (type === 'ed25519') return 'ed25519';
  throw new RangeError(`unsupported issuer key (${type ?? 'unknown'})`);
}
