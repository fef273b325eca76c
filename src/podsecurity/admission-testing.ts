import type { AdmissionContext } from '../admission/handler.js';
import type { AdmissionRequest } from '../admission/review.js';

/*
 * Test support for the handler tests beside this file (imported only by *.test.ts files):
 * AdmissionRequests for Pods, workloads and Namespaces, and pods that pass or fail restricted.
 */

/** A context whose signal never aborts. */
export const testContext: AdmissionContext = {
  signal: new AbortController().signal,
  dryRun: false,
};

type RequestOverrides = Partial<AdmissionRequest>;

/** A Pod CREATE request (override operation, oldObject, subResource... as needed). */
export function podRequest(object: unknown, overrides: RequestOverrides = {}): AdmissionRequest {
  return {
    uid: 'uid-1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    name: 'web',
    namespace: 'team',
    operation: 'CREATE',
    userInfo: { username: 'alice' },
    object,
    ...overrides,
  };
}

/** A workload CREATE request of an apps or batch kind wrapping a pod template. */
export function workloadRequest(
  kind: string,
  object: unknown,
  overrides: RequestOverrides = {},
): AdmissionRequest {
  const group = kind === 'Job' || kind === 'CronJob' ? 'batch' : 'apps';
  const resource = `${kind.toLowerCase()}s`;
  return {
    ...podRequest(object, overrides),
    kind: { group, version: 'v1', kind },
    resource: { group, version: 'v1', resource },
    ...overrides,
  };
}

/** A Namespace request with the given labels (and old labels for an UPDATE). */
export function namespaceRequest(
  name: string,
  labels: Record<string, string>,
  oldLabels?: Record<string, string>,
): AdmissionRequest {
  return {
    uid: 'uid-ns',
    kind: { group: '', version: 'v1', kind: 'Namespace' },
    resource: { group: '', version: 'v1', resource: 'namespaces' },
    name,
    namespace: name,
    operation: oldLabels ? 'UPDATE' : 'CREATE',
    userInfo: { username: 'admin' },
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
    ...(oldLabels
      ? {
          oldObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: oldLabels } },
        }
      : {}),
  };
}

const hardened = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

/** A pod that satisfies restricted:latest; `name` and `image` vary it. */
export function restrictedPod(name = 'web', image = 'nginx:1.27'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image, securityContext: structuredClone(hardened) }],
    },
  };
}

/** A pod that passes baseline but fails restricted (no hardening at all). */
export function baselinePod(name = 'web', image = 'nginx:1.27'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image }] },
  };
}

/** A pod that fails baseline (privileged, host network). */
export function privilegedPod(name = 'web'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      hostNetwork: true,
      containers: [{ name: 'app', image: 'x', securityContext: { privileged: true } }],
    },
  };
}
