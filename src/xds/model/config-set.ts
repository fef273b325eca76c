import type { z } from 'zod';
import { describeZodError } from '../../kube/types.js';
import {
  EndpointSliceSchema,
  EndpointsSchema,
  NodeSchema,
  PodSchema,
  ServiceSchema,
} from './kube-objects.js';
import {
  ServiceEntrySchema,
  VirtualServiceSchema,
  WorkloadEntrySchema,
} from './istio-networking.js';
import {
  AuthorizationPolicySchema,
  DestinationRuleSchema,
  PeerAuthenticationSchema,
  SidecarSchema,
} from './istio-policy.js';

/** The schema of each kind translation reads. */
export const CONFIG_SCHEMAS = {
  Service: ServiceSchema,
  EndpointSlice: EndpointSliceSchema,
  Endpoints: EndpointsSchema,
  Pod: PodSchema,
  Node: NodeSchema,
  ServiceEntry: ServiceEntrySchema,
  WorkloadEntry: WorkloadEntrySchema,
  VirtualService: VirtualServiceSchema,
  DestinationRule: DestinationRuleSchema,
  Sidecar: SidecarSchema,
  PeerAuthentication: PeerAuthenticationSchema,
  AuthorizationPolicy: AuthorizationPolicySchema,
} as const;

/** A kind translation reads. */
export type ConfigKind = keyof typeof CONFIG_SCHEMAS;

/** The kinds, in a fixed order. */
export const CONFIG_KINDS = Object.keys(CONFIG_SCHEMAS) as ConfigKind[];

/** Every object of every kind, parsed; namespaces filled in. Immutable by convention. */
export type ConfigSet = {
  readonly [K in ConfigKind]: readonly z.infer<(typeof CONFIG_SCHEMAS)[K]>[];
};

/** An object that could not be read, and why. */
export interface ConfigProblem {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly message: string;
  /** Where it came from (a file path), when known. */
  readonly source?: string;
}

/** An empty config set. */
export function emptyConfigSet(): ConfigSet {
  return Object.fromEntries(CONFIG_KINDS.map((kind) => [kind, []])) as unknown as ConfigSet;
}

type Loose = Record<string, unknown>;

function describe(object: Loose): { kind: string; name: string; namespace: string } {
  const metadata = (object['metadata'] ?? {}) as Loose;
  return {
    kind: typeof object['kind'] === 'string' ? object['kind'] : '(no kind)',
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '(no name)',
    namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : 'default',
  };
}

/** Flattens `List` objects into their items. */
function flatten(objects: readonly unknown[]): Loose[] {
  const out: Loose[] = [];
  for (const object of objects) {
    if (typeof object !== 'object' || object === null) continue;
    const loose = object as Loose;
    if (loose['kind'] === 'List' && Array.isArray(loose['items']))
      out.push(...flatten(loose['items']));
    else out.push(loose);
  }
  return out;
}

/**
 * Parses objects of any kind into a config set; kinds translation does not read are skipped, and
 * objects that fail their schema are reported, not thrown, so one bad file never blanks the mesh.
 */
export function parseConfigObjects(
  objects: readonly unknown[],
  source?: string,
): { config: ConfigSet; problems: ConfigProblem[] } {
  const buckets = new Map<ConfigKind, unknown[]>(CONFIG_KINDS.map((kind) => [kind, []]));
  const problems: ConfigProblem[] = [];
  for (const object of flatten(objects)) {
    const about = describe(object);
    if (!(about.kind in CONFIG_SCHEMAS)) continue;
    const kind = about.kind as ConfigKind;
    const withNamespace = {
      ...object,
      metadata: { ...((object['metadata'] ?? {}) as Loose), namespace: about.namespace },
    };
    const parsed = CONFIG_SCHEMAS[kind].safeParse(withNamespace);
    if (parsed.success) buckets.get(kind)!.push(parsed.data);
    else
      problems.push({
        ...about,
        message: describeZodError(parsed.error),
        ...(source ? { source } : {}),
      });
  }
  return { config: Object.fromEntries(buckets) as unknown as ConfigSet, problems };
}

/** Merges config sets (the YAML directory's files, or several sources) into one. */
export function mergeConfigSets(sets: readonly ConfigSet[]): ConfigSet {
  return Object.fromEntries(
    CONFIG_KINDS.map((kind) => [kind, sets.flatMap((set): readonly unknown[] => set[kind])]),
  ) as unknown as ConfigSet;
}
