import { randomUUID } from 'node:crypto';
import {
  apiVersionOf,
  type KubeObject,
  type ObjectRef,
  type ResourceType,
} from './fake-kube-resources.js';

/** A refusal the HTTP layer turns into a Kubernetes `Status` object with this code and reason. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: { name?: string; group?: string; kind?: string } = {},
  ) {
    super(message);
  }
}

/** A change, as a watch stream carries it. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

/** Which objects of one kind a list or watch wants. */
export interface ObjectFilter {
  readonly type: ResourceType;
  /** Only this namespace; all when absent. */
  readonly namespace?: string | undefined;
  /** Field and label selectors, compiled. */
  readonly matches: (object: KubeObject) => boolean;
}

interface LoggedEvent extends StoreEvent {
  readonly rv: number;
  readonly type: StoreEvent['type'];
  readonly resource: ResourceType;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * The objects of the fake API server, with one resourceVersion counter for all kinds (as etcd's
 * revision), an event history for watches that resume from a resourceVersion, and subscribers.
 * Objects are copied in and out, so callers can never change what is stored behind its back.
 */
export class FakeKubeStore {
  private revision = 0;
  /** Watches resuming from a revision below this one get 410 Gone. */
  private compactedBelow = 0;
  private readonly objects = new Map<ResourceType, Map<string, KubeObject>>();
  private readonly history: LoggedEvent[] = [];
  private readonly subscribers = new Set<{ filter: ObjectFilter; send: (e: StoreEvent) => void }>();

  constructor(readonly resources: readonly ResourceType[]) {
    for (const type of resources) this.objects.set(type, new Map());
  }

  /** The current resourceVersion of the whole store. */
  resourceVersion(): string {
    return String(this.revision);
  }

