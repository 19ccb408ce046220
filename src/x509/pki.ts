/**
 * The one runtime importer of @peculiar/x509. The library needs two things set up before it is
 * used, in this order: the `reflect-metadata` polyfill (its tsyringe container throws at load
 * without it) and a WebCrypto provider (Node's, for signing in `issue.ts` and for key export).
 * Every other file takes the classes from here, so the order cannot be got wrong.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's webcrypto is structurally the DOM `Crypto` the library's types ask for.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** @peculiar/x509, ready to use. */
export const pki = x509;

/** A parsed certificate (@peculiar/x509's class). */
export type Certificate = x509.X509Certificate;
