import { cloneJson } from '../shared/clone.js';
import type { MeshConfig } from '../config/mesh-config.js';
import { INJECTION_REPORT_ANNOTATION, STATUS_ANNOTATION } from '../kube/keys.js';
import type { Container, EnvVar, Pod, PodSpec } from '../kube/types.js';
import {
  APP_PROBERS_ENV,
  INIT_CONTAINER_NAME,
  INJECTED_VOLUMES,
  PROMETHEUS_ENV,
  PROXY_CONTAINER_NAME,
  PROXY_UID,
} from './constants.js';
import { mergeContainerOverride } from './overrides.js';
import type { AppProbers } from './probes.js';
import { formatAppProbers, parseAppProbers, rewriteAppProbes } from './probes.js';
import { mergePrometheusAnnotations } from './prometheus.js';
import { addProxylessGrpc, KEY_GROUP_READABLE_FLAG, shareKeyGroup } from './proxyless.js';
import type { SelectionReason } from './report.js';
import { formatReportAnnotation } from './report.js';
import type { InjectionSettings } from './settings.js';
import { formatStatus } from './status.js';
import { buildInitContainer, buildProxyContainer, buildVolumes } from './templates.js';

/** What {@link assembleInjectedPod} needs. */
export interface AssembleInput {
  readonly original: Pod;
  readonly settings: InjectionSettings;
  readonly mesh: MeshConfig;
  readonly selectedBy: SelectionReason;
}

/** The pod's containers with gangway's own taken out: the user's gangway-proxy becomes overrides. */
interface Taken {
  readonly initContainers: Container[];
  readonly containers: Container[];
  readonly proxyOverride: Container | undefined;
}

/**
 * Takes out containers named gangway-proxy (the first is kept as overrides) and gangway-init (a
 * reserved name: replaced), so that injecting again merges instead of duplicating.
 */
function takeOwnContainers(spec: PodSpec): Taken {
  let proxyOverride: Container | undefined;
  const keep = (container: Container): boolean => {
    if (container.name === PROXY_CONTAINER_NAME) proxyOverride ??= container;
    return container.name !== PROXY_CONTAINER_NAME && container.name !== INIT_CONTAINER_NAME;
  };
  const initContainers = (spec.initContainers ?? []).filter(keep);
  const containers = spec.containers.filter(keep);
  return { initContainers, containers, proxyOverride };
}

function envValue(container: Container | undefined, name: string): string | undefined {
  return container?.env?.find((env) => env.name === name)?.value;
}

interface ProxyInput {
  readonly settings: InjectionSettings;
  readonly mesh: MeshConfig;
  readonly override: Container | undefined;
  readonly probers: AppProbers;
  readonly prometheus: string | undefined;
}

/**
 * The proxy container: the template, the pod-specific env, then the user's overrides. The probers
 * map is merged with the one of an earlier injection (the override's), never replaced by it.
 */
function buildFinalProxy(input: ProxyInput): Container {
  const { settings, mesh, override, prometheus } = input;
  const probers = { ...parseAppProbers(envValue(override, APP_PROBERS_ENV)), ...input.probers };
  const extraEnv: EnvVar[] = [];
  if (Object.keys(probers).length > 0) {
    extraEnv.push({ name: APP_PROBERS_ENV, value: formatAppProbers(probers) });
  }
  if (prometheus !== undefined) extraEnv.push({ name: PROMETHEUS_ENV, value: prometheus });
  const template = buildProxyContainer(settings, mesh);
  template.env = [...(template.env ?? []), ...extraEnv];
  if (!override) return template;
  const env = override.env?.filter((entry) => entry.name !== APP_PROBERS_ENV);
  return mergeContainerOverride(template, env ? { ...override, env } : override);
}

function placeContainers(
  spec: PodSpec,
  taken: Taken,
  injected: { init: Container | undefined; proxy: Container; settings: InjectionSettings },
): void {
  const { init, proxy, settings } = injected;
  const head = [init, settings.native ? proxy : undefined].filter((c): c is Container => !!c);
  const initContainers = [...head, ...taken.initContainers];
  if (initContainers.length > 0 || (spec.initContainers ?? []).length > 0) {
    spec.initContainers = initContainers;
  }
  if (settings.native) spec.containers = taken.containers;
  else if (settings.hold) spec.containers = [proxy, ...taken.containers];
  else spec.containers = [...taken.containers, proxy];
}

function writeStatus(
  annotations: Record<string, string>,
  input: AssembleInput,
  init: boolean,
): void {
  const { settings, mesh } = input;
  const initNames = init ? [INIT_CONTAINER_NAME] : [];
  annotations[STATUS_ANNOTATION] = formatStatus({
    initContainers: settings.native ? [...initNames, PROXY_CONTAINER_NAME] : initNames,
    containers: settings.native ? [] : [PROXY_CONTAINER_NAME],
    volumes: [...INJECTED_VOLUMES],
    mode: settings.mode,
    revision: mesh.revision,
    native: settings.native,
    ...(settings.mode === 'none' ? {} : { traffic: settings.traffic }),
  });
  annotations[INJECTION_REPORT_ANNOTATION] = formatReportAnnotation(input.selectedBy);
}

/** Appends a flag to the proxy's args once (a re-injected pod may carry it already). */
function addAgentFlag(proxy: Container, flag: string): void {
  const args = Array.isArray(proxy.args) ? (proxy.args as string[]) : [];
  if (!args.includes(flag)) proxy.args = [...args, flag];
}

/**
 * Builds the injected pod from a clone of the original: containers placed (native or classic),
 * probes rewritten, Prometheus annotations merged, volumes appended, status annotation written.
 */
export function assembleInjectedPod(input: AssembleInput): Pod {
  const { settings, mesh } = input;
  const pod = cloneJson(input.original);
  const metadata = (pod.metadata ??= {});
  const annotations = (metadata.annotations ??= {});
  const taken = takeOwnContainers(pod.spec);
  if (settings.proxylessGrpc) {
    addProxylessGrpc(taken.containers);
    shareKeyGroup(pod.spec, PROXY_UID);
  }
  const probers = settings.rewriteProbes ? rewriteAppProbes(taken.containers) : {};
  const prometheus = mergePrometheusAnnotations(annotations);
  const override = taken.proxyOverride;
  const proxy = buildFinalProxy({ settings, mesh, override, probers, prometheus });
  if (settings.proxylessGrpc) addAgentFlag(proxy, KEY_GROUP_READABLE_FLAG);
  const init = buildInitContainer(settings);
  placeContainers(pod.spec, taken, { init, proxy, settings });
  const volumes = (pod.spec.volumes ?? []).filter((v) => !INJECTED_VOLUMES.includes(v.name));
  pod.spec.volumes = [...volumes, ...buildVolumes()];
  writeStatus(annotations, input, init !== undefined);
  return pod;
}
