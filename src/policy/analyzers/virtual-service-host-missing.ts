import { namespaceOf } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { destinationsOf, isKnownHost, knownHosts, resolveHost } from './mesh-helpers.js';

/** GW0102: a VirtualService routes to a host that is neither a Service nor a ServiceEntry. */
export const virtualServiceHostMissing: Analyzer = {
  code: 'GW0102',
  name: 'virtual-service-host-missing',
  severity: 'high',
  category: 'Traffic',
  summary:
    'A VirtualService routes to a host that no Service or ServiceEntry provides; requests fail with 503.',
  triggers: [KINDS.virtualService, KINDS.service, KINDS.serviceEntry],
  analyze(state) {
    const known = knownHosts(state);
    const findings: AnalyzerFinding[] = [];
    for (const vs of listKind(state, KINDS.virtualService)) {
      const missing = new Set<string>();
      for (const { host } of destinationsOf(vs)) {
        const resolved = resolveHost(host, namespaceOf(vs));
        if (!isKnownHost(resolved, known)) missing.add(resolved);
      }
      for (const host of missing) {
        findings.push({
          resource: vs,
          message: `destination host ${host} matches no Service or ServiceEntry`,
        });
      }
    }
    return findings;
  },
};
