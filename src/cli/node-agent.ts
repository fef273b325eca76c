import { readFile, readdir, readlink } from 'node:fs/promises';
import { z } from 'zod';
import { GangwayError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { describeZodError } from '../kube/types.js';
import { isInCluster } from '../config/serve-config.js';
import { createCommandRunner } from '../node-agent/command-runner.js';
import {
  createRedirectProgrammer,
  detectIptablesBackend,
  type IptablesBackend,
} from '../node-agent/iptables.js';
import { createNodeAgentMetrics } from '../node-agent/metrics.js';
import type { ProcReader } from '../node-agent/netns.js';
import { startNodeAgentService } from '../node-agent/service.js';
import { parseFlags, type CliIo } from './usage.js';

/**
 * Settings of `gangway node-agent`, from flags with environment variables as fallback. (The schema
 * would live in config/ with the others; it is here until the lead moves it.)
 */
export const NodeAgentConfigSchema = z.strictObject({
  nodeName: z
    .string({ error: 'the node name is required (--node-name or NODE_NAME)' })
    .min(1, 'the node name is required (--node-name or NODE_NAME)'),
  host: z.string().min(1).default('0.0.0.0'),
  /** Health, readiness and metrics; 0 picks a free port. */
  healthPort: z.coerce.number().int().min(0).max(65535).default(15014),
  iptablesBackend: z.enum(['auto', 'nft', 'legacy', 'default']).default('auto'),
  /** The host's /proc: the container's own, since the agent runs with hostPID. */
  procDir: z.string().min(1).default('/proc'),
  kubeconfig: z.string().min(1).optional(),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});
/** The resolved settings of `gangway node-agent`. */
export type NodeAgentConfig = z.infer<typeof NodeAgentConfigSchema>;

const flags = {
  'node-name': { type: 'string' },
  host: { type: 'string' },
  'health-port': { type: 'string' },
  'iptables-backend': { type: 'string' },
  'proc-dir': { type: 'string' },
  kubeconfig: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway node-agent [flags]

The per-node agent behind the cni interception mode (DaemonSet gangway-node-agent). It watches the
pods of its node, and for each injected pod in cni mode it enters the pod's network namespace and
programs the traffic redirect (iptables-restore, nf_tables where the kernel has it), so that no pod
needs NET_ADMIN. Redirects are re-applied on start (a no-op when unchanged) and removed when the
pod ends. Serves /healthz, /readyz and /metrics on the health port. See docs/node-agent.md.

Flags (environment fallback in brackets):
  --node-name NAME        the node this agent serves [NODE_NAME] (required)
  --host ADDR             health listen address (0.0.0.0)
  --health-port N         health, readiness and metrics port (15014)
  --iptables-backend B    auto|nft|legacy|default (auto: nft where it works, else legacy)
  --proc-dir DIR          the host's /proc (/proc; the agent runs with hostPID)
  --kubeconfig FILE       kubeconfig instead of the in-cluster config
  --log-level LEVEL       trace|debug|info|warn|error|fatal|silent (info) [GANGWAY_LOG_LEVEL]
`;

/** Resolves `gangway node-agent` flags and environment into a checked config. */
export function resolveNodeAgentConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): NodeAgentConfig | 'help' {
  const { values } = parseFlags(argv, flags);
  if (values.help) return 'help';
  const fromEnv = {
    nodeName: env['NODE_NAME'] || undefined,
    logLevel: env['GANGWAY_LOG_LEVEL'] || undefined,
  };
  const fromFlags = {
    nodeName: values['node-name'],
    host: values.host,
    healthPort: values['health-port'],
    iptablesBackend: values['iptables-backend'],
    procDir: values['proc-dir'],
    kubeconfig: values.kubeconfig,
    logLevel: values['log-level'],
  };
  const defined = (o: object) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const parsed = NodeAgentConfigSchema.safeParse({ ...defined(fromEnv), ...defined(fromFlags) });
  if (!parsed.success)
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', describeZodError(parsed.error));
  return parsed.data;
}

/** The host's process table, read from `procDir`. */
export function createHostProcReader(procDir: string): ProcReader {
  return {
    listPids: async () =>
      (await readdir(procDir)).filter((name) => /^[0-9]+$/.test(name)).map(Number),
    readCgroup: (pid) => readFile(`${procDir}/${pid}/cgroup`, 'utf8').catch(() => undefined),
    readNetnsId: (pid) => readlink(`${procDir}/${pid}/ns/net`).catch(() => undefined),
    netnsPath: (pid) => `${procDir}/${pid}/ns/net`,
  };
}

async function chooseBackend(
  config: NodeAgentConfig,
  runner: ReturnType<typeof createCommandRunner>,
): Promise<IptablesBackend> {
  if (config.iptablesBackend !== 'auto') return config.iptablesBackend;
  const detected = await detectIptablesBackend(runner);
  if (detected === undefined) {
    throw new GangwayError(
      'GANGWAY_ERR_CONFIG_INVALID',
      'no working iptables in the node agent image (tried iptables-nft, iptables-legacy, iptables)',
    );
  }
  return detected;
}

/** `gangway node-agent`: runs until SIGTERM or SIGINT. */
export async function runNodeAgent(argv: string[], io: CliIo): Promise<number> {
  const config = resolveNodeAgentConfig(argv);
  if (config === 'help') return (io.stdout(help), 0);
  const logger = createLogger({ level: config.logLevel });
  const runner = createCommandRunner();
  const backend = await chooseBackend(config, runner);
  // Loaded here, not at the top: the Kubernetes client is only needed to run, not to test the rest.
  const { loadKubeConfig } = await import('../kube/client.js');
  const { createKubePodSource } = await import('../node-agent/kube-pod-source.js');
  const kc = loadKubeConfig({
    inCluster: isInCluster(),
    ...(config.kubeconfig ? { kubeconfig: config.kubeconfig } : {}),
  });
  logger.info({ node: config.nodeName, backend }, 'node agent starting');
  const running = await startNodeAgentService({
    source: createKubePodSource(kc, config.nodeName, logger),
    proc: createHostProcReader(config.procDir),
    programmer: createRedirectProgrammer(runner, backend),
    metrics: createNodeAgentMetrics(),
    logger,
    host: config.host,
    healthPort: config.healthPort,
  });
  const stop = (signal: string): void => {
    logger.info({ signal }, 'node agent shutting down; redirects stay in place');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return -1;
}
