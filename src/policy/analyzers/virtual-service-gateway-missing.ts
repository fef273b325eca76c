import { listAt, namespaceOf, objectsAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { qualifiedName } from './mesh-helpers.js';

function gatewaysNamed(vs: Parameters<typeof namespaceOf>[0]): string[] {
  const top = listAt(vs, 'spec', 'gateways');
  const inMatches = objectsAt(vs, 'spec', 'http').flatMap((route) =>
    objectsAt(route, 'match').flatMap((m) => listAt(m, 'gateways')),
  );
  return [...new Set([...top, ...inMatches].filter((g): g is string => typeof g === 'string'))];
}

/** GW0101: a VirtualService binds to a Gateway that does not exist. */
export const virtualServiceGatewayMissing: Analyzer = {
  code: 'GW0101',
  name: 'virtual-service-gateway-missing',
  severity: 'high',
  category: 'Traffic',
  summary:
    'A VirtualService names a Gateway that does not exist, so its routes are never served there.',
  triggers: [KINDS.virtualService, KINDS.gateway],
  analyze(state) {
    const gateways = new Set(listKind(state, KINDS.gateway).map(qualifiedName));
    const findings: AnalyzerFinding[] = [];
    for (const vs of listKind(state, KINDS.virtualService)) {
      for (const name of gatewaysNamed(vs)) {
        if (name === 'mesh') continue;
        const qualified = name.includes('/') ? name : `${namespaceOf(vs)}/${name}`;
        if (!gateways.has(qualified)) {
          findings.push({ resource: vs, message: `gateway ${qualified} does not exist` });
        }
      }
    }
    return findings;
  },
};
