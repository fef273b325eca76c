import { checkHeaderName } from '../checks/headers.js';
import { checkLabels } from '../checks/labels.js';
import { checkPort } from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import type { ReadinessProbe, WorkloadGroupSpec } from '../schemas/service-entry.js';
import { workloadGroupSpec } from '../schemas/service-entry.js';

const TIMINGS = [
  'periodSeconds',
  'initialDelaySeconds',
  'timeoutSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

function checkMethod(probe: ReadinessProbe, at: Reporter): void {
  if (probe.httpGet) {
    const get = probe.httpGet;
    at.at('httpGet', 'port').reportProblem(checkPort(get.port ?? 0));
    if ((get.scheme ?? '') !== '' && get.scheme !== 'HTTP' && get.scheme !== 'HTTPS') {
      at.at('httpGet', 'scheme').report(
        'GW-WG-PROBE-SCHEME',
        `httpGet.scheme must be "HTTP" or "HTTPS" (got ${show(get.scheme)})`,
      );
    }
    (get.httpHeaders ?? []).forEach((h, i) =>
      at.at('httpGet', 'httpHeaders', i, 'name').reportProblem(checkHeaderName(h.name ?? '')),
    );
  } else if (probe.tcpSocket) {
    at.at('tcpSocket', 'port').reportProblem(checkPort(probe.tcpSocket.port ?? 0));
  } else if (probe.exec) {
    if ((probe.exec.command ?? []).length === 0)
      at.at('exec', 'command').report('GW-WG-PROBE-EXEC-COMMAND', 'exec.command is required');
  } else {
    at.report('GW-WG-PROBE-NO-METHOD', 'probe must set one of httpGet, tcpSocket or exec');
  }
}

function checkProbe(probe: ReadinessProbe, at: Reporter): void {
  for (const field of TIMINGS) {
    const value = probe[field];
    if (value !== undefined && value < 0)
      at.at(field).report('GW-WG-PROBE-NEGATIVE', `${field} must be >= 0 (got ${value})`);
  }
  checkMethod(probe, at);
}

function validateWorkloadGroup(spec: WorkloadGroupSpec, context: KindContext): void {
  const at = context.spec;
  // The template is not a full WorkloadEntry: address and the like are filled in per workload.
  if (spec.template === undefined)
    at.at('template').report('GW-WG-TEMPLATE-REQUIRED', 'template is required');
  else checkLabels(spec.template.labels, at.at('template', 'labels'));
  checkLabels(spec.metadata?.labels, at.at('metadata', 'labels'));
  if (spec.probe) checkProbe(spec.probe, at.at('probe'));
}

/** WorkloadGroup: a template for WorkloadEntries of auto-registered VMs (networking.istio.io). */
export const workloadGroupKind = defineKind({
  group: 'networking.istio.io',
  kind: 'WorkloadGroup',
  plural: 'workloadgroups',
  singular: 'workloadgroup',
  shortNames: ['wg'],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: workloadGroupSpec,
  validate: validateWorkloadGroup,
});
