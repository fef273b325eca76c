import type { JsonObject } from '../cel/values.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import type { ObjectReference } from '../cluster/objects.js';
import {
  labelsOf,
  listAt,
  nameOf,
  objectAt,
  namespaceOf,
  objectsAt,
  referenceOf,
  stringAt,
  stringMapAt,
} from '../cluster/objects.js';
import { matchesLabels } from '../match/label-selector.js';
import { KINDS, listKind } from './analyzer.js';

/** The namespaces whose selector-less mesh policies apply mesh-wide (gangway's and Istio's). */
export const ROOT_NAMESPACES: readonly string[] = ['gangway-system', 'istio-system'];

/** The cluster DNS suffix of Service hosts. */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** The fully-qualified host of a Service. */
export function serviceHost(service: JsonObject): string {
  return `${nameOf(service)}.${namespaceOf(service)}.${CLUSTER_DOMAIN}`;
}

/** Resolves a host as Istio does: a short name (no dot) is a Service in `namespace`. */
export function resolveHost(host: string, namespace: string): string {
  return host.includes('.') || host.includes('*') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** Whether `host` is covered by `pattern`, which may start with `*.`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** Every host a destination can name: Services and ServiceEntry hosts. */
export function knownHosts(state: ClusterState): {
  services: Map<string, JsonObject>;
  entries: string[];
} {
  const services = new Map<string, JsonObject>();
  for (const svc of listKind(state, KINDS.service)) services.set(serviceHost(svc), svc);
  const entries = listKind(state, KINDS.serviceEntry).flatMap((se) =>
    listAt(se, 'spec', 'hosts').filter((h): h is string => typeof h === 'string'),
  );
  return { services, entries };
}

/** Whether a resolved host is a Service or covered by a ServiceEntry. */
export function isKnownHost(host: string, known: ReturnType<typeof knownHosts>): boolean {
  if (host.includes('*')) return true;
  return known.services.has(host) || known.entries.some((pattern) => hostMatches(pattern, host));
}

/** Pods of a namespace (or of every namespace) whose labels include `selector`. */
export function podsSelected(
  state: ClusterState,
  selector: Readonly<Record<string, string>>,
  namespace?: string,
): readonly JsonObject[] {
  return listKind(state, KINDS.pod, namespace).filter((pod) =>
    matchesLabels(selector, labelsOf(pod)),
  );
}

/**
 * The workloads a selector picks in a namespace: pods, and WorkloadEntries (VMs and endpoints
 * outside the cluster, whose labels are `spec.labels`), which a Service selects the same way.
 */
export function workloadsSelected(
  state: ClusterState,
  selector: Readonly<Record<string, string>>,
  namespace: string,
): readonly JsonObject[] {
  const entries = listKind(state, KINDS.workloadEntry, namespace).filter((entry) =>
    matchesLabels(selector, stringMapAt(entry, 'spec', 'labels')),
  );
  return [...podsSelected(state, selector, namespace), ...entries];
}

/**
 * The labels of a mesh selector: `spec.selector.matchLabels` (PeerAuthentication, policies,
 * Telemetry), `spec.workloadSelector.labels` (Sidecar), `spec.workloadSelector.matchLabels`
 * (DestinationRule); undefined when the object has none, i.e. applies to the whole namespace.
 */
export function selectorOf(
  object: JsonObject,
  field: 'selector' | 'workloadSelector',
): Record<string, string> | undefined {
  const holder = objectAt(object, 'spec', field);
  if (!holder) return undefined;
  return stringAt(object, 'kind') === 'Sidecar'
    ? stringMapAt(holder, 'labels')
    : stringMapAt(holder, 'matchLabels');
}

/** The destinations of a VirtualService: host and subset of every route, and mirrors. */
export function destinationsOf(vs: JsonObject): { host: string; subset: string }[] {
  const out: { host: string; subset: string }[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const route of objectsAt(vs, 'spec', section)) {
      const targets = [...objectsAt(route, 'route').map((r) => r['destination']), route['mirror']];
      for (const target of targets) {
        const host = stringAt(target as JsonObject | undefined, 'host');
        if (host) out.push({ host, subset: stringAt(target as JsonObject | undefined, 'subset') });
      }
    }
  }
  return out;
}

/** References to every object of a group, for `related`. */
export function referencesOf(objects: readonly JsonObject[]): ObjectReference[] {
  return objects.map(referenceOf);
}

/** Groups objects by a key, dropping those without one. */
export function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** `ns/name` of an object, for messages. */
export function qualifiedName(object: JsonObject): string {
  return `${namespaceOf(object)}/${nameOf(object)}`;
}

/**
 * Findings for every object of `kind` whose workload `selector` matches no pod. In a root
 * namespace a selector picks workloads in every namespace, so the search is cluster-wide there.
 */
export function selectorsMatchingNoWorkload(
  state: ClusterState,
  kind: string,
): { resource: JsonObject; message: string }[] {
  const findings: { resource: JsonObject; message: string }[] = [];
  for (const object of listKind(state, kind)) {
    const selector = selectorOf(object, 'selector');
    if (selector === undefined) continue;
    const scope = ROOT_NAMESPACES.includes(namespaceOf(object)) ? undefined : namespaceOf(object);
    if (podsSelected(state, selector, scope).length > 0) continue;
    const shown = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    findings.push({
      resource: object,
      message: `selector ${shown || '(empty)'} matches no workload${scope ? ` in namespace ${scope}` : ''}`,
    });
  }
  return findings;
}
