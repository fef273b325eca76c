import { GangwayError } from '../shared/errors.js';
import {
  INJECT_POD_LABEL,
  ISTIO_SIDECAR_ANNOTATION_PREFIX,
  ISTIO_TRAFFIC_ANNOTATION_PREFIX,
  SIDECAR_ANNOTATION_PREFIX,
  TRAFFIC_ANNOTATION_PREFIX,
} from '../kube/keys.js';
import { InterceptionModeSchema, ProxyLogLevelSchema } from '../config/mesh-config.js';
import type { InterceptionMode } from '../config/mesh-config.js';
import type { ParseResult } from './parse-result.js';
import { fail, ok } from './parse-result.js';
import { parseCpuQuantity, parseMemoryQuantity } from './quantity.js';
import type { TrafficSettings } from './traffic.js';
import {
  RESERVED_INBOUND_PORTS,
  defaultTrafficSettings,
  parseIpRangeList,
  parsePortList,
  sortPorts,
} from './traffic.js';

/** A proxy log level, as the mesh config and the `logLevel` annotation accept it. */
export type ProxyLogLevel = ReturnType<typeof ProxyLogLevelSchema.parse>;

/** An annotation found on a pod: the key it was found under and its value. */
export interface FoundAnnotation {
  readonly key: string;
  readonly value: string;
}

/** Where an annotation name lives: under `sidecar.*` or `traffic.*` prefixes. */
export type AnnotationFamily = 'sidecar' | 'traffic';

const PREFIXES: Record<AnnotationFamily, { gangway: string; istio: string }> = {
  sidecar: { gangway: SIDECAR_ANNOTATION_PREFIX, istio: ISTIO_SIDECAR_ANNOTATION_PREFIX },
  traffic: { gangway: TRAFFIC_ANNOTATION_PREFIX, istio: ISTIO_TRAFFIC_ANNOTATION_PREFIX },
};

/**
 * Finds an annotation by name under gangway's prefix, then (in Istio compatibility) under Istio's:
 * gangway's own key wins when both are present.
 */
export function findAnnotation(
  annotations: Readonly<Record<string, string>>,
  family: AnnotationFamily,
  name: string,
  istioCompatibility: boolean,
): FoundAnnotation | undefined {
  const [gangwayKey, istioKey] = annotationKeys(family, name);
  const own = annotations[gangwayKey];
  if (own !== undefined) return { key: gangwayKey, value: own };
  const istio = istioCompatibility ? annotations[istioKey] : undefined;
  return istio === undefined ? undefined : { key: istioKey, value: istio };
}

/** The full keys of an annotation name, built once per name: every review looks up every name. */
const ANNOTATION_KEYS: Record<AnnotationFamily, Map<string, readonly [string, string]>> = {
  sidecar: new Map(),
  traffic: new Map(),
};

function annotationKeys(family: AnnotationFamily, name: string): readonly [string, string] {
  const known = ANNOTATION_KEYS[family].get(name);
  if (known) return known;
  const { gangway, istio } = PREFIXES[family];
  const keys = [gangway + name, istio + name] as const;
  // Only the fixed names gangway asks about are kept, so the table cannot grow without bound.
  if (ANNOTATION_KEYS[family].size < 64) ANNOTATION_KEYS[family].set(name, keys);
  return keys;
}

/** The error refusing a pod because of one annotation, naming the annotation and the bad value. */
export function annotationError(found: FoundAnnotation, reason: string): GangwayError {
  return new GangwayError(
    'GANGWAY_ERR_INJECT_ANNOTATION',
    `annotation ${found.key}: invalid value ${JSON.stringify(found.value)}: ${reason}`,
    { field: `metadata.annotations["${found.key}"]` },
  );
}

/** Parses a boolean annotation strictly: exactly `true` or `false`. */
export function parseBoolean(text: string): ParseResult<boolean> {
  if (text === 'true' || text === 'false') return ok(text === 'true');
  return fail('expected "true" or "false"');
}

