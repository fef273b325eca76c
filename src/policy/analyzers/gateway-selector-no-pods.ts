import { stringMapAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { podsSelected } from './mesh-helpers.js';

/** GW0109: a Gateway whose selector matches no pod. */
export const gatewaySelectorNoPods: Analyzer = {
  code: 'GW0109',
  name: 'gateway-selector-no-pods',
  severity: 'high',
  category: 'Traffic',
  summary: 'A Gateway selector matches no gateway pod in any namespace, so nothing serves it.',
  triggers: [KINDS.gateway, KINDS.pod],
  analyze(state) {
    const findings: AnalyzerFinding[] = [];
    for (const gw of listKind(state, KINDS.gateway)) {
      const selector = stringMapAt(gw, 'spec', 'selector');
      if (Object.keys(selector).length === 0 || podsSelected(state, selector).length > 0) continue;
      const shown = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      findings.push({ resource: gw, message: `selector ${shown} matches no pod` });
    }
    return findings;
  },
};
