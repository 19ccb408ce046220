/**
 * The differential test of the certificate reader: src/x509 (our DER reader) against the
 * describing it replaced, @peculiar/x509 + asn1js, kept in reference-describe.ts. Every fact of
 * CERTIFICATE_FIELDS must be the same, byte for byte, over Debian's CA bundle, the certificates
 * the simulator issues, odd certificates openssl makes, and thousands of mutated ones; bad
 * input must give the same errors. The one deliberate difference: a UTCTime that is not a time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { parseK3sVersion } from '../../src/simulator/k3s-version.js';
import { agentLeafSpecs, serverLeafSpecs } from '../../src/simulator/node/leaf-specs.js';
import { createCas, issueLeaf } from '../../src/simulator/node/node-pki.js';
import type { SimNode } from '../../src/simulator/node/sim-node.js';
import type { ParsedCertificate } from '../../src/x509/certificate.js';
import { children, readTlv, type Tlv } from '../../src/x509/der.js';
import { type CertificateFacts, type DescribeOptions, describeCertificate } from '../../src/x509/describe.js';
import { parseCertificates, parseDer } from '../../src/x509/parse.js';
import { daysFromNow, FIXTURE_NOW, makeFamily } from './cert-fixtures.js';
import { makeOddCertificates, type OddCertificate } from './odd-certificates.js';
import { referenceDescribe, referenceParseCertificates, referenceParseDer } from './reference-describe.js';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const OPTIONS: DescribeOptions = {
  now: FIXTURE_NOW,
  validAt: { soon: '+30d', before_2021: '2020-06-01', after_2049: '2055-01-01T00:00:00Z', bad: 'not a moment' },
  warningDays: 120,
};

/** Both readers on `input` (every certificate: bundle), facts and errors compared; returns ours. */
function agree(input: Buffer | string, label: string) {
  const ours = parseCertificates(input, { bundle: true });
  const theirs = referenceParseCertificates(input, { bundle: true });
  assert.deepEqual(ours.errors, theirs.errors, `${label}: errors`);
  assert.equal(ours.format, theirs.format, `${label}: format`);
  assert.equal(ours.certificates.length, theirs.certificates.length, `${label}: certificates`);
  const facts = ours.certificates.map((c) => describeCertificate(c, OPTIONS));
  for (const [i, f] of facts.entries()) assert.deepEqual(f, referenceDescribe(theirs.certificates[i]!, OPTIONS), `${label} #${i}`);
  return facts;
}

let bundle: Buffer;
let odd: OddCertificate[];
/** DER of every certificate of the corpus: the bundle and the odd ones. */
let corpus: Buffer[];
before(() => {
  bundle = readFileSync(BUNDLE);
  odd = makeOddCertificates();
  corpus = [bundle, ...odd.map((o) => o.pem)].flatMap((pem) =>
    parseCertificates(pem, { bundle: true }).certificates.map((c) => Buffer.from(c.rawData)),
  );
});

test('every certificate of the Debian CA bundle: the same facts', () => {
  assert.ok(agree(bundle, 'bundle').length >= 100);
});

test('certificates the simulator issues (ECDSA P-256/P-384, RSA, Ed25519; k3s CAs and leaves): the same facts', async () => {
  for (const algorithm of ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'ed25519'] as const) {
    const family = await makeFamily(algorithm);
    for (const c of [family.ca, family.leaf, family.expired]) agree(c.chainPem, `${algorithm} ${c.certificate.subject}`);
  }
  const v = parseK3sVersion('v1.31.4+k3s1')!;
  const cas = await createCas(v, daysFromNow(-400), daysFromNow(3250));
  const node: SimNode = {
    name: 'server-1',
    role: 'server',
    version: 'v1.31.4+k3s1',
    address: '127.0.0.2',
    port: 6443,
    dataDir: '/var/lib/rancher/k3s',
    kubeconfigPath: '/etc/rancher/k3s/k3s.yaml',
    tlsSans: ['127.0.0.2', 'localhost'],
  };
  const specs = [...serverLeafSpecs(node, v), ...agentLeafSpecs(node)];
  assert.ok(specs.length >= 15, `${specs.length} leaf specs`);
  for (const spec of specs) {
    const leaf = await issueLeaf(spec, cas.get(spec.signer)!, daysFromNow(20));
    agree(leaf.chainPem, spec.file);
  }
});