/** Parses a proxy log level. */
export function parseLogLevel(text: string): ParseResult<ProxyLogLevel> {
  const parsed = ProxyLogLevelSchema.safeParse(text);
  return parsed.success
    ? ok(parsed.data)
    : fail(`expected one of ${ProxyLogLevelSchema.options.join(', ')}`);
}

/**
 * Parses an interception mode: `cni`, `iptables` or `none`. Under Istio's key, Istio's own values
 * are accepted too: `NONE` is `none`; `REDIRECT` and `TPROXY` mean "capture", resolved later to the
 * mesh's default capturing mode.
 */
export function parseInterceptionMode(
  text: string,
  istioKey: boolean,
): ParseResult<InterceptionMode | 'capture'> {
  const parsed = InterceptionModeSchema.safeParse(text);
  if (parsed.success) return ok(parsed.data);
  if (istioKey && text === 'NONE') return ok('none');
  if (istioKey && (text === 'REDIRECT' || text === 'TPROXY')) return ok('capture');
  return fail(`expected one of ${InterceptionModeSchema.options.join(', ')}`);
}

/** The reference grammar of container images (distribution/reference), without IPv6 hosts. */
const IMAGE_REFERENCE = new RegExp(
  '^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?' +
    '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*' +
    '(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

/** Parses a container image reference such as `registry:5000/team/proxy:1.2@sha256:...`. */
export function parseImageReference(text: string): ParseResult<string> {
  if (text.length > 512 || !IMAGE_REFERENCE.test(text)) {
    return fail('expected an image reference such as ghcr.io/org/proxy:1.0');
  }
  return ok(text);
}

const sidecarParsers = {
  proxyCPU: (text: string) => parseCpuQuantity(text),
  proxyMemory: (text: string) => parseMemoryQuantity(text),
  proxyCPULimit: (text: string) => parseCpuQuantity(text),
  proxyMemoryLimit: (text: string) => parseMemoryQuantity(text),
  proxyImage: (text: string) => parseImageReference(text),
  logLevel: (text: string) => parseLogLevel(text),
  interceptionMode: (text: string, istioKey: boolean) => parseInterceptionMode(text, istioKey),
  holdApplicationUntilProxyStarts: (text: string) => parseBoolean(text),
  rewriteAppHTTPProbers: (text: string) => parseBoolean(text),
  nativeSidecar: (text: string) => parseBoolean(text),
} satisfies Record<string, (text: string, istioKey: boolean) => ParseResult<unknown>>;

/** The sidecar annotation names (after `sidecar.gangway.io/` or `sidecar.istio.io/`). */
export type SidecarAnnotationName = keyof typeof sidecarParsers;
/** Every sidecar annotation name gangway honours. */
export const SIDECAR_ANNOTATION_NAMES = Object.keys(sidecarParsers) as SidecarAnnotationName[];

type Parsed<F> = F extends (...args: never[]) => ParseResult<infer T> ? T : never;

/** The validated sidecar annotations of a pod; absent keys were not set. */
export type SidecarAnnotations = {
  -readonly [K in SidecarAnnotationName]?: Parsed<(typeof sidecarParsers)[K]>;
};

function parseOne<K extends SidecarAnnotationName>(
  name: K,
  found: FoundAnnotation,
): Parsed<(typeof sidecarParsers)[K]> {
  const istioKey = found.key.startsWith(ISTIO_SIDECAR_ANNOTATION_PREFIX);
  const parse = sidecarParsers[name] as (
    text: string,
    istioKey: boolean,
  ) => ParseResult<Parsed<(typeof sidecarParsers)[K]>>;
  const parsed = parse(found.value, istioKey);
  if (!parsed.ok) throw annotationError(found, parsed.error);
  return parsed.value;
}

/**
 * Reads and validates every sidecar annotation of a pod. Throws a GangwayError
 * (GANGWAY_ERR_INJECT_ANNOTATION) naming the first invalid annotation and its value.
 */
export function parseSidecarAnnotations(
  annotations: Readonly<Record<string, string>>,
  istioCompatibility: boolean,
): SidecarAnnotations {
  const result: Record<string, unknown> = {};
  for (const name of SIDECAR_ANNOTATION_NAMES) {
    const found = findAnnotation(annotations, 'sidecar', name, istioCompatibility);
    if (found) result[name] = parseOne(name, found);
  }
  return result;
}

const trafficParsers = {
  includeOutboundIPRanges: (text: string) => parseIpRangeList(text, { allowWildcard: true }),
  excludeOutboundIPRanges: (text: string) => parseIpRangeList(text, { allowWildcard: false }),
  includeInboundPorts: (text: string) => parsePortList(text, { allowWildcard: true }),
  excludeInboundPorts: (text: string) => parsePortList(text, { allowWildcard: false }),
  excludeOutboundPorts: (text: string) => parsePortList(text, { allowWildcard: false }),
} satisfies { [K in keyof TrafficSettings]: (text: string) => ParseResult<TrafficSettings[K]> };

/** The traffic annotation names (after `traffic.gangway.io/` or `traffic.sidecar.istio.io/`). */
export const TRAFFIC_ANNOTATION_NAMES = Object.keys(trafficParsers) as (keyof TrafficSettings)[];

function setTraffic<K extends keyof TrafficSettings>(
  settings: TrafficSettings,
  name: K,
  found: FoundAnnotation,
): void {
  const parse = trafficParsers[name] as (text: string) => ParseResult<TrafficSettings[K]>;
  const parsed = parse(found.value);
  if (!parsed.ok) throw annotationError(found, parsed.error);
  settings[name] = parsed.value;
}

/**
 * Reads and validates the traffic annotations of a pod into {@link TrafficSettings}; the agent's
 * own inbound ports are always excluded. Throws like {@link parseSidecarAnnotations}.
 */
export function parseTrafficAnnotations(
  annotations: Readonly<Record<string, string>>,
  istioCompatibility: boolean,
): TrafficSettings {
  const settings = defaultTrafficSettings();
  for (const name of TRAFFIC_ANNOTATION_NAMES) {
    const found = findAnnotation(annotations, 'traffic', name, istioCompatibility);
    if (found) setTraffic(settings, name, found);
  }
  // The list is sorted and free of duplicates (the default or a parsed one): it needs sorting
  // again only when a reserved port is added.
  const excluded = settings.excludeInboundPorts;
  const missing = RESERVED_INBOUND_PORTS.filter((port) => !excluded.includes(port));
  if (missing.length > 0) settings.excludeInboundPorts = sortPorts([...excluded, ...missing]);
  return settings;
}

/** Keys under `sidecar.gangway.io/` that gangway writes itself, so are not unknown. */
const OWN_SIDECAR_KEYS: readonly string[] = ['status', 'injection-report'];

function isUnknownKey(key: string): boolean {
  if (key.startsWith(SIDECAR_ANNOTATION_PREFIX)) {
    const name = key.slice(SIDECAR_ANNOTATION_PREFIX.length);
    return !OWN_SIDECAR_KEYS.includes(name) && !(name in sidecarParsers);
  }
  if (key.startsWith(TRAFFIC_ANNOTATION_PREFIX)) {
    return !(key.slice(TRAFFIC_ANNOTATION_PREFIX.length) in trafficParsers);
  }
  return false;
}

/**
 * Warnings for keys under gangway's own prefixes that gangway does not know (likely typos such as
 * `proxyCpu`); they are ignored, not refused, since they may come from a newer gangway.
 */
export function unknownAnnotationWarnings(annotations: Readonly<Record<string, string>>): string[] {
  return Object.keys(annotations)
    .filter(isUnknownKey)
    .sort()
    .map((key) =>
      key === INJECT_POD_LABEL
        ? `annotation ${key} is ignored: opting in or out is a pod label`
        : `annotation ${key} is not a gangway annotation and is ignored`,
    );
}
