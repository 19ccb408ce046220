/**
 * Key and signature algorithms named as openssl names them (`ecdsa-with-SHA256`,
 * `sha256WithRSAEncryption`, `ED25519`), so registered facts match what admins see in
 * `openssl x509 -text`. Read straight from the DER: importing each key into node:crypto just
 * to ask its size cost half a millisecond per RSA certificate, most of a CA bundle's time.
 */
import { children, decodeOid, readTlv } from './der.js';

/** The subject public key, in a few words. */
export interface PublicKeyFacts {
  /** `ecdsa`, `rsa`, `rsa-pss`, `ed25519`, `ed448`, `dsa`, or the key's dotted OID when unknown. */
  algorithm: string;
  /**
   * Size in bits: the modulus for RSA, the curve size for ECDSA (P-256 → 256), 256 for Ed25519
   * and 456 for Ed448 (their key sizes; openssl prints none). Null when unknown.
   */
  size: number | null;
  /** The name of an ECDSA curve (`P-256`), else null. */
  curve: string | null;
}

const KEY_TYPES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ecdsa',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.2.840.10040.4.1': 'dsa',
};

const CURVES: Record<string, [string, number]> = {
  '1.2.840.10045.3.1.7': ['P-256', 256],
  '1.3.132.0.34': ['P-384', 384],
  '1.3.132.0.35': ['P-521', 521],
  '1.3.132.0.33': ['P-224', 224],
  '1.3.132.0.10': ['secp256k1', 256],
};

/** Describes a SubjectPublicKeyInfo (DER). Unknown or malformed keys give nulls, never an error. */
export function describePublicKey(spki: Uint8Array): PublicKeyFacts {
  try {
    const [algorithmId, bits] = children(spki, readTlv(spki, 0));
    if (!algorithmId || !bits) return unknown('unknown');
    const [oidTlv, parameters] = children(spki, algorithmId);
    const oid = oidTlv ? decodeOid(spki.subarray(oidTlv.start, oidTlv.end)) : 'unknown';
    const algorithm = KEY_TYPES[oid] ?? oid;
    if (algorithm === 'ecdsa') {
      const curveOid = parameters?.tag === 0x06 ? decodeOid(spki.subarray(parameters.start, parameters.end)) : '';
      const [curve, size] = CURVES[curveOid] ?? [curveOid || null, null];
      return { algorithm, size, curve };
    }
    if (algorithm === 'ed25519') return { algorithm, size: 256, curve: null };
    if (algorithm === 'ed448') return { algorithm, size: 456, curve: null };
    if (algorithm === 'rsa' || algorithm === 'rsa-pss') return { algorithm, size: rsaModulusBits(spki, bits.start + 1), curve: null };
    return unknown(algorithm);
  } catch {
    return unknown('unknown');
  }
}

/** Bit length of the modulus in an RSAPublicKey that starts at `offset` (inside the BIT STRING). */
function rsaModulusBits(der: Uint8Array, offset: number): number | null {
  const [modulus] = children(der, readTlv(der, offset));
  if (modulus?.tag !== 0x02) return null;
  let start = modulus.start;
  while (start < modulus.end && der[start] === 0) start++;
  if (start === modulus.end) return 0;
  return (modulus.end - start - 1) * 8 + (32 - Math.clz32(der[start]!));
}

function unknown(algorithm: string): PublicKeyFacts {
  return { algorithm, size: null, curve: null };
}

const SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.840.10040.4.3': 'dsaWithSHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa_with_SHA256',
};

/** openssl's name for a signature algorithm OID; the dotted OID itself when unknown. */
export function signatureAlgorithmName(oid: string): string {
  return SIGNATURES[oid] ?? oid;
}
