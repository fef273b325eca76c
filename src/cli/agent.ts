import { createLogger } from '../shared/logger.js';
import { readAgentEnv } from '../config/agent-config.js';
import { runAgent, type AgentOptions } from '../agent/index.js';
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
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the injector mounts what the agent needs (docs/injection.md). */
const injectedPaths = {
  caRoot: '/var/run/secrets/gangway/ca/root-cert.pem',
  token: '/var/run/secrets/gangway/tokens/token',
  certDir: '/var/run/gangway/certs',
};

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
  const options: AgentOptions = {
    caAddress: values['ca-address'] ?? env.caAddress ?? 'gangway.gangway-system.svc:15012',
    caRootPath: values['ca-root'] ?? injectedPaths.caRoot,
    tokenPath: values.token ?? injectedPaths.token,
    certDir: values['cert-dir'] ?? injectedPaths.certDir,
    trustDomain: values['trust-domain'] ?? env.trustDomain ?? 'cluster.local',
    status: { port: statusPort },
    logger: createLogger({ level: logLevels[level] ?? level }),
    ...(values['ca-server-name'] ? { caServerName: values['ca-server-name'] } : {}),
    ...(env.appProbers ? { appProbers: env.appProbers } : {}),
    ...(env.prometheusAnnotations ? { prometheusAnnotations: env.prometheusAnnotations } : {}),
  };
  const agent = await runAgent(options);
  const stop = (): void => void agent.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}
