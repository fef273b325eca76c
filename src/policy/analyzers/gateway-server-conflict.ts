import type { JsonObject } from '../cel/values.js';
import { listAt, objectsAt, stringMapAt, valueAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { groupBy, qualifiedName, referencesOf } from './mesh-helpers.js';

function serverKeys(gateway: JsonObject): string[] {
  const selector = Object.entries(stringMapAt(gateway, 'spec', 'selector'))
    .sort()
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return objectsAt(gateway, 'spec', 'servers').flatMap((server) => {
    const number = valueAt(server, 'port', 'number');
    const port = typeof number === 'number' ? String(number) : '';
    const hosts = listAt(server, 'hosts').filter((h): h is string => typeof h === 'string');
    return hosts.map((h) => `${selector}|${port}|${h.slice(h.indexOf('/') + 1)}`);
  });
}

/** GW0108: Gateways with the same selector, port and host. */
export const gatewayServerConflict: Analyzer = {
  code: 'GW0108',
  name: 'gateway-server-conflict',
  severity: 'high',
  category: 'Traffic',
  summary:
    'Two Gateways program the same gateway pods with the same port and host; one of them is ignored.',
  triggers: [KINDS.gateway],
  analyze(state) {
    const pairs = listKind(state, KINDS.gateway).flatMap((gw) =>
      [...new Set(serverKeys(gw))].map((key) => ({ key, gw })),
    );
    const findings: AnalyzerFinding[] = [];
    for (const [key, group] of groupBy(pairs, (p) => p.key)) {
      if (group.length < 2) continue;
      const [selector, port, host] = key.split('|');
      for (const { gw } of group) {
        const others = group.map((p) => p.gw).filter((o) => o !== gw);
        findings.push({
          resource: gw,
          message: `selector ${selector ?? ''}, port ${port ?? ''}, host ${host ?? ''} is also served by ${others.map(qualifiedName).join(', ')}`,
          related: referencesOf(others),
        });
      }
    }
    return findings;
  },
};
