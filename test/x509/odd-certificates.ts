/**
 * Odd but real certificates, made by openssl at test time in a temporary directory (one `sh`
 * for all of them): multi-valued RDNs, escaped characters, UTF-8, T61, BMP and Universal
 * strings, emailAddress and other attribute types, every kind of SAN (IPv6, URI, email, RID,
 * DirName, otherName), no SAN, no basicConstraints, a CA with pathlen, negative, zero and
 * 20-byte serials, RSA with SHA-1, Ed448, an empty subject, and dates chosen with `openssl ca`:
 * expired, not yet valid, 1950 and GeneralizedTime after 2049 (up to 2060-02-29).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One certificate file openssl made. */
export interface OddCertificate {
  /** What is odd about it (the file name): `multi`, `escapes`, `gentime`, `bundle` (three certificates), … */
  name: string;
  pem: string;
}

const SCRIPT = String.raw`set -e
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem 2>/dev/null
openssl genpkey -algorithm ED448 -out ed448.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa.pem 2>/dev/null
cat > base.cnf <<'EOF'
[req]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[dn]
[none]
subjectKeyIdentifier = hash
[ca_path]
basicConstraints = critical, CA:TRUE, pathlen:2
keyUsage = keyCertSign, cRLSign
[leaf_no_ca]
basicConstraints = CA:FALSE
[sans]
subjectAltName = @alt
[alt]
DNS.1 = a.example
DNS.2 = *.wild.example
IP.1 = 2001:db8::1
IP.2 = fe80:0:0:0:1:0:0:1
IP.3 = ::
IP.4 = 1:0:0:1:0:0:0:1
IP.5 = 192.0.2.7
IP.6 = 0:0:1:0:0:1:0:0
URI.1 = https://x.example/p?q=1
email.1 = someone@b.example
RID.1 = 1.2.3.4
dirName.1 = dir_sect
otherName.1 = 1.2.3.4;UTF8:hello
[dir_sect]
C = DE
O = Dir, Org
CN = dir name
[ca]
default_ca = the_ca
[the_ca]
dir = .
database = index.txt
new_certs_dir = issued
serial = serialfile
default_md = sha384
policy = any
unique_subject = no
email_in_dn = yes
copy_extensions = none
[any]
commonName = optional
EOF
mk() { # name mask subj extra...
  n=$1; mask=$2; subj=$3; shift 3
  sed "s/^string_mask = .*/string_mask = $mask/" base.cnf > $n.cnf
  openssl req -x509 -new -config $n.cnf -key ec.pem -days 30 -subj "$subj" "$@" -out $n.crt 2>$n.err || { echo "FAILED $n: $(cat $n.err)"; }
}
mk multi utf8only '/CN=a+O=b+CN=c/O=x/OU=y+OU=z+OU=y' -multivalue-rdn -extensions none
mk escapes utf8only '/CN=a,b;c<d>e"f\\g=h+i/O=#hash/OU= lead/L=trail /ST=tab	x' -extensions none
mk utf8 utf8only '/CN=Grüße 日本 😀/O=Ünïcödé/emailAddress=ops@example.com/DC=example/DC=com/serialNumber=42/GN=Ada/SN=Lovelace/title=Dr/UID=ada/street=Main St 1/postalCode=12345/1.2.3.4.5=custom/businessCategory=Private' -extensions sans
mk t61bmp default '/CN=Grüße/O=日本語/OU=plain' -extensions ca_path
mk bmp pkix '/CN=日本/O=Ölfirma' -extensions leaf_no_ca
mk universal 'MASK:0x100' '/CN=Uni 😀 x/O=u' -extensions none
mk nosan utf8only '/CN=no-san' -extensions none
mk negserial utf8only '/CN=neg' -set_serial -0x1234 -extensions none
mk bigserial utf8only '/CN=big' -set_serial 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF -extensions none
mk zeroserial utf8only '/CN=zero' -set_serial 0 -extensions none
mk highbit utf8only '/CN=hb' -set_serial 0x80 -extensions none
mk rsa1024 utf8only '/CN=rsa/O=r' -key rsa.pem -extensions sans -sha1
mk ed448 utf8only '/CN=ed448' -key ed448.pem -extensions none
mk emptysubj utf8only '/' -extensions sans
# dated certificates through openssl ca: any start and end, GeneralizedTime after 2049.
mkdir -p issued; : > index.txt; echo 01 > serialfile
openssl req -new -config base.cnf -key ec.pem -subj '/CN=dated' -out dated.csr
ca() { n=$1; shift; openssl ca -batch -config base.cnf -selfsign -keyfile ec.pem -in dated.csr -extensions none -notext -out $n.crt "$@" 2>$n.err || echo "FAILED $n: $(cat $n.err)"; }
ca expired -startdate 20200101000000Z -enddate 20210101000000Z
ca notyet -startdate 20300101000000Z -enddate 20310101000000Z
ca gentime -startdate 20490101000000Z -enddate 20600229235959Z
ca y1950 -startdate 19500101000000Z -enddate 20491231235959Z
cat t61bmp.crt rsa1024.crt multi.crt > bundle.crt
`;

/** Makes the corpus; throws when openssl failed on any of them. */
export function makeOddCertificates(): OddCertificate[] {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-odd-certs-'));
  try {
    writeFileSync(join(dir, 'gen.sh'), SCRIPT);
    const r = spawnSync('sh', ['gen.sh'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.includes('FAILED'))
      throw new Error(`openssl could not make the odd certificates: ${r.stdout}${r.stderr}`);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.crt'))
      .sort()
      .map((f) => ({ name: f.slice(0, -4), pem: readFileSync(join(dir, f), 'utf8') }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
