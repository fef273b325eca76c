import type { Analyzer } from '../analyzers/analyzer.js';
import type { JsonObject } from '../cel/values.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { groupOf, identityOf, stringAt } from '../cluster/objects.js';

function refIdentity(ref: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/**
 * The analyzer findings about the object being admitted, as warnings `GW0101: message`. Only
 * analyzers triggered by its kind run, against the cached state with the object applied; a
 * finding counts when it is about the object or names it as related. Nothing without a state.
 */
export function analyzerWarnings(
  analyzers: readonly Analyzer[],
  state: ClusterState | undefined,
  subject: JsonObject | undefined,
  operation: string,
): string[] {
  if (!state || !subject || operation === 'DELETE') return [];
  const key = `${groupOf(stringAt(subject, 'apiVersion'))}/${stringAt(subject, 'kind')}`;
  const identity = identityOf(subject);
  const warnings: string[] = [];
  for (const analyzer of analyzers.filter((a) => a.triggers.includes(key))) {
    for (const finding of analyzer.analyze(state)) {
      const about = identityOf(finding.resource) === identity;
      const related = (finding.related ?? []).some((ref) => refIdentity(ref) === identity);
      if (about || related) warnings.push(`${analyzer.code}: ${finding.message}`);
    }
  }
  return warnings;
}
