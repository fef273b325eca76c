import { nameOf, referenceOf } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { injectedRevision, isRunning, requestedRevision } from './injection-helpers.js';

/** GW0116: pods injected by another revision than the namespace asks for. */
export const injectionRevisionStale: Analyzer = {
  code: 'GW0116',
  name: 'injection-revision-stale',
  severity: 'low',
  category: 'Injection',
  summary:
    'A pod runs a sidecar injected by another control-plane revision than its namespace asks for: restart it to upgrade.',
  triggers: [KINDS.namespace, KINDS.pod],
  analyze(state) {
    const findings: AnalyzerFinding[] = [];
    for (const namespace of listKind(state, KINDS.namespace)) {
      const wanted = requestedRevision(namespace);
      if (wanted === undefined) continue;
      for (const pod of listKind(state, KINDS.pod, nameOf(namespace))) {
        const status = injectedRevision(pod);
        if (!isRunning(pod) || !status.injected || status.revision === wanted) continue;
        findings.push({
          resource: pod,
          message: `sidecar injected by revision ${status.revision}, namespace ${nameOf(namespace)} asks for ${wanted}: restart to re-inject`,
          related: [referenceOf(namespace)],
        });
      }
    }
    return findings;
  },
};