  /** The served kind of an apiVersion and kind, or undefined (a CRD not installed). */
  typeOf(apiVersion: string, kind: string): ResourceType | undefined {
    return this.resources.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** The served kind at a URL's group, version and plural. */
  typeAt(group: string, version: string, plural: string): ResourceType | undefined {
    return this.resources.find(
      (t) => t.group === group && t.version === version && t.plural === plural,
    );
  }

  /** Objects matching the filter, sorted by namespace and name. */
  list(filter: ObjectFilter): KubeObject[] {
    const all = [...this.table(filter.type).values()].filter((object) =>
      this.wanted(filter, object),
    );
    return all
      .sort((a, b) =>
        keyOf(a.metadata.namespace, a.metadata.name).localeCompare(
          keyOf(b.metadata.namespace, b.metadata.name),
        ),
      )
      .map((o) => structuredClone(o));
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.table(type).get(keyOf(namespace, name));
    return found && structuredClone(found);
  }

  /** Stores a new object; 409 when it exists, 404 when its namespace does not. */
  create(type: ResourceType, input: KubeObject): KubeObject {
    const { namespace, name } = input.metadata;
    if (this.table(type).has(keyOf(namespace, name))) {
      throw this.notAllowed(409, 'AlreadyExists', type, name, 'already exists');
    }
    if (type.namespaced && namespace !== undefined) this.requireNamespace(namespace);
    const object = this.stamp(type, input, undefined);
    if (type.kind === 'Namespace') {
      object.metadata.labels = { ...object.metadata.labels, [NAMESPACE_NAME_LABEL]: name };
      object['status'] = { phase: 'Active' };
    }
    return this.commit('ADDED', type, object);
  }

  /**
   * Replaces an object; 404 when it does not exist, 409 when the input names a resourceVersion
   * that is no longer the stored one (optimistic concurrency, as PUT does).
   */
  replace(type: ResourceType, input: KubeObject): KubeObject {
    const { namespace, name, resourceVersion } = input.metadata;
    const current = this.table(type).get(keyOf(namespace, name));
    if (!current) throw this.notAllowed(404, 'NotFound', type, name, 'not found');
    if (resourceVersion !== undefined && resourceVersion !== current.metadata.resourceVersion) {
      throw this.notAllowed(
        409,
        'Conflict',
        type,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const object = this.stamp(type, input, current);
    if (type.kind === 'Namespace') {
      object.metadata.labels = { ...object.metadata.labels, [NAMESPACE_NAME_LABEL]: name };
    }
    return this.commit('MODIFIED', type, object);
  }

  /** Deletes an object; deleting a namespace deletes what it holds first. */
  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const current = this.table(type).get(keyOf(namespace, name));
    if (!current) throw this.notAllowed(404, 'NotFound', type, name, 'not found');
    if (type.kind === 'Namespace') {
      for (const [held, table] of this.objects) {
        if (!held.namespaced) continue;
        for (const object of [...table.values()]) {
          if (object.metadata.namespace === name) this.remove(held, name, object.metadata.name);
        }
      }
    }
    this.table(type).delete(keyOf(namespace, name));
    this.revision++;
    const object = { ...structuredClone(current) };
    object.metadata.resourceVersion = String(this.revision);
    this.publish({ type: 'DELETED', object, rv: this.revision, resource: type });
    return structuredClone(object);
  }

  /**
   * The events after `resourceVersion` that the filter wants, or 'expired' when that history has
   * been compacted away (the watcher must relist).
   */
  eventsSince(resourceVersion: number, filter: ObjectFilter): StoreEvent[] | 'expired' {
    if (resourceVersion < this.compactedBelow) return 'expired';
    return this.history
      .filter((e) => e.rv > resourceVersion && e.resource === filter.type)
      .filter((e) => this.wanted(filter, e.object))
      .map(({ type, object }) => ({ type, object: structuredClone(object) }));
  }

  /** Calls `send` with every later change the filter wants; returns the unsubscribe. */
  subscribe(filter: ObjectFilter, send: (event: StoreEvent) => void): () => void {
    const subscriber = { filter, send };
    this.subscribers.add(subscriber);
    return () => void this.subscribers.delete(subscriber);
  }

  /** Forgets the event history: watches resuming from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedBelow = this.revision + 1;
  }

  /** Resolves a test's reference to its served kind, or throws naming what is not served. */
  typeOfRef(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): ResourceType {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    if (!type) throw new Error(`the fake API server does not serve ${ref.apiVersion} ${ref.kind}`);
    return type;
  }

  private table(type: ResourceType): Map<string, KubeObject> {
    const table = this.objects.get(type);
    if (!table) throw new Error(`unknown resource type ${type.kind}`);
    return table;
  }

  private wanted(filter: ObjectFilter, object: KubeObject): boolean {
    if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace)
      return false;
    return filter.matches(object);
  }

  private requireNamespace(namespace: string): void {
    const namespaces = this.resources.find((t) => t.kind === 'Namespace');
    if (!namespaces || !this.table(namespaces).has(keyOf(undefined, namespace))) {
      throw new KubeStatusError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
  }

  private stamp(
    type: ResourceType,
    input: KubeObject,
    current: KubeObject | undefined,
  ): KubeObject {
    const object = structuredClone(input);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata.uid = current?.metadata.uid ?? randomUUID();
    object.metadata.creationTimestamp =
      current?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return object;
  }

  private commit(
    type: 'ADDED' | 'MODIFIED',
    resource: ResourceType,
    object: KubeObject,
  ): KubeObject {
    this.revision++;
    object.metadata.resourceVersion = String(this.revision);
    this.table(resource).set(keyOf(object.metadata.namespace, object.metadata.name), object);
    this.publish({ type, object: structuredClone(object), rv: this.revision, resource });
    return structuredClone(object);
  }

  private publish(event: LoggedEvent): void {
    this.history.push(event);
    for (const { filter, send } of this.subscribers) {
      if (filter.type === event.resource && this.wanted(filter, event.object)) {
        send({ type: event.type, object: structuredClone(event.object) });
      }
    }
  }

  private notAllowed(
    code: number,
    reason: string,
    type: ResourceType,
    name: string,
    what: string,
  ): KubeStatusError {
    const resource = type.group === '' ? type.plural : `${type.plural}.${type.group}`;
    return new KubeStatusError(code, reason, `${resource} "${name}" ${what}`, {
      name,
      group: type.group,
      kind: type.plural,
    });
  }
}
