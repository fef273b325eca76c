import { join } from 'node:path';
import { createLogger, type Logger } from '../shared/logger.js';
import { createWebhookMetrics } from '../shared/metrics.js';
import { GangwayError } from '../shared/errors.js';
import { describeZodError } from '../kube/types.js';
import { createStaticNamespaceLookup, type NamespaceLookup } from '../kube/namespaces.js';
import type { PodLister } from '../podsecurity/index.js';
import {
  ServeConfigSchema,
  isInCluster,
  parseClusterVersion,
  readServeEnv,
  type ServeConfig,
} from '../config/serve-config.js';
import { ensureEmbeddedCertificates, servingDnsNames } from '../server/embedded-certs.js';
import { startAdmissionServer, type RunningAdmissionServer } from '../server/serve.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { ANALYZERS } from '../policy/analyzers/index.js';
import { auditTargetOf, loadServePolicies, startServeAudit } from './serve-policy.js';
import { startServeCa } from './serve-ca.js';
import { startServeXds } from './serve-xds.js';
import { buildWebhookHandlers } from './webhook-handlers.js';
import { loadMeshConfig, loadNamespacesTable, loadPodSecurityConfig } from './load-config.js';
import { parseFlags, type CliIo } from './usage.js';

const flags = {
  host: { type: 'string' },
  port: { type: 'string' },
  'health-port': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'state-dir': { type: 'string' },
  'config-dir': { type: 'string' },
  'mesh-config': { type: 'string' },
  'pod-security-config': { type: 'string' },
  'log-level': { type: 'string' },
  kube: { type: 'string' },
  kubeconfig: { type: 'string' },
  'cluster-version': { type: 'string' },
  namespace: { type: 'string' },
  'noop-route': { type: 'boolean' },
  'xds-port': { type: 'string' },
  'grpc-port': { type: 'string' },
  'mesh-dir': { type: 'string' },
  'ca-issuer': { type: 'string' },
  'ca-jwks': { type: 'string' },
  'ca-plugin-dir': { type: 'string' },
  'ca-max-ttl': { type: 'string' },
  policies: { type: 'string', multiple: true },
  'no-builtin-policies': { type: 'boolean' },
  'audit-interval': { type: 'string' },
  'audit-from': { type: 'string' },
  'no-write-reports': { type: 'boolean' },
  'report-api': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway serve [flags]

Runs the admission webhooks over HTTPS (/inject, /validate), with /healthz, /readyz and /metrics
on the same port and on a plain-HTTP health port. With no --tls-cert/--tls-key, a CA and serving
certificate are generated under --state-dir and reused. With no cluster, namespaces and their labels
come from <config-dir>/namespaces.yaml and the mesh config from <config-dir>/mesh.yaml.

Flags (environment fallback in brackets):
  --host ADDR             listen address (0.0.0.0)
  --port N                HTTPS webhook port (8443) [GANGWAY_PORT]
  --health-port N         plain-HTTP health/metrics port, -1 to disable (15014) [GANGWAY_HEALTH_PORT]
  --tls-cert FILE         serving certificate, reloaded on change [GANGWAY_TLS_CERT]
  --tls-key FILE          serving key, reloaded on change [GANGWAY_TLS_KEY]
  --state-dir DIR         where generated certificates live (.gangway) [GANGWAY_STATE_DIR]
  --config-dir DIR        embedded-default config (config) [GANGWAY_CONFIG_DIR]
  --mesh-config FILE      mesh config YAML (default <config-dir>/mesh.yaml) [GANGWAY_MESH_CONFIG]
  --pod-security-config FILE  Pod Security defaults, exemptions and secure defaults
                          (default <config-dir>/pod-security.yaml) [GANGWAY_POD_SECURITY_CONFIG]
  --log-level LEVEL       trace|debug|info|warn|error|fatal|silent (info) [GANGWAY_LOG_LEVEL]
  --kube auto|off         use a cluster when in one or given --kubeconfig (auto) [GANGWAY_KUBE]
  --kubeconfig FILE       kubeconfig to use instead of the in-cluster config
  --cluster-version X.Y   Kubernetes version when no cluster is asked [GANGWAY_CLUSTER_VERSION]
  --namespace NS          gangway's namespace, for certificate names (gangway-system) [POD_NAMESPACE]
  --noop-route            mount POST /noop (benchmark baseline only)

The xDS control plane (docs/xds.md) and the CA (docs/ca.md) run beside the webhooks:
  --xds-port N            plaintext xDS, unauthenticated, -1 to disable (15010) [GANGWAY_XDS_PORT]
  --grpc-port N           TLS gRPC: the CA and authenticated xDS, -1 to disable (15012)
                          [GANGWAY_GRPC_PORT]
  --mesh-dir DIR          with no cluster, the mesh config xDS serves, hot-reloaded
                          (default <config-dir>/mesh)
  --ca-issuer URL         verify workload tokens locally against this issuer (JWT mode); in a
                          cluster the CA asks the API server (TokenReview) instead
  --ca-jwks FILE          the issuer's keys (default: the issuer's discovery document)
  --ca-plugin-dir DIR     sign with this intermediate (ca-cert.pem, ca-key.pem, root-cert.pem,
                          cert-chain.pem) instead of gangway's own root
  --ca-max-ttl SECONDS    longest workload certificate lifetime (7776000)
