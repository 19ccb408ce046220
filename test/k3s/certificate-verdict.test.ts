/**
 * Judging the serving certificate and the serving Secret, and collecting a node's findings (src/k3s/certificate-verdict.ts,
 * src/k3s/node-findings.ts) through their filters: each case, and every combination of inputs
 * rendered as the playbooks' Jinja rendered it before (the 5-way ternary and the 14 lines of list
 * concatenation, kept here as the oracle).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderTemplate } from '../../src/template/render.js';

/** read-certificates.yaml's cb_serving_problem before it became a filter (for a server). */
const SERVING_ORACLE = `{{ ('nothing answers TLS on ' ~ cb_api_address ~ ':' ~ cb_port ~ ' (' ~ (cb_served.msg | default('')) ~ ')') if cb_served.certificate is not defined
         else ('the served certificate is ' ~ cb_served.certificate.status ~ ' (' ~ cb_served.certificate.days_left ~ ' days left)')
              if (cb_served.certificate.status in ['EXPIRED', 'NOT YET VALID'] or not cb_served.certificate.valid_at.window)
         else '' if cb_dynamic.certificates is not defined
         else ('the dynamic-cert.json certificate is ' ~ cb_dynamic.certificates[0].status ~ ' (' ~ cb_dynamic.certificates[0].days_left ~ ' days left)')
              if (cb_dynamic.certificates[0].status in ['EXPIRED', 'NOT YET VALID'] or not cb_dynamic.certificates[0].valid_at.window)
         else '' }}`;
const SERVING = "{{ cb_served | k3s_serving_problem(cb_dynamic, cb_api_address ~ ':' ~ cb_port) }}";

/** check-expiry.yaml's cb_findings before it became a filter. */
const FINDINGS_ORACLE = `{{ ([(cb_unreadable | length) ~ ' certificate file(s) could not be read: '
                ~ (cb_unreadable | map(attribute='path') | zip(cb_unreadable | map(attribute='error')) | map('join', ': ') | join('; '))]
               if cb_unreadable else [])
           + ([cb_leaves_summary ~ ': run rotate'] if cb_leaves_due else [])
           + (['k3s does not answer on the API port: ' ~ cb_serving_problem] if cb_api_down else [])
           + (['stale serving certificate: run force-reissue-serving (' ~ cb_serving_text ~ ')'] if cb_serving_text and not cb_leaves_due else [])
           + (['the serving certificate needs attention too (' ~ cb_serving_text ~ '): rotate re-issues it'] if cb_serving_text and cb_leaves_due else [])
           + ([(cb_cas_due | length) ~ ' CA certificate(s) inside the window, the soonest ' ~ (cb_cas_due | sort(attribute='not_after') | first).path
                ~ ': k3s never renews CAs (see k3s certificate rotate-ca)'] if cb_cas_due else [])
           + (['clock skew of ' ~ cb_clock_skew ~ ' s between this host and the controller (more than ' ~ cb_max_clock_skew
                ~ ' s): expiry judgements may be off'] if (cb_clock_skew | abs) > cb_max_clock_skew else [])
           + ([cb_cluster_problem] if cb_cluster_problem else [])
           + (['declared in cluster ' ~ cb_cluster ~ ' (k3s_cluster_name) but trusts another server CA (' ~ cb_cluster_ca[:12]
                ~ ", the cluster's other nodes " ~ ((cb_cluster_cas | reject('equalto', cb_cluster_ca) | first)[:12]) ~ '): it belongs to another cluster']
              if cb_ca_disagrees else [])
           + ([cb_version_mismatch] if cb_version_mismatch else []) }}`;
const FINDINGS = `{{ {'unreadable': cb_unreadable, 'leaves_due': cb_leaves_due, 'leaves_summary': cb_leaves_summary, 'api_down': cb_api_down,
  'serving_problem': cb_serving_problem, 'serving_text': cb_serving_text, 'cas_due': cb_cas_due, 'clock_skew': cb_clock_skew,
  'max_clock_skew': cb_max_clock_skew, 'cluster_problem': cb_cluster_problem, 'cluster': cb_cluster, 'cluster_ca': cb_cluster_ca,
  'cluster_cas': cb_cluster_cas, 'ca_disagrees': cb_ca_disagrees, 'version_mismatch': cb_version_mismatch} | k3s_findings }}`;