test('odd certificates openssl makes: the same facts, and they are as odd as meant', () => {
  const facts = new Map(odd.map((o) => [o.name, agree(o.pem, o.name)]));
  const one = (name: string) => facts.get(name)![0]!;
  assert.equal(facts.get('bundle')!.length, 3);
  assert.equal(one('multi').subject, 'OU=y+OU=y+OU=z, O=x, CN=a+CN=c+O=b');
  assert.match(one('escapes').subject, /CN=a\\,b\\;c\\<d\\>e\\"f\\\\g=h/);
  assert.match(one('escapes').subject, /ST=tab\\09x, L=trail\\ , OU=\\ lead/);
  assert.equal(one('utf8').common_name, 'Grüße 日本 😀');
  assert.deepEqual(one('utf8').subject_fields.emailAddress, ['ops@example.com']);
  assert.deepEqual(one('t61bmp').subject_fields, { CN: ['Grüße'], O: ['日本語'], OU: ['plain'] });
  assert.equal(one('bmp').common_name, '日本');
  assert.deepEqual(one('utf8').subject_alt_name, [
    'DNS:a.example',
    'DNS:*.wild.example',
    'IP:2001:db8::1',
    'IP:fe80::1:0:0:1',
    'IP:::',
    'IP:1:0:0:1::1',
    'IP:192.0.2.7',
    'IP:::1:0:0:1:0:0',
    'URI:https://x.example/p?q=1',
    'email:someone@b.example',
    'RID:1.2.3.4',
    'DirName:CN=dir name, O=Dir\\, Org, C=DE',
    'othername:<unsupported>',
  ]);
  assert.deepEqual(one('nosan').subject_alt_name, []);
  assert.equal(one('nosan').is_ca, false);
  assert.equal(one('t61bmp').is_ca, true);
  assert.equal(one('negserial').serial_number, '-1234');
  assert.equal(one('bigserial').serial_number, '7F'.padEnd(40, 'F'));
  assert.equal(one('zeroserial').serial_number, '00');
  assert.equal(one('expired').status, 'EXPIRED');
  assert.equal(one('notyet').status, 'NOT YET VALID');
  assert.deepEqual([one('gentime').not_before, one('gentime').not_after], ['2049-01-01T00:00:00Z', '2060-02-29T23:59:59Z']);
  assert.deepEqual(one('gentime').valid_at, { soon: false, before_2021: false, after_2049: true, bad: null });
  assert.equal(one('y1950').not_before, '1950-01-01T00:00:00Z');
  assert.deepEqual([one('ed448').public_key_algorithm, one('ed448').signature_algorithm], ['ed448', 'ED448']);
  assert.deepEqual([one('rsa1024').public_key_size, one('rsa1024').signature_algorithm], [1024, 'sha1WithRSAEncryption']);
  assert.equal(one('emptysubj').subject, '');
});

test('bad input: the same errors, wherever the reason is ours to give', async () => {
  const family = await makeFamily('ecdsa-p256');
  const pem = family.leaf.certificatePem;
  const der = Buffer.from(family.leaf.certificate.rawData);
  const inputs: Array<[string, Buffer | string]> = [
    ['empty', ''],
    ['whitespace', ' \n\t\n'],
    ['garbage bytes', Buffer.from([0x01, 0x02, 0xff, 0x00, 0x42])],
    ['plain text', 'hello, not a certificate\n'],
    ['truncated PEM', pem.slice(0, 200)],
    ['PEM cut mid-body with END', `${pem.slice(0, 300)}\n-----END CERTIFICATE-----\n`],
    ['PEM not base64', pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!')],
    ['a key PEM only', family.leaf.keyPem],
    ['a key and a certificate', family.leaf.keyPem + pem],
    ['a bundle with a broken block', pem + family.ca.certificatePem.replace(/\n[A-Za-z0-9+/]{8}/, '\n########') + pem],
    ['a bundle cut short', family.leaf.chainPem.slice(0, -80)],
    ['DER with bytes after it', Buffer.concat([der, Buffer.from([0, 0])])],
    ['DER cut short', der.subarray(0, der.length - 7)],
    ['a PEM line missing', pem.replace(/\n[^\n]*\n/, '\n')],
  ];
  for (const [label, input] of inputs) agree(input, label);
  // Where asn1js said why (its own words), we say why in ours: the sentence around it is the same.
  const reasonless = (e: string) => e.replace(/not a valid X\.509 certificate \(.*\)$/, 'not a valid X.509 certificate (…)');
  for (const [label, input] of [
    ['a PKCS#8 key as DER', Buffer.from(family.leaf.keyPem.split('\n').slice(1, -2).join(''), 'base64')],
    ['a SEQUENCE that is not a certificate', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05])],
    ['an empty SEQUENCE', Buffer.from([0x30, 0x00])],
  ] as const) {
    const ours = parseCertificates(input, { bundle: true });
    const theirs = referenceParseCertificates(input, { bundle: true });
    assert.equal(ours.certificates.length, 0, label);
    assert.deepEqual(ours.errors.map(reasonless), theirs.errors.map(reasonless), label);
    assert.match(ours.errors[0]!, /not a valid X\.509 certificate \(.+\)$/, label);
  }
});

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

