import type { MeshConfig } from '../config/mesh-config.js';
import { INJECTION_NAMESPACE_LABEL } from '../kube/keys.js';
import { GangwayError } from '../shared/errors.js';
import type { InjectionContext } from './inject.js';
import { injectPod } from './inject.js';
import { validatePod, validatePodTemplate } from './pod-input.js';
import type { PodSecurityGate } from './pod-security-gate.js';
import { createDefaultPodSecurityGate } from './pod-security-gate.js';
import type { InjectionReport, RefusalCode } from './report.js';
import type { KubeVersion } from './settings.js';

/** Options of {@link injectManifests}: the offline stand-ins for what the webhook reads from the cluster. */
export interface InjectManifestsOptions {
  readonly mesh: MeshConfig;
  /** Namespace of documents that name none; `default` when omitted. */
  readonly namespace?: string | undefined;
  /** Labels of every document's namespace; `gangway.io/injection=enabled` when omitted. */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  readonly clusterVersion?: KubeVersion | undefined;
  readonly podSecurityGate?: PodSecurityGate | undefined;
}

/** What happened to one pod or pod template; `ignored` for documents that are not workloads. */
export type ManifestOutcome = 'injected' | 'skipped' | 'refused' | 'ignored';

/** One line of the `--explain` output: which document, which workload, what happened and why. */
export interface ManifestResult {
  /** Index of the document in the input. */
  readonly index: number;
  /** JSON pointer of the pod (template) inside the document: `` for a Pod, `/spec/template`, `/items/0/...`. */
  readonly path: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly outcome: ManifestOutcome;
  /** The skip reason, or what selected the pod for injection. */
  readonly reason?: string;
  /** The error code of a refusal. */
  readonly code?: RefusalCode | 'GANGWAY_ERR_OBJECT_INVALID';
  readonly message: string;
  readonly warnings: readonly string[];
}

/** Where each workload kind keeps its pod template; a Pod is its own template. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Walk {
  readonly index: number;
  readonly pointer: string;
  readonly context: Omit<InjectionContext, 'namespace'> & { readonly defaultNamespace: string };
  readonly results: ManifestResult[];
}

function getAt(doc: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
}

/** A copy of `doc` with `value` at `path` (copying only the objects along the path). */
function setAt(doc: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const [key, ...rest] = path;
  if (key === undefined) return value as JsonObject;
  const child = doc[key];
  return {
    ...doc,
    [key]: rest.length === 0 ? value : setAt(isObject(child) ? child : {}, rest, value),
  };
}

function identify(doc: JsonObject, walk: Walk) {
  const metadata = isObject(doc['metadata']) ? doc['metadata'] : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    index: walk.index,
    kind: text(doc['kind']) ?? '(no kind)',
    name: text(metadata['name']) || text(metadata['generateName']) || '(no name)',
    namespace: text(metadata['namespace']) ?? walk.context.defaultNamespace,
  };
}

type ReportFields = Pick<ManifestResult, 'outcome' | 'reason' | 'code' | 'message' | 'warnings'>;

function describeReport(report: InjectionReport): ReportFields {
  const { outcome, message, warnings } = report;
  switch (report.outcome) {
    case 'injected':
      return { outcome, reason: report.selectedBy, message, warnings };
    case 'skipped':
      return { outcome, reason: report.reason, message, warnings };
    case 'refused':
      return { outcome, code: report.code, message, warnings };
  }
}

function injectWorkload(doc: JsonObject, path: readonly string[], walk: Walk): unknown {
  const id = identify(doc, walk);
  const at = { ...id, path: walk.pointer + path.map((key) => `/${key}`).join('') };
  const template = getAt(doc, path);
  const pod = path.length === 0 ? validatePod(doc) : validatePodTemplate(template, path.join('.'));
  if (!pod.ok) {
    const code = 'GANGWAY_ERR_OBJECT_INVALID';
    const message = new GangwayError(code, pod.error).message;
    walk.results.push({ ...at, outcome: 'refused', code, message, warnings: [] });
    return doc;
  }
  const { pod: injected, report } = injectPod(pod.value, {
    ...walk.context,
    namespace: id.namespace,
  });
  walk.results.push({ ...at, ...describeReport(report) });
  if (report.outcome !== 'injected') return doc;
  // A template without metadata gets it first, where people expect to read it.
  const placed =
    isObject(template) && !('metadata' in template)
      ? { metadata: injected.metadata, ...injected }
      : injected;
  return setAt(doc, path, placed);
}

function walkDocument(doc: unknown, walk: Walk): unknown {
  if (isObject(doc) && doc['kind'] === 'List' && Array.isArray(doc['items'])) {
    const items = doc['items'].map((item: unknown, i) =>
      walkDocument(item, { ...walk, pointer: `${walk.pointer}/items/${i}` }),
    );
    return { ...doc, items };
  }
  const path =
    isObject(doc) && typeof doc['kind'] === 'string' ? POD_TEMPLATE_PATHS[doc['kind']] : undefined;
  if (isObject(doc) && path) return injectWorkload(doc, path, walk);
  const id = isObject(doc)
    ? identify(doc, walk)
    : { index: walk.index, kind: '(not an object)', name: '', namespace: '' };
  walk.results.push({
    ...id,
    path: walk.pointer,
    outcome: 'ignored',
    message: 'not a workload: passed through unchanged',
    warnings: [],
  });
  return doc;
}

/**
 * The offline front door (`gangway inject`): injects Pods and the pod templates of Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs and CronJobs, also inside a
 * `List`, through {@link injectPod}; everything else passes through unchanged. Pure: the inputs are
 * never mutated. A refused document is returned unchanged with a `refused` result.
 */
export function injectManifests(
  docs: readonly unknown[],
  options: InjectManifestsOptions,
): { docs: unknown[]; results: ManifestResult[] } {
  const results: ManifestResult[] = [];
  const context = {
    mesh: options.mesh,
    namespaceLabels: options.namespaceLabels ?? { [INJECTION_NAMESPACE_LABEL]: 'enabled' },
    clusterVersion: options.clusterVersion,
    podSecurityGate: options.podSecurityGate ?? createDefaultPodSecurityGate(),
    defaultNamespace: options.namespace ?? 'default',
  };
  const out = docs.map((doc, index) => walkDocument(doc, { index, pointer: '', context, results }));
  return { docs: out, results };
}
