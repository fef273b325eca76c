import type { NamespaceLookup } from '../kube/namespaces.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { PodSecurityConfig } from './config.js';
import { defaultPolicyOf } from './config.js';
import type { Policy, ResolvedPolicy } from './namespace-policy.js';
import { resolveNamespacePolicy } from './namespace-policy.js';

/** Lists the pods of a namespace, to warn about existing pods when a namespace is tightened. */
export interface PodLister {
  /** The pods as the API server returns them; unvalidated, each is parsed before use. */
  listPods(namespace: string, signal: AbortSignal): Promise<readonly unknown[]>;
}

/** What the Pod Security handler needs from the outside world. */
export interface PodSecurityHandlerDeps {
  readonly namespaces: NamespaceLookup;
  readonly config: PodSecurityConfig;
  /** Without a lister, tightening a namespace only validates its labels. */
  readonly pods?: PodLister;
  /** Measures the time spent checking existing pods; the wall clock by default. */
  readonly clock?: Clock;
}

/** The handler's dependencies with everything derivable from the config derived once. */
export interface PodSecurityRuntime {
  readonly config: PodSecurityConfig;
  readonly defaultPolicy: Policy;
  readonly namespaces: NamespaceLookup;
  readonly pods: PodLister | undefined;
  readonly clock: Clock;
  readonly exemptNamespaces: ReadonlySet<string>;
  readonly exemptUsernames: ReadonlySet<string>;
  readonly exemptRuntimeClasses: ReadonlySet<string>;
}

/** Derives the runtime from the dependencies. */
export function createRuntime(deps: PodSecurityHandlerDeps): PodSecurityRuntime {
  const { exemptions } = deps.config;
  return {
    config: deps.config,
    defaultPolicy: defaultPolicyOf(deps.config),
    namespaces: deps.namespaces,
    pods: deps.pods,
    clock: deps.clock ?? systemClock,
    exemptNamespaces: new Set(exemptions.namespaces),
    exemptUsernames: new Set(exemptions.usernames),
    exemptRuntimeClasses: new Set(exemptions.runtimeClassNames),
  };
}

/** The namespace's resolved policy, or undefined when the namespace is unknown and that is an error. */
export function lookupNamespacePolicy(
  rt: PodSecurityRuntime,
  namespace: string,
): ResolvedPolicy | undefined {
  const labels = rt.namespaces.labelsOf(namespace);
  if (labels === undefined && rt.config.unknownNamespace === 'error') return undefined;
  return resolveNamespacePolicy(labels, rt.defaultPolicy);
}

/** Why a request is exempt before its object is read (namespace or user), if it is. */
export function exemptionOf(
  rt: PodSecurityRuntime,
  namespace: string,
  username: string | undefined,
): 'namespace' | 'user' | undefined {
  if (namespace !== '' && rt.exemptNamespaces.has(namespace)) return 'namespace';
  if (username && rt.exemptUsernames.has(username)) return 'user';
  return undefined;
}
