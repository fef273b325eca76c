import type { JsonObject } from '../cel/values.js';
import { annotationsOf, labelsOf, stringAt, valueAt } from '../cluster/objects.js';
import {
  INJECT_POD_LABEL,
  INJECTION_NAMESPACE_LABEL,
  ISTIO_INJECT_POD_LABEL,
  ISTIO_INJECTION_NAMESPACE_LABEL,
  ISTIO_REVISION_NAMESPACE_LABEL,
  REVISION_NAMESPACE_LABEL,
  STATUS_ANNOTATION,
  SYSTEM_NAMESPACES,
} from '../../kube/keys.js';

/**
 * The revision a namespace asks the injector for, or undefined when the namespace is not
 * labelled for injection (or is a system namespace, which is never injected).
 */
export function requestedRevision(namespace: JsonObject): string | undefined {
  const labels = labelsOf(namespace);
  if (SYSTEM_NAMESPACES.includes(stringAt(namespace, 'metadata', 'name'))) return undefined;
  if (labels[INJECTION_NAMESPACE_LABEL] === 'disabled') return undefined;
  const revision = labels[REVISION_NAMESPACE_LABEL] ?? labels[ISTIO_REVISION_NAMESPACE_LABEL];
  if (revision !== undefined) return revision;
  const enabled =
    labels[INJECTION_NAMESPACE_LABEL] === 'enabled' ||
    labels[ISTIO_INJECTION_NAMESPACE_LABEL] === 'enabled';
  return enabled ? 'default' : undefined;
}

/** Whether a pod is running (manifests carry no status: taken as running). */
export function isRunning(pod: JsonObject): boolean {
  const phase = stringAt(pod, 'status', 'phase');
  return phase === '' || phase === 'Running' || phase === 'Pending';
}

/** Whether the pod opts out of injection, or could never be injected (host network). */
export function optsOut(pod: JsonObject): boolean {
  const labels = labelsOf(pod);
  const annotations = annotationsOf(pod);
  const off = (key: string): boolean => labels[key] === 'false' || annotations[key] === 'false';
  return (
    off(INJECT_POD_LABEL) ||
    off(ISTIO_INJECT_POD_LABEL) ||
    valueAt(pod, 'spec', 'hostNetwork') === true
  );
}

/** The injection status annotation of a pod: absent, or the revision that injected it. */
export function injectedRevision(
  pod: JsonObject,
): { injected: false } | { injected: true; revision: string } {
  const status = annotationsOf(pod)[STATUS_ANNOTATION];
  if (status === undefined) return { injected: false };
  try {
    const parsed: unknown = JSON.parse(status);
    const revision = (parsed as { revision?: unknown } | null)?.revision;
    return { injected: true, revision: typeof revision === 'string' ? revision : 'default' };
  } catch {
    return { injected: true, revision: 'default' };
  }
}