const cert = (status: string, window: boolean, days: number): Record<string, unknown> => ({
  status,
  days_left: days,
  valid_at: { window },
});
const CERTS = [
  cert('VALID', true, 300),
  cert('VALID', false, 20),
  cert('EXPIRING', false, 5),
  cert('EXPIRED', false, -3),
  cert('NOT YET VALID', false, 400),
];

describe('the serving certificate', () => {
  const vars = (served: unknown, dynamic: unknown): Record<string, unknown> => ({
    cb_served: served,
    cb_dynamic: dynamic,
    cb_api_address: '10.0.0.1',
    cb_port: 6443,
  });

  test('what is served counts first, then dynamic-cert.json; nothing served says why', () => {
    assert.equal(
      renderTemplate(SERVING, vars({ msg: 'connection refused' }, { skipped: true })),
      'nothing answers TLS on 10.0.0.1:6443 (connection refused)',
    );
    assert.equal(
      renderTemplate(SERVING, vars({ certificate: cert('EXPIRED', false, -3) }, { certificates: [cert('EXPIRED', false, -1)] })),
      'the served certificate is EXPIRED (-3 days left)',
    );
    assert.equal(
      renderTemplate(SERVING, vars({ certificate: cert('VALID', true, 300) }, { certificates: [cert('VALID', false, 20)] })),
      'the dynamic-cert.json certificate is VALID (20 days left)',
    );
    assert.equal(renderTemplate(SERVING, vars({ certificate: cert('VALID', true, 300) }, { skipped: true })), '');
    assert.equal(
      renderTemplate(SERVING, vars({ certificate: cert('VALID', true, 300) }, { certificates: [cert('VALID', true, 300)] })),
      '',
    );
  });

  test('every combination of served and dynamic-cert.json certificates, as the 5-way ternary judged it', () => {
    const served = [{ msg: 'refused' }, {}, ...CERTS.map((c) => ({ certificate: c }))];
    const dynamic = [{ skipped: true }, ...CERTS.map((c) => ({ certificates: [c] }))];
    for (const s of served)
      for (const d of dynamic) {
        assert.equal(renderTemplate(SERVING, vars(s, d)), renderTemplate(SERVING_ORACLE, vars(s, d)), JSON.stringify({ s, d }));
      }
  });
});

/** check-expiry.yaml's cb_secret_problem before it became a filter. */
const SECRET_ORACLE = `{{ ('the ' ~ cb_serving_secret ~ ' Secret could not be read: ' ~ (cb_secret.msg | default('')))
               if cb_secret.exists is not defined
             else 'the ' ~ cb_serving_secret ~ ' Secret does not exist' if not cb_secret.exists
             else '' if cb_secret_cert.certificates is not defined
             else ('the ' ~ cb_serving_secret ~ ' Secret holds a certificate that is ' ~ cb_secret_cert.certificates[0].status
                   ~ ' (' ~ cb_secret_cert.certificates[0].days_left ~ ' days left)')
                 if (cb_secret_cert.certificates[0].status in ['EXPIRED', 'NOT YET VALID']
                     or not cb_secret_cert.certificates[0].valid_at.window)
             else '' }}`;
const SECRET = '{{ cb_secret | k3s_secret_problem(cb_secret_cert, cb_serving_secret) }}';

describe('the serving Secret', () => {
  const vars = (secret: unknown, cert: unknown): Record<string, unknown> => ({
    cb_secret: secret,
    cb_secret_cert: cert,
    cb_serving_secret: 'k3s-serving',
  });

  test('unreadable, missing, holding a certificate inside the window, or fine', () => {
    assert.equal(
      renderTemplate(SECRET, vars({ msg: 'x509: certificate has expired' }, { skipped: true })),
      'the k3s-serving Secret could not be read: x509: certificate has expired',
    );
    assert.equal(renderTemplate(SECRET, vars({ exists: false }, { skipped: true })), 'the k3s-serving Secret does not exist');
    assert.equal(
      renderTemplate(SECRET, vars({ exists: true }, { certificates: [cert('EXPIRING', false, 5)] })),
      'the k3s-serving Secret holds a certificate that is EXPIRING (5 days left)',
    );
    assert.equal(renderTemplate(SECRET, vars({ exists: true }, { certificates: [cert('VALID', true, 300)] })), '');
  });

  test('every combination, as the Jinja it replaced judged it', () => {
    for (const secret of [{ msg: 'refused' }, {}, { exists: false }, { exists: true }]) {
      for (const c of [{ skipped: true }, ...CERTS.map((x) => ({ certificates: [x] }))]) {
        assert.equal(
          renderTemplate(SECRET, vars(secret, c)),
          renderTemplate(SECRET_ORACLE, vars(secret, c)),
          JSON.stringify({ secret, c }),
        );
      }
    }
  });
});

