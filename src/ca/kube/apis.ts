/**
 * The slices of the Kubernetes API the CA uses, as small interfaces. The real implementations
 * (client-apis.ts) call @kubernetes/client-node; the in-memory ones (memory-kube.ts) stand in for an
 * API server in tests. Values are plain strings: base64 is the real client's business.
 */

/** A watch or loop that can be stopped. */
export interface Stoppable {
  stop(): void;
}

/** What gangway reads and writes of a Secret. */
export interface SecretRecord {
  data: Readonly<Record<string, string>>;
  type?: string;
  /** Set on reads; required on replace (optimistic concurrency). */
  resourceVersion?: string;
}

/** Secrets: read, create-if-absent and compare-and-swap replace. */
export interface SecretApi {
  read(namespace: string, name: string): Promise<SecretRecord | undefined>;
  create(namespace: string, name: string, secret: SecretRecord): Promise<'created' | 'exists'>;
  replace(namespace: string, name: string, secret: SecretRecord): Promise<'replaced' | 'conflict'>;
}

/** What gangway reads and writes of a ConfigMap. */
export interface ConfigMapRecord {
  data: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
  resourceVersion?: string;
}

/** A change to a watched object. */
export interface WatchEvent {
  type: 'added' | 'modified' | 'deleted';
  namespace: string;
}

/** ConfigMaps of one name across namespaces. */
export interface ConfigMapApi {
  read(namespace: string, name: string): Promise<ConfigMapRecord | undefined>;
  create(
    namespace: string,
    name: string,
    configMap: ConfigMapRecord,
  ): Promise<'created' | 'exists'>;
  /** Replaces the ConfigMap; 'missing' when it was deleted meanwhile. */
  replace(
    namespace: string,
    name: string,
    configMap: ConfigMapRecord,
  ): Promise<'replaced' | 'conflict' | 'missing'>;
  /** Watches the ConfigMaps called `name` in every namespace. */
  watch(name: string, onEvent: (event: WatchEvent) => void): Promise<Stoppable>;
}

/** A namespace as the distributor sees it. */
export interface NamespaceEvent {
  type: 'added' | 'modified' | 'deleted';
  name: string;
  /** A terminating namespace refuses new objects; the distributor skips it. */
  terminating: boolean;
}

/** Namespaces: list and watch. */
export interface NamespaceApi {
  /** Names of the namespaces that are not terminating. */
  list(): Promise<string[]>;
  watch(onEvent: (event: NamespaceEvent) => void): Promise<Stoppable>;
}

/** The fields of a coordination.k8s.io/v1 Lease that leader election uses. */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTimeMs?: number;
  renewTimeMs?: number;
  leaseTransitions?: number;
  resourceVersion?: string;
}

/** Leases: read, create-if-absent and compare-and-swap replace. */
export interface LeaseApi {
  read(namespace: string, name: string): Promise<LeaseRecord | undefined>;
  create(namespace: string, name: string, lease: LeaseRecord): Promise<'created' | 'exists'>;
  replace(namespace: string, name: string, lease: LeaseRecord): Promise<'replaced' | 'conflict'>;
}

/** The outcome of an authentication.k8s.io/v1 TokenReview. */
export interface TokenReviewResult {
  authenticated: boolean;
  /** `system:serviceaccount:<namespace>:<name>` for a service-account token. */
  username?: string;
  /** The audiences the token was found valid for. */
  audiences?: readonly string[];
  /** Why the token was refused, when it was. */
  error?: string;
}

/** Asks the API server whether a token is valid for some audiences. */
export interface TokenReviewer {
  review(token: string, audiences: readonly string[]): Promise<TokenReviewResult>;
}