With no cluster and no --ca-issuer, the CA and authenticated xDS stay off (nobody could be
authenticated); the plaintext xDS port still serves.

Policies (docs/policies.md) are applied on /validate and by a background audit:
  --policies DIR          also load ValidatingAdmissionPolicies from DIR (repeatable)
  --no-builtin-policies   do not load the built-in packs (policies/)
  --audit-interval D      period of the background audit, e.g. 30s, 10m, 1h; 0 turns it off
                          (10m) [GANGWAY_AUDIT_INTERVAL]
  --audit-from DIR        with no cluster, audit these manifests (default <config-dir>/mesh)
  --no-write-reports      in a cluster, do not write PolicyReports (gauges only)
  --report-api API        policyreport|openreports (policyreport)
`;

/** Resolves `gangway serve` flags and environment into a checked config. */
export function resolveServeConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): ServeConfig | 'help' {
  const { values } = parseFlags(argv, flags);
  if (values.help) return 'help';
  const fromFlags = {
    host: values.host,
    port: values.port,
    healthPort: values['health-port'],
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    stateDir: values['state-dir'],
    configDir: values['config-dir'],
    meshConfig: values['mesh-config'],
    podSecurityConfig: values['pod-security-config'],
    logLevel: values['log-level'],
    kube: values.kube,
    kubeconfig: values.kubeconfig,
    clusterVersion: values['cluster-version'],
    namespace: values.namespace,
    noopRoute: values['noop-route'],
    xdsPort: values['xds-port'],
    grpcPort: values['grpc-port'],
    meshDir: values['mesh-dir'],
    caIssuer: values['ca-issuer'],
    caJwks: values['ca-jwks'],
    caPluginDir: values['ca-plugin-dir'],
    caMaxTtl: values['ca-max-ttl'],
    policies: values.policies,
    builtinPolicies: values['no-builtin-policies'] ? false : undefined,
    auditInterval: values['audit-interval'],
    auditFrom: values['audit-from'],
    writeReports: values['no-write-reports'] ? false : undefined,
    reportApi: values['report-api'],
  };
  const merged = {
    ...readServeEnv(env),
    ...Object.fromEntries(Object.entries(fromFlags).filter(([, v]) => v !== undefined)),
  };
  const parsed = ServeConfigSchema.safeParse(merged);
  if (!parsed.success)
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', describeZodError(parsed.error));
  if (Boolean(parsed.data.tlsCert) !== Boolean(parsed.data.tlsKey)) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--tls-cert and --tls-key go together');
  }
  return parsed.data;
}

/** `gangway serve`: starts the server and keeps running until SIGTERM or SIGINT. */
export async function runServe(argv: string[], io: CliIo): Promise<number> {
  const config = resolveServeConfig(argv);
  if (config === 'help') {
    io.stdout(help);
    return 0;
  }
  // One line per review: written asynchronously, so the event loop never blocks on a write.
  const logger = createLogger({ level: config.logLevel, nonBlocking: true });
  const running = await startGangway(config, logger);
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return -1;
}

/** Stops what was started, last first; one failing stop does not keep the others running. */
function createCleanup(logger: Logger): {
  add: (stop: () => Promise<void>) => void;
  run: () => Promise<void>;
} {
  const stops: Array<() => Promise<void>> = [];
  return {
    add: (stop) => void stops.push(stop),
    run: async () => {
      for (const stop of stops.splice(0).reverse()) {
        await stop().catch((error: unknown) => logger.warn({ err: error }, 'stop failed'));
      }
    },
  };
}

/** What `gangway serve` runs: the admission server, with the ports of its gRPC side. */
export interface RunningGangway extends RunningAdmissionServer {
  /** The plaintext xDS port, when bound. */
  readonly xdsPort: number | undefined;
  /** The TLS port of the CA and authenticated xDS, when the CA runs. */
  readonly grpcPort: number | undefined;
  /** The CA's root bundle for clients to pin (no cluster only). */
  readonly caRootBundle: string | undefined;
}

/** Starts everything `gangway serve` runs, from a resolved config. */
export async function startGangway(config: ServeConfig, logger: Logger): Promise<RunningGangway> {
  const mesh = await loadMeshConfig(config);
  const podSecurity = await loadPodSecurityConfig(config);
  const policies = await loadServePolicies(config, logger);
  const cleanup = createCleanup(logger);
  try {
    const cluster = await connectCluster(config, logger);
    cleanup.add(() => cluster.stop());
    const tls =
      config.tlsCert && config.tlsKey
        ? { certFile: config.tlsCert, keyFile: config.tlsKey }
        : await embeddedTls(config, logger);
    const metrics = createWebhookMetrics();
    const ca =
      config.grpcPort < 0
        ? undefined
        : await startServeCa({
            config,
            mesh,
            kubeConfig: cluster.kubeConfig,
            registry: metrics.registry,
            logger,
          });
    if (ca) cleanup.add(() => ca.close());
    const xds = await startServeXds({
      config,
      mesh,
      kubeConfig: cluster.kubeConfig,
      registry: metrics.registry,
      logger,
      ...(ca ? { authenticate: ca.xdsAuthenticator } : {}),
    });
    cleanup.add(() => xds.close());
    let grpcPort: number | undefined;
    if (ca) {
      // One TLS port for the CA and authenticated xDS, as istiod's 15012.
      xds.xds.server.addTo(ca.ca.server.grpcServer);
      grpcPort = await ca.ca.server.bind(`${config.host}:${config.grpcPort}`);
      logger.info({ port: grpcPort, rootBundle: ca.rootBundle }, 'CA and xDS (TLS) listening');
    }
    const audit = startServeAudit({
      config,
      policies,
      target: await auditTargetOf(config, policies, cluster.kubeConfig, logger),
      registry: metrics.registry,
      logger,
    });
    if (audit) cleanup.add(() => audit.stop());
    const handlers = buildWebhookHandlers({
      mesh,
      podSecurity,
      namespaces: cluster.namespaces,
      clusterVersion: cluster.version,
      pods: cluster.pods,
      policies: { ...policies, clusterState: () => audit?.state(), analyzers: ANALYZERS },
    });
    const server = await startAdmissionServer({
      ...handlers,
      ...tls,
      logger,
      metrics,
      host: config.host,
      port: config.port,
      healthPort: config.healthPort < 0 ? null : config.healthPort,
      isReady: () => cluster.isReady() && xds.isSynced(),
      noopRoute: config.noopRoute,
      debugRoutes: xds.debugRoutes,
    });
    cleanup.add(() => server.close());
    return {
      ...server,
      xdsPort: xds.plaintextPort,
      grpcPort,
      caRootBundle: ca?.rootBundle,
      close: () => cleanup.run(),
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

async function embeddedTls(
  config: ServeConfig,
  logger: Logger,
): Promise<{ certFile: string; keyFile: string }> {
  const paths = await ensureEmbeddedCertificates(
    config.stateDir,
    servingDnsNames(config.service, config.namespace),
  );
  logger.info({ caBundle: paths.caCert }, 'using the embedded serving certificate');
  return { certFile: paths.cert, keyFile: paths.key };
}

interface ClusterConnection {
  namespaces: NamespaceLookup;
  /** The cluster's client config; absent with no cluster. */
  kubeConfig?: KubeConfig;
  pods?: PodLister;
  version: { major: number; minor: number } | undefined;
  isReady: () => boolean;
  stop: () => Promise<void>;
}

async function connectCluster(config: ServeConfig, logger: Logger): Promise<ClusterConnection> {
  const useCluster = config.kube === 'auto' && (isInCluster() || config.kubeconfig !== undefined);
  if (!useCluster) {
    const table = await loadNamespacesTable(config.configDir);
    logger.info(
      { namespaces: Object.keys(table).length, configDir: config.configDir },
      'no cluster: namespaces from the config directory',
    );
    if (Object.keys(table).length === 0) {
      // Every namespaced review would then be decided for an unknown namespace.
      logger.warn(
        { file: join(config.configDir, 'namespaces.yaml') },
        'no namespaces known: the file is missing or empty (is --config-dir right?)',
      );
    }
    return {
      namespaces: createStaticNamespaceLookup(table),
      version: parseClusterVersion(config.clusterVersion),
      isReady: () => true,
      stop: async () => undefined,
    };
  }
  // Loaded only when a cluster is used: the Kubernetes client takes over a second to import.
  const { createPodLister, fetchClusterVersion, loadKubeConfig, startNamespaceInformer } =
    await import('../kube/client.js');
  const kc = loadKubeConfig({
    inCluster: isInCluster(),
    ...(config.kubeconfig ? { kubeconfig: config.kubeconfig } : {}),
  });
  const informer = await startNamespaceInformer(kc);
  const version = config.clusterVersion ?? (await fetchClusterVersion(kc).catch(() => undefined));
  return {
    kubeConfig: kc,
    namespaces: informer,
    pods: createPodLister(kc),
    version: parseClusterVersion(version),
    isReady: () => informer.isSynced(),
    stop: () => informer.stop(),
  };
}
