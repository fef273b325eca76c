import { namespaceOf, stringAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { isKnownHost, knownHosts, resolveHost } from './mesh-helpers.js';

/** GW0105: a DestinationRule for a host with no Service (or ServiceEntry). */
export const destinationRuleHostMissing: Analyzer = {
  code: 'GW0105',
  name: 'destination-rule-host-missing',
  severity: 'medium',
  category: 'Traffic',
  summary:
    'A DestinationRule names a host that no Service or ServiceEntry provides; it applies to nothing.',
  triggers: [KINDS.destinationRule, KINDS.service, KINDS.serviceEntry],
  analyze(state) {
    const known = knownHosts(state);
    const findings: AnalyzerFinding[] = [];
    for (const dr of listKind(state, KINDS.destinationRule)) {
      const host = resolveHost(stringAt(dr, 'spec', 'host'), namespaceOf(dr));
      if (host === '' || isKnownHost(host, known)) continue;
      findings.push({ resource: dr, message: `host ${host} matches no Service or ServiceEntry` });
    }
    return findings;
  },
};
