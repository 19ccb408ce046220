/**
 * The PrometheusRule (prometheus-operator's custom resource) that carries the groups of
 * `deploy/prometheus/certbook-rules.yaml`, the one home of certbook's alerting rules. Pure, so
 * the test can hold the committed `deploy/kubernetes/prometheusrule.yaml` to it.
 */
import { parse, stringify } from 'yaml';

/** Where the plain rules file and the generated resource live, from the repository root. */
export const RULES_FILE = 'deploy/prometheus/certbook-rules.yaml';
export const PROMETHEUS_RULE_FILE = 'deploy/kubernetes/prometheusrule.yaml';

/** The PrometheusRule text for the plain rules file's text (its groups, unchanged). */
export function renderPrometheusRule(rulesYaml: string): string {
  const { groups } = parse(rulesYaml) as { groups: unknown[] };
  const resource = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'certbook', labels: { 'app.kubernetes.io/name': 'certbook' } },
    spec: { groups },
  };
  const header = [
    `# Generated from ${RULES_FILE} by \`npm run rules\`: edit that file, not this one.`,
    "# Add the labels your Prometheus's ruleSelector wants (kube-prometheus-stack: release: <its release>)",
    '# and set metadata.namespace to where it looks for rules.',
  ];
  // lineWidth 0: the long PromQL expressions and descriptions stay on one line, as written.
  return `${header.join('\n')}\n${stringify(resource, { lineWidth: 0 })}`;
}
