import { namespaceOf, objectsAt, stringAt, stringMapAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { knownHosts, resolveHost, workloadsSelected } from './mesh-helpers.js';

/**
 * GW0104: a DestinationRule subset whose labels select no pod (nor WorkloadEntry) of the host's
 * Service.
 */
export const destinationRuleSubsetNoPods: Analyzer = {
  code: 'GW0104',
  name: 'destination-rule-subset-no-pods',
  severity: 'medium',
  category: 'Traffic',
  summary:
    "A DestinationRule subset's labels select no pod behind the Service, so traffic to it fails.",
  triggers: [KINDS.destinationRule, KINDS.pod, KINDS.workloadEntry],
  analyze(state) {
    const { services } = knownHosts(state);
    const findings: AnalyzerFinding[] = [];
    for (const dr of listKind(state, KINDS.destinationRule)) {
      const service = services.get(resolveHost(stringAt(dr, 'spec', 'host'), namespaceOf(dr)));
      if (!service) continue;
      const serviceSelector = stringMapAt(service, 'spec', 'selector');
      for (const subset of objectsAt(dr, 'spec', 'subsets')) {
        const labels = { ...serviceSelector, ...stringMapAt(subset, 'labels') };
        if (workloadsSelected(state, labels, namespaceOf(service)).length > 0) continue;
        const shown = Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        findings.push({
          resource: dr,
          message: `subset ${stringAt(subset, 'name')} (${shown}) selects no pod of Service ${namespaceOf(service)}/${stringAt(service, 'metadata', 'name')}`,
        });
      }
    }
    return findings;
  },
};
