import { cloneJson } from '../shared/clone.js';
import type { MeshConfig } from '../config/mesh-config.js';
import { controlPlaneAddresses } from '../config/mesh-config.js';
import type { Container, EnvVar, Probe } from '../kube/types.js';
import {
  AGENT_PORT,
  CA_ROOT_VOLUME,
  CERTS_VOLUME,
  HEALTH_PORT,
  INIT_CONTAINER_NAME,
  PODINFO_VOLUME,
  PROXY_CONTAINER_NAME,
  PROXY_UID,
  READINESS_PATH,
  TOKEN_AUDIENCE,
  TOKEN_EXPIRATION_SECONDS,
  TOKEN_VOLUME,
} from './constants.js';
import type { InjectionSettings } from './settings.js';
import { buildTrafficArgs } from './traffic.js';

/** A pod volume: its name and one volume source. */
export interface Volume {
  name: string;
  [source: string]: unknown;
}

/** Capabilities the iptables mode needs to program the redirect; baseline forbids both. */
export const IPTABLES_CAPABILITIES: readonly string[] = ['NET_ADMIN', 'NET_RAW'];

/**
 * A container securityContext with every field explicit, so that neither the namespace's Pod
 * Security level nor the image's defaults decide what the injected containers may do.
 */
export function buildSecurityContext(
  addCapabilities: readonly string[],
  options: { root?: boolean } = {},
): Record<string, unknown> {
  return {
    runAsNonRoot: options.root !== true,
    runAsUser: options.root === true ? 0 : PROXY_UID,
    runAsGroup: options.root === true ? 0 : PROXY_UID,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities:
      addCapabilities.length > 0 ? { add: [...addCapabilities], drop: ['ALL'] } : { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function resources(settings: InjectionSettings): Record<string, unknown> {
  const { requests, limits } = settings.resources;
  return { requests: { ...requests }, limits: { ...limits } };
}

/**
 * The init container: in `cni` mode it only validates the redirect the node agent programmed; in
 * `iptables` mode it programs it (and needs NET_ADMIN and NET_RAW). None in `none` mode.
 *
 * In `iptables` mode it runs as uid 0, as Istio's istio-init does: Kubernetes grants a non-root
 * container no ambient capabilities, and `allowPrivilegeEscalation: false` blocks file
 * capabilities, so a uid-1337 process cannot use NET_ADMIN (measured: iptables-restore fails with
 * "Permission denied (you must be root)"). Everything else stays locked down.
 */
export function buildInitContainer(settings: InjectionSettings): Container | undefined {
  if (settings.mode === 'none') return undefined;
  const modeArgs =
    settings.mode === 'cni' ? ['--mode', 'cni', '--validate'] : ['--mode', 'iptables'];
  return {
    name: INIT_CONTAINER_NAME,
    image: settings.image,
    command: ['gangway'],
    args: ['init', ...modeArgs, ...buildTrafficArgs(settings.traffic)],
    resources: resources(settings),
    securityContext:
      settings.mode === 'iptables'
        ? buildSecurityContext(IPTABLES_CAPABILITIES, { root: true })
        : buildSecurityContext([]),
  };
}

function fieldEnv(name: string, fieldPath: string): EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** The proxy's environment: where xDS and the CA are, who the pod is, and the trust domain. */
export function buildProxyEnv(mesh: MeshConfig): EnvVar[] {
  const addresses = controlPlaneAddresses(mesh);
  return [
    { name: 'GANGWAY_DISCOVERY_ADDRESS', value: addresses.discovery },
    { name: 'GANGWAY_CA_ADDRESS', value: addresses.ca },
    { name: 'TRUST_DOMAIN', value: mesh.trustDomain },
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
  ];
}

const VOLUME_MOUNTS = [
  { name: CERTS_VOLUME, mountPath: '/var/run/gangway/certs' },
  { name: TOKEN_VOLUME, mountPath: '/var/run/secrets/gangway/tokens', readOnly: true },
  { name: CA_ROOT_VOLUME, mountPath: '/var/run/secrets/gangway/ca', readOnly: true },
  { name: PODINFO_VOLUME, mountPath: '/etc/gangway/pod', readOnly: true },
];

/**
 * A probe of the agent's readiness endpoint. Built as one literal: in Node 20, adding members to an
 * object made by spreading (`{ ...check, periodSeconds }`) creates a new hidden class every call,
 * which cost about a microsecond each and old-space garbage.
 */
function readinessCheck(periodSeconds: number, failureThreshold: number): Probe {
  return { httpGet: { path: READINESS_PATH, port: HEALTH_PORT }, periodSeconds, failureThreshold };
}

function placementFields(settings: InjectionSettings): Record<string, unknown> {
  if (settings.native) {
    // The next init containers and the app start only once this probe passes: up to 10 minutes.
    return { startupProbe: readinessCheck(1, 600), restartPolicy: 'Always' };
  }
  if (!settings.hold) return {};
  // The kubelet starts the next container only when postStart returns: the app waits for the proxy.
  return { lifecycle: { postStart: { exec: { command: ['gangway', 'agent', 'wait'] } } } };
}

/** The proxy container, before the pod-specific env (probes, metrics) and user overrides. */
export function buildProxyContainer(settings: InjectionSettings, mesh: MeshConfig): Container {
  return {
    name: PROXY_CONTAINER_NAME,
    image: settings.image,
    command: ['gangway'],
    args: ['agent', '--log-level', settings.logLevel],
    ports: [
      { name: 'gangway-agent', containerPort: AGENT_PORT, protocol: 'TCP' },
      { name: 'gangway-health', containerPort: HEALTH_PORT, protocol: 'TCP' },
    ],
    env: buildProxyEnv(mesh),
    resources: resources(settings),
    volumeMounts: cloneJson(VOLUME_MOUNTS),
    readinessProbe: readinessCheck(2, 30),
    ...placementFields(settings),
    securityContext: buildSecurityContext([]),
  };
}

/** The volumes the proxy mounts, in the order they are appended to the pod. */
export function buildVolumes(): Volume[] {
  return [
    { name: CERTS_VOLUME, emptyDir: { medium: 'Memory' } },
    {
      name: TOKEN_VOLUME,
      projected: {
        sources: [
          {
            serviceAccountToken: {
              audience: TOKEN_AUDIENCE,
              expirationSeconds: TOKEN_EXPIRATION_SECONDS,
              path: 'token',
            },
          },
        ],
      },
    },
    { name: CA_ROOT_VOLUME, configMap: { name: CA_ROOT_VOLUME } },
    {
      name: PODINFO_VOLUME,
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        ],
      },
    },
  ];
}
