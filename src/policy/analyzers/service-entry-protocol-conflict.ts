import type { JsonObject } from '../cel/values.js';
import { listAt, objectsAt, stringAt, valueAt } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { groupBy, qualifiedName, referencesOf } from './mesh-helpers.js';

interface Claim {
  readonly entry: JsonObject;
  readonly key: string;
  readonly protocol: string;
}

function claimsOf(entry: JsonObject): Claim[] {
  const hosts = listAt(entry, 'spec', 'hosts').filter((h): h is string => typeof h === 'string');
  return objectsAt(entry, 'spec', 'ports').flatMap((port) => {
    const number = valueAt(port, 'number');
    const protocol = stringAt(port, 'protocol').toUpperCase() || 'TCP';
    return typeof number === 'number'
      ? hosts.map((h) => ({ entry, key: `${h}:${number}`, protocol }))
      : [];
  });
}

/** GW0117: ServiceEntries declare one host and port with different protocols. */
export const serviceEntryProtocolConflict: Analyzer = {
  code: 'GW0117',
  name: 'service-entry-protocol-conflict',
  severity: 'high',
  category: 'Traffic',
  summary:
    'One host and port is declared with different protocols by ServiceEntries; the proxy can only use one.',
  triggers: [KINDS.serviceEntry],
  analyze(state) {
    const claims = listKind(state, KINDS.serviceEntry).flatMap(claimsOf);
    const findings: AnalyzerFinding[] = [];
    for (const [key, group] of groupBy(claims, (c) => c.key)) {
      const protocols = [...new Set(group.map((c) => c.protocol))].sort();
      if (protocols.length < 2) continue;
      for (const entry of new Set(group.map((c) => c.entry))) {
        const others = [...new Set(group.map((c) => c.entry))].filter((o) => o !== entry);
        const also =
          others.length > 0 ? ` (also declared by ${others.map(qualifiedName).join(', ')})` : '';
        findings.push({
          resource: entry,
          message: `${key} is declared with protocols ${protocols.join(', ')}${also}`,
          related: referencesOf(others),
        });
      }
    }
    return findings;
  },
};
