import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import { checkLabels } from './labels.js';

/** A reference to the object a policy attaches to instead of a workload selector. */
export interface TargetRef {
  group?: string | undefined;
  kind?: string | undefined;
  name?: string | undefined;
  namespace?: string | undefined;
}

/**
 * Checks a workload selector given as the reporter at the selector and its label map (`matchLabels`
 * or `labels`, named by `field`): a selector without labels selects every workload (a warning);
 * empty keys and `*` are errors.
 */
export function checkSelectorLabels(
  labels: Readonly<Record<string, string>> | undefined,
  selectorAt: Reporter,
  field: 'matchLabels' | 'labels',
): void {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) {
    selectorAt.report(
      'GW-SEL-NO-LABELS',
      'selector has no labels; it applies to every workload in the namespace',
    );
    return;
  }
  const at = selectorAt.at(field);
  for (const [key, value] of entries) {
    if (key === '')
      at.at(key).report(
        'GW-SEL-EMPTY-KEY',
        `empty key is not supported in selector (value ${show(value)})`,
      );
    if (key.includes('*') || value.includes('*')) {
      at.at(key).report(
        'GW-SEL-WILDCARD',
        `wildcard is not supported in selector: ${show(`${key}=${value}`)}`,
      );
    }
  }
  checkLabels(Object.fromEntries(entries.filter(([key]) => key !== '' && !key.includes('*'))), at);
}

const ALLOWED_TARGETS: ReadonlyArray<readonly [string, string]> = [
  ['core', 'Service'],
  ['networking.istio.io', 'ServiceEntry'],
  ['gateway.networking.k8s.io', 'Gateway'],
  ['gateway.networking.k8s.io', 'GatewayClass'],
];

/** Checks one targetRef: a name, no namespace, and a Service, ServiceEntry or Gateway kind. */
export function checkTargetRef(ref: TargetRef, at: Reporter): void {
  if ((ref.name ?? '') === '')
    at.at('name').report('GW-TARGETREF-NAME-MISSING', 'targetRef name must be set');
  if ((ref.namespace ?? '') !== '') {
    at.at('namespace').report(
      'GW-TARGETREF-NAMESPACE-SET',
      'targetRef namespace must not be set; cross-namespace references are not supported',
    );
  }
  const group = (ref.group ?? '') === '' ? 'core' : (ref.group ?? '');
  if (!ALLOWED_TARGETS.some(([g, k]) => g === group && k === ref.kind)) {
    at.report(
      'GW-TARGETREF-KIND-UNSUPPORTED',
      `targetRef must be a Service, ServiceEntry, or gateway.networking.k8s.io Gateway or GatewayClass (got ${show(`${ref.group ?? ''}/${ref.kind ?? ''}`)})`,
    );
  }
}

/** The selection fields of a policy kind: at most one of them may be set. */
export interface PolicySelection {
  selector?: { matchLabels?: Readonly<Record<string, string>> | undefined } | undefined;
  targetRef?: TargetRef | undefined;
  targetRefs?: readonly TargetRef[] | undefined;
}

/** Checks selector, targetRef and targetRefs of a policy (spec-level reporter). */
export function checkPolicySelection(spec: PolicySelection, at: Reporter): void {
  const set = [
    spec.selector !== undefined,
    spec.targetRef !== undefined,
    (spec.targetRefs ?? []).length > 0,
  ];
  if (set.filter(Boolean).length > 1) {
    at.report('GW-SEL-AND-TARGETREF', 'only one of selector, targetRef or targetRefs can be set');
  }
  if (spec.selector)
    checkSelectorLabels(spec.selector.matchLabels, at.at('selector'), 'matchLabels');
  if (spec.targetRef) checkTargetRef(spec.targetRef, at.at('targetRef'));
  (spec.targetRefs ?? []).forEach((ref, i) => checkTargetRef(ref, at.at('targetRefs', i)));
}