/** read-certificates.yaml's cb_leaves_due and cb_leaves_summary before they became filters. */
const LEAVES_ORACLE = `{{ (cb_files.certificates | rejectattr('is_ca') | rejectattr('valid_at.window') | list)
         + (cb_files.certificates | rejectattr('is_ca') | selectattr('status', 'equalto', 'NOT YET VALID') | list)
         + ([cb_served_api.certificate | combine({'path': cb_api_address ~ ':' ~ cb_api_port})]
            if (cb_served_api.certificate is defined
                and (cb_served_api.certificate.status in ['EXPIRED', 'NOT YET VALID'] or not cb_served_api.certificate.valid_at.window))
            else []) }}`;
const LEAVES = "{{ cb_files.certificates | k3s_leaves_due(cb_served_api, cb_api_address ~ ':' ~ cb_api_port) }}";
const SUMMARY_ORACLE = `{{ ((cb_leaves_due | length) ~ ' leaf certificate(s) inside the ' ~ cb_warn_days ~ '-day window, the soonest '
          ~ (cb_leaves_due | sort(attribute='not_after') | first).path ~ ' ('
          ~ (cb_leaves_due | sort(attribute='not_after') | first).days_left ~ ' days left)') if cb_leaves_due else '' }}`;
const SUMMARY = '{{ cb_leaves_due | k3s_leaves_summary(cb_warn_days) }}';

describe('the leaves inside the window', () => {
  const file = (path: string, isCa: boolean, c: Record<string, unknown>, notAfter: string): Record<string, unknown> => ({
    ...c,
    path,
    is_ca: isCa,
    not_after: notAfter,
  });
  const files = CERTS.flatMap((c, i) => [
    file(`/tls/leaf-${i}.crt`, false, c, `2027-0${i + 1}-01T00:00:00Z`),
    file(`/tls/ca-${i}.crt`, true, c, `2030-0${i + 1}-01T00:00:00Z`),
  ]);
  const vars = (certificates: unknown[], servedApi: unknown): Record<string, unknown> => ({
    cb_files: { certificates },
    cb_served_api: servedApi,
    cb_api_address: '127.0.0.1',
    cb_api_port: 6443,
    cb_warn_days: 90,
  });

  test("leaves not valid through the window, then not yet valid ones (listed twice when both, as before), then the kube-apiserver's", () => {
    const due = renderTemplate(
      LEAVES,
      vars(files, { certificate: { ...cert('EXPIRED', false, -1), not_after: '2026-01-01T00:00:00Z' } }),
    ) as Array<Record<string, unknown>>;
    assert.deepEqual(
      due.map((c) => c.path),
      ['/tls/leaf-1.crt', '/tls/leaf-2.crt', '/tls/leaf-3.crt', '/tls/leaf-4.crt', '/tls/leaf-4.crt', '127.0.0.1:6443'],
    );
    assert.equal(
      renderTemplate(SUMMARY, { cb_leaves_due: due, cb_warn_days: 90 }),
      '6 leaf certificate(s) inside the 90-day window, the soonest 127.0.0.1:6443 (-1 days left)',
    );
    assert.equal(renderTemplate(SUMMARY, { cb_leaves_due: [], cb_warn_days: 90 }), '');
  });

  test('every certificate and kube-apiserver combination, as the Jinja it replaced judged it', () => {
    const probes = [
      { skipped: true },
      { msg: 'refused' },
      ...CERTS.map((c) => ({ certificate: { ...c, not_after: '2027-03-01T00:00:00Z' } })),
    ];
    for (let n = 0; n <= files.length; n += 3) {
      for (const probe of probes) {
        const v = vars(files.slice(0, n), probe);
        const due = renderTemplate(LEAVES, v);
        assert.deepEqual(due, renderTemplate(LEAVES_ORACLE, v), JSON.stringify({ n, probe }));
        const w = { cb_leaves_due: due, cb_warn_days: 90 };
        assert.equal(renderTemplate(SUMMARY, w), renderTemplate(SUMMARY_ORACLE, w));
      }
    }
  });
});

