import type { JsonObject } from '../cel/values.js';
import { listAt, namespaceOf } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { groupBy, qualifiedName, referencesOf, resolveHost } from './mesh-helpers.js';

function bindingsOf(vs: JsonObject): string[] {
  const ns = namespaceOf(vs);
  const gateways = listAt(vs, 'spec', 'gateways').filter((g): g is string => typeof g === 'string');
  const qualified = (gateways.length === 0 ? ['mesh'] : gateways).map((g) =>
    g === 'mesh' || g.includes('/') ? g : `${ns}/${g}`,
  );
  const hosts = listAt(vs, 'spec', 'hosts').filter((h): h is string => typeof h === 'string');
  return qualified.flatMap((g) => hosts.map((h) => `${g}|${resolveHost(h, ns)}`));
}

/** GW0106: several VirtualServices claim one host on the same gateway (or the mesh). */
export const virtualServiceHostConflict: Analyzer = {
  code: 'GW0106',
  name: 'virtual-service-host-conflict',
  severity: 'medium',
  category: 'Traffic',
  summary:
    'Several VirtualServices define routes for the same host on the same gateway; only one set of routes wins.',
  triggers: [KINDS.virtualService],
  analyze(state) {
    const pairs = listKind(state, KINDS.virtualService).flatMap((vs) =>
      bindingsOf(vs).map((key) => ({ key, vs })),
    );
    const findings: AnalyzerFinding[] = [];
    for (const [key, group] of groupBy(pairs, (p) => p.key)) {
      const owners = [...new Set(group.map((p) => p.vs))];
      if (owners.length < 2) continue;
      const [gateway, host] = key.split('|');
      for (const vs of owners) {
        const others = owners.filter((o) => o !== vs);
        findings.push({
          resource: vs,
          message: `host ${host ?? ''} on ${gateway ?? ''} is also defined by ${others.map(qualifiedName).join(', ')}`,
          related: referencesOf(others),
        });
      }
    }
    return findings;
  },
};
