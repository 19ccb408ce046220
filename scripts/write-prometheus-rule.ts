/**
 * `npm run rules`: writes deploy/kubernetes/prometheusrule.yaml from
 * deploy/prometheus/certbook-rules.yaml. Run it after changing the rules; the tests fail when
 * the committed resource is stale (test/deploy/prometheus-rules.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMETHEUS_RULE_FILE, RULES_FILE, renderPrometheusRule } from './prometheus-rule/render.js';

const root = join(import.meta.dirname, '..');
const text = renderPrometheusRule(readFileSync(join(root, RULES_FILE), 'utf8'));
writeFileSync(join(root, PROMETHEUS_RULE_FILE), text);
console.log(`wrote ${PROMETHEUS_RULE_FILE}`);
