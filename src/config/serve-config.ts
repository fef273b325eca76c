import { z } from 'zod';

const PortSchema = z.coerce.number().int().min(0).max(65535);
/** A port that may be turned off with -1. */
const OptionalPortSchema = z.coerce.number().int().min(-1).max(65535);

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A duration as `500ms`, `30s`, `10m`, `1h` (or `0`), in milliseconds. */
export const DurationSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h)$|^0$/, 'must be a duration like 30s, 10m or 1h (0 turns it off)')
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
    const unit = (match?.[2] ?? 'ms') as keyof typeof DURATION_UNITS_MS;
    return Number(match?.[1] ?? 0) * DURATION_UNITS_MS[unit];
  });

/**
 * Settings of `gangway serve`, from flags with `GANGWAY_*` environment variables as fallback. The
 * schema is the single description of every setting: its defaults are the embedded default.
 */
export const ServeConfigSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: PortSchema.default(8443),
  /** Plain-HTTP health and metrics port for the kubelet; 0 picks a free one; -1 disables. */
  healthPort: OptionalPortSchema.default(15014),
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
  /** Plaintext xDS port, unauthenticated (agents on the node, tests); -1 disables. */
  xdsPort: OptionalPortSchema.default(15010),
  /** TLS gRPC port of the CA and authenticated xDS; -1 disables both. */
  grpcPort: OptionalPortSchema.default(15012),
  /** With no cluster, the directory of mesh config YAML xDS serves (default <config-dir>/mesh). */
  meshDir: z.string().min(1).optional(),
  /** Service-account token issuer the CA verifies tokens of locally (JWT mode). */
  caIssuer: z.string().min(1).optional(),
  /** The issuer's keys as a JWKS file; fetched through discovery when absent. */
  caJwks: z.string().min(1).optional(),
  /** Sign with an intermediate from ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem. */
  caPluginDir: z.string().min(1).optional(),
  /** Longest workload certificate lifetime, in seconds. */
  caMaxTtl: z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive whole number of seconds')
    .optional(),
  /** Policy directories loaded besides the built-in packs. */
  policies: z.array(z.string().min(1)).default([]),
  builtinPolicies: z.boolean().default(true),
  /** Period of the background audit, in ms; 0 turns it off. */
  auditInterval: DurationSchema.default(10 * 60_000),
  /** Manifests the background audit reads when there is no cluster (default <config-dir>/mesh). */
  auditFrom: z.string().min(1).optional(),
  /** Whether the background audit writes PolicyReports (in a cluster only). */
  writeReports: z.boolean().default(true),
  reportApi: z.enum(['policyreport', 'openreports']).default('policyreport'),
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
  GANGWAY_AUDIT_INTERVAL: 'auditInterval',
  GANGWAY_XDS_PORT: 'xdsPort',
  GANGWAY_GRPC_PORT: 'grpcPort',
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
