import type { InterceptionMode, MeshConfig } from '../config/mesh-config.js';
import type { FoundAnnotation, ProxyLogLevel, SidecarAnnotations } from './annotations.js';
import {
  annotationError,
  findAnnotation,
  parseSidecarAnnotations,
  parseTrafficAnnotations,
  unknownAnnotationWarnings,
} from './annotations.js';
import { parseProxylessGrpc } from './proxyless.js';
import type { Quantity } from './quantity.js';
import { parseQuantity } from './quantity.js';
import type { TrafficSettings } from './traffic.js';

/** A Kubernetes version as the API server reports it, e.g. `{ major: 1, minor: 30 }`. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

/** The first Kubernetes version with native sidecars (init containers with restartPolicy Always) on by default. */
export const NATIVE_SIDECAR_MIN_VERSION: KubeVersion = { major: 1, minor: 29 };

/** Whether a cluster of this version runs native sidecars; an unknown version is assumed not to. */
export function supportsNativeSidecars(version: KubeVersion | undefined): boolean {
  if (!version) return false;
  const min = NATIVE_SIDECAR_MIN_VERSION;
  return version.major > min.major || (version.major === min.major && version.minor >= min.minor);
}

/** The proxy's resource requests and limits, as Kubernetes quantity strings. */
export interface ProxyResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** Everything injection needs to know about one pod, resolved from the mesh config and annotations. */
export interface InjectionSettings {
  readonly mode: InterceptionMode;
  /** The proxy is a native sidecar (an init container with restartPolicy Always). */
  readonly native: boolean;
  /** Classic sidecars only: the proxy starts first and the app waits for it. */
  readonly hold: boolean;
  readonly rewriteProbes: boolean;
  readonly image: string;
  readonly logLevel: ProxyLogLevel;
  readonly resources: ProxyResources;
  readonly traffic: TrafficSettings;
  /** App containers get `GRPC_XDS_BOOTSTRAP` and the certificates (docs/injection.md). */
  readonly proxylessGrpc: boolean;
  readonly warnings: readonly string[];
}

/** What {@link resolveSettings} reads. */
export interface SettingsInput {
  readonly annotations: Readonly<Record<string, string>>;
  readonly mesh: MeshConfig;
  readonly clusterVersion?: KubeVersion | undefined;
}

function resolveNative(input: SettingsInput, explicit: boolean | undefined): boolean {
  if (explicit !== undefined) return explicit;
  if (input.mesh.nativeSidecars === 'on') return true;
  if (input.mesh.nativeSidecars === 'off') return false;
  return supportsNativeSidecars(input.clusterVersion);
}

function resolveMode(
  mesh: MeshConfig,
  mode: SidecarAnnotations['interceptionMode'],
): InterceptionMode {
  if (mode !== 'capture') return mode ?? mesh.defaultInterceptionMode;
  // Istio's REDIRECT/TPROXY ask for capture, not for a mechanism: the mesh decides which one.
  return mesh.defaultInterceptionMode === 'none' ? 'cni' : mesh.defaultInterceptionMode;
}

interface PairInput {
  readonly request: Quantity | undefined;
  readonly limit: Quantity | undefined;
  readonly defaults: { readonly request: string; readonly limit: string };
  readonly limitAnnotation: () => FoundAnnotation | undefined;
}

/**
 * One request/limit pair. Both annotated: the request must not exceed the limit. One annotated: the
 * default other half follows it when it would otherwise be inconsistent, as Kubernetes would refuse.
 */
function resolvePair(pair: PairInput): { request: string; limit: string } {
  const { request, limit, defaults } = pair;
  if (request && limit) {
    const found = pair.limitAnnotation();
    if (request.value > limit.value && found) {
      throw annotationError(found, `the limit is below the request ${request.text}`);
    }
    return { request: request.text, limit: limit.text };
  }
  if (request) {
    const fallback = parseQuantity(defaults.limit);
    const raise = fallback.ok && fallback.value.value < request.value;
    return { request: request.text, limit: raise ? request.text : defaults.limit };
  }
  if (limit) {
    const fallback = parseQuantity(defaults.request);
    const lower = fallback.ok && fallback.value.value > limit.value;
    return { request: lower ? limit.text : defaults.request, limit: limit.text };
  }
  return { ...defaults };
}

function resolveResources(input: SettingsInput, parsed: SidecarAnnotations): ProxyResources {
  const { proxy, istioCompatibility } = input.mesh;
  const find = (name: string) => () =>
    findAnnotation(input.annotations, 'sidecar', name, istioCompatibility);
  const cpu = resolvePair({
    request: parsed.proxyCPU,
    limit: parsed.proxyCPULimit,
    defaults: { request: proxy.cpuRequest, limit: proxy.cpuLimit },
    limitAnnotation: find('proxyCPULimit'),
  });
  const memory = resolvePair({
    request: parsed.proxyMemory,
    limit: parsed.proxyMemoryLimit,
    defaults: { request: proxy.memoryRequest, limit: proxy.memoryLimit },
    limitAnnotation: find('proxyMemoryLimit'),
  });
  return {
    requests: { cpu: cpu.request, memory: memory.request },
    limits: { cpu: cpu.limit, memory: memory.limit },
  };
}

/**
 * Resolves the settings of one pod: annotations (validated strictly) over the mesh config over the
 * cluster version. Throws a GangwayError (GANGWAY_ERR_INJECT_ANNOTATION) for an invalid annotation.
 */
export function resolveSettings(input: SettingsInput): InjectionSettings {
  const { mesh, annotations } = input;
  const parsed = parseSidecarAnnotations(annotations, mesh.istioCompatibility);
  return {
    mode: resolveMode(mesh, parsed.interceptionMode),
    native: resolveNative(input, parsed.nativeSidecar),
    hold: parsed.holdApplicationUntilProxyStarts ?? mesh.holdApplicationUntilProxyStarts,
    rewriteProbes: parsed.rewriteAppHTTPProbers ?? mesh.rewriteAppHTTPProbers,
    image: parsed.proxyImage ?? mesh.proxy.image,
    logLevel: parsed.logLevel ?? mesh.proxy.logLevel,
    resources: resolveResources(input, parsed),
    traffic: parseTrafficAnnotations(annotations, mesh.istioCompatibility),
    proxylessGrpc: parseProxylessGrpc(annotations, mesh.istioCompatibility),
    warnings: unknownAnnotationWarnings(annotations),
  };
}
