import { namespaceOf, stringAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { groupBy, qualifiedName, referencesOf, resolveHost, selectorOf } from './mesh-helpers.js';

/** GW0107: several DestinationRules of one namespace for one host. */
export const destinationRuleHostConflict: Analyzer = {
  code: 'GW0107',
  name: 'destination-rule-host-conflict',
  severity: 'medium',
  category: 'Traffic',
  summary:
    'Several DestinationRules in one namespace apply to the same host; their policies are not merged predictably.',
  triggers: [KINDS.destinationRule],
  analyze(state) {
    const rules = listKind(state, KINDS.destinationRule).filter(
      (dr) => selectorOf(dr, 'workloadSelector') === undefined,
    );
    const findings: AnalyzerFinding[] = [];
    const groups = groupBy(
      rules,
      (dr) => `${namespaceOf(dr)}|${resolveHost(stringAt(dr, 'spec', 'host'), namespaceOf(dr))}`,
    );
    for (const [key, group] of groups) {
      if (group.length < 2) continue;
      const host = key.split('|')[1] ?? '';
      for (const dr of group) {
        const others = group.filter((o) => o !== dr);
        findings.push({
          resource: dr,
          message: `host ${host} also has DestinationRule ${others.map(qualifiedName).join(', ')}`,
          related: referencesOf(others),
        });
      }
    }
    return findings;
  },
};