/** The primitive TLVs of the tbsCertificate of `der` (strings, integers, times, OIDs, bit strings). */
function primitives(der: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  const walk = (t: Tlv, depth: number): void => {
    if (t.tag & 0x20 && depth < 12) {
      try {
        for (const c of children(der, t)) walk(c, depth + 1);
      } catch {
        // An OCTET STRING-like [n] that is not DER inside: skip it.
      }
    } else if (t.end > t.start) out.push(t);
  };
  walk(children(der, readTlv(der, 0))[0]!, 0);
  return out;
}

type Outcome = { kind: 'facts'; facts: CertificateFacts } | { kind: 'refused'; why: string } | { kind: 'threw'; why: string };

function outcome(read: () => CertificateFacts | string): Outcome {
  try {
    const r = read();
    return typeof r === 'string' ? { kind: 'refused', why: r } : { kind: 'facts', facts: r };
  } catch (err) {
    return { kind: 'threw', why: String(err) };
  }
}

function both(der: Buffer): { ours: Outcome; theirs: Outcome } {
  const ours = outcome(() => {
    const c = parseDer(der);
    return typeof c === 'string' ? c : describeCertificate(c, OPTIONS);
  });
  const theirs = outcome(() => {
    const c = referenceParseDer(der);
    return typeof c === 'string' ? c : referenceDescribe(c, OPTIONS);
  });
  return { ours, theirs };
}

/** asn1js reads a UTCTime that is not one as 1899-11-30 (zeros through Date.UTC); we refuse it. */
const GARBLED_TIME = '1899-11-30T00:00:00Z';

