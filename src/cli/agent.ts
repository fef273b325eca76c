import { createLogger } from '../shared/logger.js';
import { readAgentEnv, type AgentEnvironment } from '../config/agent-config.js';
import { runAgent, type AgentOptions, type AgentXdsOptions } from '../agent/index.js';
import { GangwayError } from '../shared/errors.js';
import { parseFlags, type CliIo } from './usage.js';

const flags = {
  'ca-address': { type: 'string' },
  'ca-root': { type: 'string' },
  'ca-server-name': { type: 'string' },
  token: { type: 'string' },
  'cert-dir': { type: 'string' },
  'trust-domain': { type: 'string' },
  'status-port': { type: 'string' },
  'discovery-address': { type: 'string' },
  'xds-listen': { type: 'string', multiple: true },
  'grpc-bootstrap': { type: 'string' },
  'pod-labels': { type: 'string' },
  'no-xds': { type: 'boolean' },
  'key-group-readable': { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the injector mounts what the agent needs (docs/injection.md). */
const injectedPaths = {
  caRoot: '/var/run/secrets/gangway/ca/root-cert.pem',
  token: '/var/run/secrets/gangway/tokens/token',
  certDir: '/var/run/gangway/certs',
  podLabels: '/etc/gangway/pod/labels',
};

const defaultControlPlane = 'gangway.gangway-system.svc:15012';

const help = `Usage: gangway agent [flags]

Runs in every injected pod (docs/agent.md): gets and rotates the workload certificate from the CA,
serves it over SDS, runs the rewritten app probes and the merged metrics on the status port.
  --ca-address HOST:PORT   the CA [GANGWAY_CA_ADDRESS] (gangway.gangway-system.svc:15012)
  --ca-root FILE           pinned CA roots (${injectedPaths.caRoot})
  --ca-server-name NAME    name to verify in the CA's certificate
  --token FILE             projected service-account token (${injectedPaths.token})
  --cert-dir DIR           certificates and the SDS socket (${injectedPaths.certDir})
  --trust-domain TD        [TRUST_DOMAIN] (cluster.local)
  --status-port N          readiness, app probes and metrics (15020)
  --discovery-address HOST:PORT
                           xDS, dialled over TLS with the pod's token
                           [GANGWAY_DISCOVERY_ADDRESS] (gangway.gangway-system.svc:15012)
  --xds-listen ADDR        plaintext xDS for the pod, repeatable or comma-separated:
                           127.0.0.1:PORT or unix:///PATH (127.0.0.1:15010)
  --grpc-bootstrap FILE    the gRPC xDS bootstrap to write (<cert-dir>/grpc-bootstrap.json)
  --pod-labels FILE        downward API labels file, for the bootstrap (${injectedPaths.podLabels})
  --no-xds                 no xDS proxy, no bootstrap
  --key-group-readable     write key.pem 0640: proxyless gRPC apps in the pod read it (the
                           injector sets this and gives them the agent's group)
  --log-level LEVEL        trace|debug|info|warning|error|critical|off (warning)
`;

/** Maps the proxy log levels the injector uses onto the logger's levels. */
const logLevels: Record<string, string> = { warning: 'warn', critical: 'fatal', off: 'silent' };

/** `gangway agent`: the in-pod agent, configured by the injector's env and mounts. */
export async function runAgentCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return (io.stdout(help), 0);
  const env = readAgentEnv();
  const statusPort = values['status-port'] === undefined ? 15020 : Number(values['status-port']);
  if (!Number.isInteger(statusPort) || statusPort < 0 || statusPort > 65535) {
    throw new GangwayError(
      'GANGWAY_ERR_CLI_USAGE',
      `--status-port must be a port (got "${values['status-port']}")`,
    );
  }
  const level = values['log-level'] ?? 'warning';
  const certDir = values['cert-dir'] ?? injectedPaths.certDir;
  const xds = values['no-xds'] ? undefined : xdsOptions(values, env, certDir);
  const options: AgentOptions = {
    caAddress: values['ca-address'] ?? env.caAddress ?? defaultControlPlane,
    caRootPath: values['ca-root'] ?? injectedPaths.caRoot,
    tokenPath: values.token ?? injectedPaths.token,
    certDir,
    trustDomain: values['trust-domain'] ?? env.trustDomain ?? 'cluster.local',
    status: { port: statusPort },
    logger: createLogger({ level: logLevels[level] ?? level }),
    ...(values['ca-server-name'] ? { caServerName: values['ca-server-name'] } : {}),
    ...(env.appProbers ? { appProbers: env.appProbers } : {}),
    ...(env.prometheusAnnotations ? { prometheusAnnotations: env.prometheusAnnotations } : {}),
    ...(xds ? { xds } : {}),
    ...(values['key-group-readable'] ? { keyGroupReadable: true } : {}),
  };
  const agent = await runAgent(options);
  const stop = (): void => void agent.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}

interface XdsFlags {
  'ca-server-name'?: string | undefined;
  'discovery-address'?: string | undefined;
  'xds-listen'?: string[] | undefined;
  'grpc-bootstrap'?: string | undefined;
  'pod-labels'?: string | undefined;
}

/** The xDS proxy settings; the pod's identity must be in the env (the injector sets it). */
function xdsOptions(values: XdsFlags, env: AgentEnvironment, certDir: string): AgentXdsOptions {
  const { podName, podNamespace, instanceIp } = env;
  if (!podName || !podNamespace || !instanceIp) {
    throw new GangwayError(
      'GANGWAY_ERR_CLI_USAGE',
      'the xDS bootstrap needs POD_NAME, POD_NAMESPACE and INSTANCE_IP (set by the injector); pass --no-xds to run without xDS',
    );
  }
  const listen = (values['xds-listen'] ?? []).flatMap((value) => value.split(','));
  for (const address of listen) checkListenAddress(address);
  const serverName = values['ca-server-name'];
  return {
    discoveryAddress: values['discovery-address'] ?? env.discoveryAddress ?? defaultControlPlane,
    pod: {
      name: podName,
      namespace: podNamespace,
      ip: instanceIp,
      labelsPath: values['pod-labels'] ?? injectedPaths.podLabels,
      ...(env.serviceAccount ? { serviceAccount: env.serviceAccount } : {}),
    },
    bootstrapPath: values['grpc-bootstrap'] ?? `${certDir}/grpc-bootstrap.json`,
    ...(listen.length > 0 ? { listen } : {}),
    ...(serverName ? { serverName } : {}),
  };
}

/** `unix:///path`, or `host:port` with a numeric port (`[::1]:15010` for IPv6). */
function checkListenAddress(address: string): void {
  if (/^unix:\/\/\/\S+$/.test(address)) return;
  const match = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(address);
  if (match && Number(match[1]) <= 65535) return;
  throw new GangwayError(
    'GANGWAY_ERR_CLI_USAGE',
    `--xds-listen must be HOST:PORT or unix:///PATH (got "${address}")`,
  );
}
