/**
 * Why rotate refuses a node (src/k3s/rotate-refusals.ts, the `k3s_rotate_refusals` filter): each
 * reason, and every combination as the list concatenation rotate.yaml used before judged it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTemplate } from '../../src/template/render.js';

/** rotate.yaml's cb_refusals before it became a filter. */
const ORACLE = `{{ ([cb_version_problem ~ ': the renewal window and the tools of this k3s are unknown'] if cb_version_problem else [])
             + ([cb_cluster_problem] if cb_cluster_problem else [])
             + (['it trusts another server CA (' ~ cb_cluster_ca[:12] ~ ') than most nodes of its declared cluster ' ~ cb_cluster
                 ~ ' (' ~ ((cb_cluster_cas | reject('equalto', cb_cluster_ca) | first)[:12]) ~ ')'] if cb_ca_disagrees else [])
             + (['no server of its cluster ' ~ cb_cluster ~ ' was found in the inventory to ask whether it is Ready']
                if not cb_is_server and not cb_ready_server else [])
             + ([(cb_unreadable | length) ~ ' certificate file(s) could not be read ('
                 ~ (cb_unreadable | map(attribute='path') | join(', ')) ~ '); see check-expiry'] if cb_unreadable else []) }}`;
const FILTER = `{{ {'version_problem': cb_version_problem, 'cluster_problem': cb_cluster_problem, 'ca_disagrees': cb_ca_disagrees, 'cluster': cb_cluster,
  'cluster_ca': cb_cluster_ca, 'cluster_cas': cb_cluster_cas, 'is_server': cb_is_server, 'ready_server': cb_ready_server,
  'unreadable': cb_unreadable} | k3s_rotate_refusals }}`;

const base = {
  cb_version_problem: '',
  cb_cluster_problem: '',
  cb_ca_disagrees: false,
  cb_cluster: 'prod',
  cb_cluster_ca: '0123456789abcdef',
  cb_cluster_cas: ['fedcba9876543210', '0123456789abcdef'],
  cb_is_server: true,
  cb_ready_server: '',
  cb_unreadable: [],
};
const triggers: Record<string, unknown> = {
  cb_version_problem: '`k3s --version` failed (exit 127)',
  cb_cluster_problem: 'its server CA could not be read, so its cluster is unknown',
  cb_ca_disagrees: true,
  cb_is_server: false,
  cb_unreadable: [
    { path: '/a.crt', error: 'empty' },
    { path: '/b.crt', error: 'garbage' },
  ],
};

test('each reason alone, and none', () => {
  assert.deepEqual(renderTemplate(FILTER, base), []);
  assert.deepEqual(renderTemplate(FILTER, { ...base, cb_is_server: false }), [
    'no server of its cluster prod was found in the inventory to ask whether it is Ready',
  ]);
  assert.deepEqual(
    renderTemplate(FILTER, { ...base, cb_is_server: false, cb_ready_server: 'server-1' }),
    [],
    'an agent with a server to ask',
  );
  assert.deepEqual(renderTemplate(FILTER, { ...base, cb_ca_disagrees: true }), [
    'it trusts another server CA (0123456789ab) than most nodes of its declared cluster prod (fedcba987654)',
  ]);
  assert.deepEqual(renderTemplate(FILTER, { ...base, cb_unreadable: triggers.cb_unreadable }), [
    '2 certificate file(s) could not be read (/a.crt, /b.crt); see check-expiry',
  ]);
});

test('every combination (32), in the order and wording of the concatenation it replaced', () => {
  const keys = Object.keys(triggers);
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const vars: Record<string, unknown> = { ...base };
    keys.forEach((k, i) => {
      if (mask & (1 << i)) vars[k] = triggers[k];
    });
    assert.deepEqual(renderTemplate(FILTER, vars), renderTemplate(ORACLE, vars), keys.filter((_, i) => mask & (1 << i)).join(' '));
  }
});