test('mutated values (same structure, bytes and string types changed): the same facts, or both refuse', () => {
  const next = random(20_26);
  const STRING_TAGS = [0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e, 0x04, 0x02];
  const tally = { same: 0, refused: 0, garbledTime: 0, referenceThrew: 0 };
  for (let i = 0; i < 800; i++) {
    const der = Buffer.from(corpus[next(corpus.length)]!);
    const leaves = primitives(der);
    const leaf = leaves[next(leaves.length)]!;
    const mode = next(3);
    if (mode === 2 && STRING_TAGS.includes(leaf.tag)) der[leaf.offset] = STRING_TAGS[next(STRING_TAGS.length)]!;
    else der[leaf.start + next(leaf.end - leaf.start)] = mode === 0 ? next(256) : 0x20 + next(0x60);
    const { ours, theirs } = both(der);
    const where = `mutant ${i} (tag 0x${leaf.tag.toString(16)} at ${leaf.offset})`;
    assert.notEqual(ours.kind, 'threw', `${where}: ${ours.kind === 'threw' ? ours.why : ''}`);
    if (ours.kind === 'facts' && theirs.kind === 'threw') {
      // The reference read it, then failed describing it (a public key that is not one): we describe it.
      tally.referenceThrew++;
    } else if (ours.kind === 'facts') {
      assert.equal(theirs.kind, 'facts', `${where}: the reference ${theirs.kind}`);
      assert.deepEqual(ours.facts, (theirs as { facts: unknown }).facts, where);
      tally.same++;
    } else if (theirs.kind === 'facts' && /malformed UTCTime/.test(ours.why)) {
      const f = theirs.facts as { not_before: string; not_after: string };
      assert.ok([f.not_before, f.not_after].includes(GARBLED_TIME), `${where}: ${f.not_before} ${f.not_after}`);
      tally.garbledTime++;
    } else {
      assert.notEqual(theirs.kind, 'facts', `${where}: we refused (${ours.why}), the reference read it`);
      tally.refused++;
    }
  }
  assert.ok(tally.same > 500 && tally.refused > 25 && tally.garbledTime > 15 && tally.referenceThrew < 10, JSON.stringify(tally));
});

test('broken structure (any byte changed, every cut): never a throw; whatever both read, the same facts', () => {
  const next = random(14);
  const tally = { same: 0, oursOnly: 0, theirsOnly: 0, neither: 0 };
  const mutants: Buffer[] = [];
  for (let i = 0; i < 700; i++) {
    const der = Buffer.from(corpus[next(corpus.length)]!);
    const at = next(next(2) ? Math.min(der.length, 400) : der.length);
    der[at] = next(2) ? der[at]! ^ (1 << next(8)) : next(256);
    mutants.push(der);
  }
  for (const der of corpus.slice(0, 3)) for (let cut = 0; cut < der.length; cut += 13) mutants.push(der.subarray(0, cut));
  for (const [i, der] of mutants.entries()) {
    const { ours, theirs } = both(der);
    assert.notEqual(ours.kind, 'threw', `mutant ${i}: ${ours.kind === 'threw' ? ours.why : ''}`);
    if (ours.kind === 'facts' && theirs.kind === 'facts') {
      assert.deepEqual(ours.facts, theirs.facts, `mutant ${i}`);
      tally.same++;
    } else if (ours.kind === 'facts') tally.oursOnly++;
    else if (theirs.kind === 'facts') tally.theirsOnly++;
    else tally.neither++;
  }
  assert.ok(tally.same > 350 && tally.neither > 170, JSON.stringify(tally));
});

/** A DER tree, to re-encode a certificate with one value replaced (lengths recomputed). */
interface Node {
  tag: number;
  children?: Node[];
  body?: Uint8Array;
}

function tree(der: Uint8Array, t: Tlv): Node {
  return t.tag & 0x20
    ? { tag: t.tag, children: children(der, t).map((c) => tree(der, c)) }
    : { tag: t.tag, body: der.subarray(t.start, t.end) };
}

function encode(node: Node): Buffer {
  const body = node.children ? Buffer.concat(node.children.map(encode)) : Buffer.from(node.body!);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([node.tag, ...length]), body]);
}

/** Every node of `node` in document order. */
function nodes(node: Node): Node[] {
  return [node, ...(node.children ?? []).flatMap(nodes)];
}

