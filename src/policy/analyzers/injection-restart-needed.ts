import { nameOf, referenceOf } from '../cluster/objects.js';
import type { Analyzer, AnalyzerFinding } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { injectedRevision, isRunning, optsOut, requestedRevision } from './injection-helpers.js';

/** GW0115: a namespace labelled for injection runs pods without a sidecar. */
export const injectionRestartNeeded: Analyzer = {
  code: 'GW0115',
  name: 'injection-restart-needed',
  severity: 'medium',
  category: 'Injection',
  summary:
    'A namespace is labelled for injection but some of its running pods have no sidecar: restart them to inject.',
  triggers: [KINDS.namespace, KINDS.pod],
  analyze(state) {
    const findings: AnalyzerFinding[] = [];
    for (const namespace of listKind(state, KINDS.namespace)) {
      if (requestedRevision(namespace) === undefined) continue;
      for (const pod of listKind(state, KINDS.pod, nameOf(namespace))) {
        if (!isRunning(pod) || optsOut(pod) || injectedRevision(pod).injected) continue;
        findings.push({
          resource: pod,
          message: `namespace ${nameOf(namespace)} is labelled for injection but this pod has no sidecar: restart to inject`,
          related: [referenceOf(namespace)],
        });
      }
    }
    return findings;
  },
};
