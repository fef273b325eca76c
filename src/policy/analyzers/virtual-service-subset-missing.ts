import { namespaceOf, objectsAt, stringAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { destinationsOf, resolveHost } from './mesh-helpers.js';

/** GW0103: a VirtualService routes to a subset no DestinationRule defines for the host. */
export const virtualServiceSubsetMissing: Analyzer = {
  code: 'GW0103',
  name: 'virtual-service-subset-missing',
  severity: 'high',
  category: 'Traffic',
  summary:
    'A VirtualService routes to a subset that no DestinationRule defines for that host; requests fail with 503.',
  triggers: [KINDS.virtualService, KINDS.destinationRule],
  analyze(state) {
    const subsets = new Map<string, Set<string>>();
    for (const dr of listKind(state, KINDS.destinationRule)) {
      const host = resolveHost(stringAt(dr, 'spec', 'host'), namespaceOf(dr));
      const names = subsets.get(host) ?? new Set<string>();
      for (const subset of objectsAt(dr, 'spec', 'subsets')) names.add(stringAt(subset, 'name'));
      subsets.set(host, names);
    }
    const findings: AnalyzerFinding[] = [];
    for (const vs of listKind(state, KINDS.virtualService)) {
      const reported = new Set<string>();
      for (const { host, subset } of destinationsOf(vs)) {
        const resolved = resolveHost(host, namespaceOf(vs));
        const key = `${resolved}#${subset}`;
        if (subset === '' || subsets.get(resolved)?.has(subset) || reported.has(key)) continue;
        reported.add(key);
        findings.push({
          resource: vs,
          message: `subset ${subset} of host ${resolved} is defined by no DestinationRule`,
        });
      }
    }
    return findings;
  },
};