test('hand-edited values (fractional GeneralizedTime, odd string types, bad UTF-8, a SEQUENCE as a name value): the same facts', () => {
  const base = corpus.find((d) => d.length < 1200)!;
  const tbsOf = (root: Node) => root.children![0]!;
  const edits: Array<[string, (tbs: Node) => void]> = [];
  const times = (tbs: Node) =>
    tbs.children!.find((c) => c.tag === 0x30 && c.children?.length === 2 && c.children.every((t) => t.tag === 0x17 || t.tag === 0x18))!
      .children!;
  // The value of the issuer's first attribute (the first SET of the tbsCertificate).
  const cn = (tbs: Node) => nodes(tbs).find((n) => n.tag === 0x31)!.children![0]!.children![1]!;
  const text = (s: string, encoding: BufferEncoding = 'latin1') => Buffer.from(s, encoding);
  for (const t of [
    '20550101120000.5Z',
    '20550101120000.123Z',
    '20550101120000.9999Z',
    '20550101120000Z',
    '00500101000000Z',
    '20551301000000Z',
  ])
    edits.push([`notAfter GeneralizedTime ${t}`, (tbs) => Object.assign(times(tbs)[1]!, { tag: 0x18, body: text(t) })]);
  for (const t of ['491231235959Z', '500101000000Z', '200101000000z', 'x200101000000Z'])
    edits.push([`notBefore UTCTime ${t}`, (tbs) => Object.assign(times(tbs)[0]!, { tag: 0x17, body: text(t) })]);
  const values: Array<[string, number, Buffer]> = [
    ['NumericString', 0x12, text('12345')],
    ['VisibleString', 0x1a, text('visible')],
    ['UTF8String, bad UTF-8', 0x0c, Buffer.from([0x61, 0xc3, 0x28, 0xff])],
    ['UTF8String, a BOM first', 0x0c, Buffer.from([0xef, 0xbb, 0xbf, 0x61])],
    ['UTF8String, U+0000 and U+007F', 0x0c, Buffer.from([0x61, 0x00, 0x7f, 0x62])],
    ['empty PrintableString', 0x13, Buffer.alloc(0)],
    ['BMPString with a surrogate pair', 0x1e, text('\u{1F600}x', 'utf16le').swap16()],
    ['TeletexString, high bytes', 0x14, Buffer.from([0x47, 0xfc, 0xdf, 0xe9])],
    ['IA5String with a leading #', 0x16, text('#not hex')],
    ['OCTET STRING', 0x04, Buffer.from([1, 2, 3])],
  ];
  for (const [label, tag, body] of values) edits.push([`name value ${label}`, (tbs) => Object.assign(cn(tbs), { tag, body })]);
  edits.push([
    'name value a SEQUENCE',
    (tbs) => Object.assign(cn(tbs), { tag: 0x30, body: undefined, children: [{ tag: 0x02, body: Buffer.from([5]) }] }),
  ]);
  const refused: string[] = [];
  const unedited = describeCertificate(parseDer(base) as ParsedCertificate, OPTIONS);
  for (const [label, edit] of edits) {
    const root = tree(base, readTlv(base, 0));
    edit(tbsOf(root));
    const der = encode(root);
    const { ours, theirs } = both(der);
    if (ours.kind === 'facts') {
      assert.deepEqual(ours, theirs, label);
      const changed = label.startsWith('name') ? 'issuer' : label.includes('notAfter') ? 'not_after' : 'not_before';
      assert.notDeepEqual(ours.facts[changed], unedited[changed], `${label}: the edit shows in ${changed}`);
    } else {
      assert.notEqual(theirs.kind, 'facts', `${label}: we refused (${ours.why}), the reference read it`);
      refused.push(label);
    }
  }
  // Only the value types asn1js cannot hold either (a BMPString of odd length would be one) are refused.
  assert.deepEqual(refused, []);
});
