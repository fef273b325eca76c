import { z } from 'zod';

const PortSchema = z.coerce.number().int().min(0).max(65535);

/**
 * Settings of `gangway serve`, from flags with `GANGWAY_*` environment variables as fallback. The
 * schema is the single description of every setting: its defaults are the embedded default.
 */
export const ServeConfigSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: PortSchema.default(8443),
  /** Plain-HTTP health and metrics port for the kubelet; 0 picks a free one; -1 disables. */
  healthPort: z.coerce.number().int().min(-1).max(65535).default(15014),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  stateDir: z.string().min(1).default('.gangway'),
  /** Directory of `mesh.yaml` and `namespaces.yaml`, used when no cluster is reachable. */
  configDir: z.string().min(1).default('config'),
  meshConfig: z.string().min(1).optional(),
  podSecurityConfig: z.string().min(1).optional(),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** `auto` uses the cluster when running in one or when a kubeconfig is given; `off` never. */
  kube: z.enum(['auto', 'off']).default('auto'),
  kubeconfig: z.string().min(1).optional(),
  /** Kubernetes version as `1.30`, when it cannot be asked of a cluster. */
  clusterVersion: z
    .string()
    .regex(/^v?\d+\.\d+/, 'must look like 1.30')
    .optional(),
  /** Namespace gangway runs in (for the serving certificate's DNS names). */
  namespace: z.string().min(1).default('gangway-system'),
  service: z.string().min(1).default('gangway'),
  noopRoute: z.coerce.boolean().default(false),
});
export type ServeConfig = z.infer<typeof ServeConfigSchema>;

/** Environment variables that may stand in for `gangway serve` flags. */
const envNames: Record<string, keyof ServeConfig> = {
  GANGWAY_PORT: 'port',
  GANGWAY_HEALTH_PORT: 'healthPort',
  GANGWAY_TLS_CERT: 'tlsCert',
  GANGWAY_TLS_KEY: 'tlsKey',
  GANGWAY_STATE_DIR: 'stateDir',
  GANGWAY_CONFIG_DIR: 'configDir',
  GANGWAY_MESH_CONFIG: 'meshConfig',
  GANGWAY_POD_SECURITY_CONFIG: 'podSecurityConfig',
  GANGWAY_LOG_LEVEL: 'logLevel',
  GANGWAY_KUBE: 'kube',
  GANGWAY_CLUSTER_VERSION: 'clusterVersion',
  POD_NAMESPACE: 'namespace',
};

/** Reads the environment's stand-ins for flags. This module is the only reader of process.env. */
export function readServeEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<keyof ServeConfig, string>> {
  const out: Partial<Record<keyof ServeConfig, string>> = {};
  for (const [name, key] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Whether the process runs inside a Kubernetes pod (the in-cluster config is usable). */
export function isInCluster(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['KUBERNETES_SERVICE_HOST'] && env['KUBERNETES_SERVICE_PORT']);
}

/** Parses `1.30` or `v1.30.2` into major/minor. */
export function parseClusterVersion(
  value: string | undefined,
): { major: number; minor: number } | undefined {
  const match = value ? /^v?(\d+)\.(\d+)/.exec(value) : null;
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}
