import type { JsonObject } from '../cel/values.js';
import { labelsOf, namespaceOf } from '../cluster/objects.js';
import { matchesLabelSelector } from '../match/label-selector.js';
import type { Severity } from '../metadata.js';
import { isAtLeast } from '../metadata.js';
import type { AuditReport } from '../report/result.js';
import { isFinding } from '../report/result.js';
import type { LabelSelector } from '../schema.js';

/**
 * Which objects of a snapshot get results (`-n`, `-l`); undefined when all do. The state the
 * analyzers read is not narrowed by it.
 */
export function buildAuditScope(options: {
  namespace?: string | undefined;
  selector?: LabelSelector | undefined;
}): ((object: JsonObject) => boolean) | undefined {
  const { namespace, selector } = options;
  if (namespace === undefined && !selector) return undefined;
  return (object) =>
    (namespace === undefined || namespaceOf(object) === namespace) &&
    (!selector || matchesLabelSelector(selector, labelsOf(object)));
}

/** Whether a report has a fail, warn or error result at least as severe as `threshold`. */
export function hasFindingAtLeast(report: AuditReport, threshold: Severity): boolean {
  return report.results.some((r) => isFinding(r) && isAtLeast(r.severity, threshold));
}