describe("a node's findings", () => {
  const base = {
    cb_unreadable: [],
    cb_leaves_due: [],
    cb_leaves_summary: '',
    cb_api_down: false,
    cb_serving_problem: '',
    cb_serving_text: '',
    cb_cas_due: [],
    cb_clock_skew: 0,
    cb_max_clock_skew: 300,
    cb_cluster_problem: '',
    cb_cluster: 'prod',
    cb_cluster_ca: 'aaaaaaaaaaaaaaaa',
    cb_cluster_cas: ['bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'],
    cb_ca_disagrees: false,
    cb_version_mismatch: '',
  };
  /** One value per fact that makes its finding (or changes its wording). */
  const triggers: Record<string, unknown> = {
    cb_unreadable: [
      { path: '/a.crt', error: 'empty' },
      { path: '/b.crt', error: 'garbage' },
    ],
    cb_leaves_due: [{ path: '/l.crt', not_after: '2027-01-01T00:00:00Z' }],
    cb_api_down: true,
    cb_serving_text: 'the served certificate is EXPIRED (-3 days left)',
    cb_cas_due: [
      { path: '/ca2.crt', not_after: '2027-05-01T00:00:00Z' },
      { path: '/ca1.crt', not_after: '2027-02-01T00:00:00Z' },
    ],
    cb_clock_skew: -301,
    cb_cluster_problem: 'its server CA could not be read',
    cb_ca_disagrees: true,
    cb_version_mismatch: 'runs v1.30.1+k3s1 while the inventory says v1.30.2+k3s1',
  };
  const withSummaries = (v: Record<string, unknown>): Record<string, unknown> => ({
    ...v,
    cb_leaves_summary: '1 leaf certificate(s) inside the 90-day window',
    cb_serving_problem: 'nothing answers TLS on 127.0.0.1:6443 (refused)',
  });

  test('none: an empty list; each alone: its one sentence', () => {
    assert.deepEqual(renderTemplate(FINDINGS, withSummaries(base)), []);
    const skew = renderTemplate(FINDINGS, withSummaries({ ...base, cb_clock_skew: -301 })) as string[];
    assert.deepEqual(skew, ['clock skew of -301 s between this host and the controller (more than 300 s): expiry judgements may be off']);
    const cas = renderTemplate(FINDINGS, withSummaries({ ...base, cb_cas_due: triggers.cb_cas_due })) as string[];
    assert.deepEqual(cas, [
      '2 CA certificate(s) inside the window, the soonest /ca1.crt: k3s never renews CAs (see k3s certificate rotate-ca)',
    ]);
    assert.deepEqual(renderTemplate(FINDINGS, withSummaries({ ...base, cb_clock_skew: 300 })), [], 'exactly the tolerated skew is fine');
  });

  test('every combination of the facts (512), in the order and wording of the 14-line concatenation', () => {
    const keys = Object.keys(triggers);
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const v: Record<string, unknown> = { ...base };
      keys.forEach((k, i) => {
        if (mask & (1 << i)) v[k] = triggers[k];
      });
      const vars = withSummaries(v);
      assert.deepEqual(
        renderTemplate(FINDINGS, vars),
        renderTemplate(FINDINGS_ORACLE, vars),
        keys.filter((_, i) => mask & (1 << i)).join(' '),
      );
    }
  });

  test('a fact of the wrong kind is a template error, not a wrong sentence', () => {
    assert.throws(
      () => renderTemplate(FINDINGS, withSummaries({ ...base, cb_clock_skew: 'soon' })),
      /k3s_findings: clock_skew must be a number/,
    );
  });
});
