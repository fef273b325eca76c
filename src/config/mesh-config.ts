import { z } from 'zod';

/**
 * The mesh config: what the injector and (later) the control plane need to know about the mesh.
 * Read from a YAML or JSON file (`--mesh-config`); every field has a default, so an empty file or
 * none at all is the embedded default. Unknown keys are errors so that typos do not pass silently.
 */
export const InterceptionModeSchema = z.enum(['cni', 'iptables', 'none']);
export type InterceptionMode = z.infer<typeof InterceptionModeSchema>;

export const NativeSidecarModeSchema = z.enum(['auto', 'on', 'off']);
export type NativeSidecarMode = z.infer<typeof NativeSidecarModeSchema>;

export const ProxyLogLevelSchema = z.enum([
  'trace',
  'debug',
  'info',
  'warning',
  'error',
  'critical',
  'off',
]);

const ProxyDefaultsSchema = z.strictObject({
  image: z.string().min(1).default('ghcr.io/gangway-mesh/gangway:0.1.0'),
  cpuRequest: z.string().default('100m'),
  memoryRequest: z.string().default('128Mi'),
  cpuLimit: z.string().default('2000m'),
  memoryLimit: z.string().default('1Gi'),
  logLevel: ProxyLogLevelSchema.default('warning'),
});

const ControlPlaneSchema = z.strictObject({
  /** gangway's own namespace: never injected. */
  namespace: z.string().min(1).default('gangway-system'),
  /** Service name of the control plane; addresses default to `<service>.<namespace>.svc:15012`. */
  service: z.string().min(1).default('gangway'),
  /** Overrides the xDS address the proxies dial. */
  discoveryAddress: z.string().min(1).optional(),
  /** Overrides the CA address the proxies dial. */
  caAddress: z.string().min(1).optional(),
});

export const MeshConfigSchema = z.strictObject({
  /** Honour Istio's labels and annotations too. */
  istioCompatibility: z.boolean().default(true),
  /** The revision this gangway serves; namespaces labelled `gangway.io/rev=<revision>` are injected. */
  revision: z.string().min(1).default('default'),
  trustDomain: z.string().min(1).default('cluster.local'),
  defaultInterceptionMode: InterceptionModeSchema.default('cni'),
  nativeSidecars: NativeSidecarModeSchema.default('auto'),
  holdApplicationUntilProxyStarts: z.boolean().default(false),
  rewriteAppHTTPProbers: z.boolean().default(true),
  proxy: ProxyDefaultsSchema.prefault({}),
  controlPlane: ControlPlaneSchema.prefault({}),
});
export type MeshConfig = z.infer<typeof MeshConfigSchema>;

/** The embedded default mesh config. */
export function defaultMeshConfig(): MeshConfig {
  return MeshConfigSchema.parse({});
}

/** The xDS and CA address the proxies dial, from the mesh config. */
export function controlPlaneAddresses(mesh: MeshConfig): { discovery: string; ca: string } {
  const fallback = `${mesh.controlPlane.service}.${mesh.controlPlane.namespace}.svc:15012`;
  return {
    discovery: mesh.controlPlane.discoveryAddress ?? fallback,
    ca: mesh.controlPlane.caAddress ?? fallback,
  };
}
