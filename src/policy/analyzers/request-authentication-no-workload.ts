import { namespaceOf } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { podsSelected, ROOT_NAMESPACES, selectorOf } from './mesh-helpers.js';

/** GW0114: A RequestAuthentication selector matches no workload, so no token is checked. */
export const requestAuthenticationNoWorkload: Analyzer = {
  code: 'GW0114',
  name: 'request-authentication-no-workload',
  severity: 'medium',
  category: 'Security',
  summary: 'A RequestAuthentication selector matches no workload, so no token is checked.',
  triggers: [KINDS.requestAuthentication, KINDS.pod],
  analyze(state) {
    const findings: AnalyzerFinding[] = [];
    for (const policy of listKind(state, KINDS.requestAuthentication)) {
      const selector = selectorOf(policy, 'selector');
      if (selector === undefined) continue;
      // In a root namespace a selector picks workloads in every namespace.
      const scope = ROOT_NAMESPACES.includes(namespaceOf(policy)) ? undefined : namespaceOf(policy);
      if (podsSelected(state, selector, scope).length > 0) continue;
      const shown = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      findings.push({
        resource: policy,
        message: `selector ${shown || '(empty)'} matches no workload${scope ? ` in namespace ${scope}` : ''}`,
      });
    }
    return findings;
  },
};
