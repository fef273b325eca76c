import { readFile } from 'node:fs/promises';
import { GangwayError } from '../shared/errors.js';
import { INBOUND_CAPTURE_PORT, OUTBOUND_CAPTURE_PORT } from '../injection/constants.js';
import { parsePort } from '../injection/traffic.js';
import { createCommandRunner } from '../node-agent/command-runner.js';
import {
  createRedirectProgrammer,
  detectIptablesBackend,
  type CommandRunner,
  type IptablesBackend,
} from '../node-agent/iptables.js';
import { DEFAULT_PROBE, waitForRedirect } from '../node-agent/redirect-probe.js';
import { buildRedirectRules, type IpFamily } from '../node-agent/rules/redirect-rules.js';
import {
  TRAFFIC_FLAGS,
  resolveTrafficFlags,
  type RedirectSpec,
  type TrafficFlagValues,
} from '../node-agent/traffic-args.js';
import { ExitCode, parseFlags, requireChoice, type CliIo } from './usage.js';

const trafficFlags = Object.fromEntries(
  TRAFFIC_FLAGS.map((name) => [name, { type: 'string' }] as const),
) as Record<(typeof TRAFFIC_FLAGS)[number], { type: 'string' }>;

const flags = {
  mode: { type: 'string' },
  validate: { type: 'boolean' },
  'timeout-seconds': { type: 'string' },
  'probe-port': { type: 'string' },
  'iptables-backend': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...trafficFlags,
} as const;

/** gangway-init waits this long for the node agent by default: a pod start is seconds on a node. */
const DEFAULT_TIMEOUT_SECONDS = 60;

const help = `Usage: gangway init --mode iptables|cni [flags]

The gangway-init container. In iptables mode it programs the traffic redirect of its own pod (needs
NET_ADMIN and NET_RAW). In cni mode the node agent programs it, and with --validate gangway-init,
running as uid 1337 with no capabilities, waits until the redirect answers, then exits 0; it exits 1
naming the node agent when the redirect is not there in time.

  --mode iptables|cni            how the redirect is programmed (required)
  --validate                     cni: wait until the redirect is in place
  --timeout-seconds N            cni: how long to wait (${DEFAULT_TIMEOUT_SECONDS})
  --probe-port N                 cni: the unused port the probe dials (${DEFAULT_PROBE.probePort})
  --iptables-backend B           iptables: auto|nft|legacy|default (auto: nft where it works)
  --dry-run                      iptables: print the iptables-restore input, change nothing
  --proxy-uid N, --proxy-gid N   the proxy's identity, never captured (1337)
  --inbound-capture-port N       where inbound TCP goes (${INBOUND_CAPTURE_PORT})
  --outbound-capture-port N      where outbound TCP goes (${OUTBOUND_CAPTURE_PORT})
  --include-outbound-ip-ranges L, --exclude-outbound-ip-ranges L   CIDRs, or * to include all
  --include-inbound-ports L, --exclude-inbound-ports L, --exclude-outbound-ports L   ports, or *

Exit codes: 0 redirect in place (or verified), 1 it could not be programmed or verified, 2 usage.
`;

/** The message of a validation timeout: it names the component that should have acted. */
export function redirectTimeoutMessage(seconds: number, lastError: string): string {
  return (
    `gangway init: the traffic redirect is not in place after ${seconds} s ` +
    `(last probe: ${lastError}). In cni mode the gangway node agent ` +
    '(DaemonSet gangway-node-agent in gangway-system) programs it: check that the node agent runs ' +
    'on this node, and read its log and its gangway_node_agent_redirect_failures_total metric.\n'
  );
}

function parseSeconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < 1 || value > 3600) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', `${flag} must be 1 to 3600 (got "${text}")`);
  }
  return value;
}

function parsePortFlag(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = parsePort(text);
  if (!port.ok) throw new GangwayError('GANGWAY_ERR_CLI_USAGE', `${flag}: ${port.error}`);
  return port.value;
}

function redirectSpec(values: TrafficFlagValues): RedirectSpec {
  const spec = resolveTrafficFlags(values);
  if (!spec.ok) throw new GangwayError('GANGWAY_ERR_CLI_USAGE', spec.error);
  return spec.value;
}

/** Dependencies of `gangway init`, injected so that tests run it without iptables. */
export interface InitDeps {
  readonly runner: CommandRunner;
  /** Whether the pod has a global IPv6 address, so that ip6tables is programmed too. */
  readonly hasIpv6: () => Promise<boolean>;
}

/** Whether /proc/net/if_inet6 lists a global-scope address (scope 00) on an interface but lo. */
export async function hasGlobalIpv6(path = '/proc/net/if_inet6'): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .some((fields) => fields.length >= 6 && fields[3] === '00' && fields[5] !== 'lo');
}

const realDeps: InitDeps = { runner: createCommandRunner(), hasIpv6: () => hasGlobalIpv6() };

/** `gangway init`: programs (iptables mode) or verifies (cni mode) the pod's traffic redirect. */
export async function runInit(
  argv: string[],
  io: CliIo,
  deps: InitDeps = realDeps,
): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return (io.stdout(help), ExitCode.ok);
  if (values.mode === undefined) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--mode iptables|cni is required');
  }
  const mode = requireChoice('--mode', values.mode, ['iptables', 'cni'], 'cni');
  const spec = redirectSpec(values);
  if (mode === 'cni') return validateCni(values, spec, io);
  if (values.validate) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--validate is for --mode cni');
  }
  const backend = requireChoice(
    '--iptables-backend',
    values['iptables-backend'],
    ['auto', 'nft', 'legacy', 'default'],
    'auto',
  );
  const families: IpFamily[] = (await deps.hasIpv6()) ? [4, 6] : [4];
  if (values['dry-run']) return (io.stdout(renderDryRun(spec, families)), ExitCode.ok);
  return programIptables({ spec, families, backend, deps, io });
}

function renderDryRun(spec: RedirectSpec, families: readonly IpFamily[]): string {
  return families
    .map((family) => {
      const tool = family === 4 ? 'iptables-restore' : 'ip6tables-restore';
      const rules = buildRedirectRules(spec.settings, { ...spec.options, family });
      return `# IPv${family}: ${tool} --noflush\n${rules}`;
    })
    .join('');
}

async function programIptables(input: {
  spec: RedirectSpec;
  families: IpFamily[];
  backend: 'auto' | IptablesBackend;
  deps: InitDeps;
  io: CliIo;
}): Promise<number> {
  const { spec, families, deps, io } = input;
  const backend =
    input.backend === 'auto' ? await detectIptablesBackend(deps.runner) : input.backend;
  if (backend === undefined) {
    io.stderr(
      'gangway init: no working iptables (tried iptables-nft, iptables-legacy, iptables)\n',
    );
    return ExitCode.refused;
  }
  const programmer = createRedirectProgrammer(deps.runner, backend);
  const result = await programmer.apply({}, spec, families);
  if (!result.ok) {
    io.stderr(`gangway init: programming the redirect failed: ${result.detail}\n`);
    return ExitCode.refused;
  }
  const what = result.changed ? 'programmed' : 'already in place';
  io.stdout(`gangway init: redirect ${what} (IPv${families.join(', IPv')}, iptables ${backend})\n`);
  return ExitCode.ok;
}

async function validateCni(
  values: { validate?: boolean; 'timeout-seconds'?: string; 'probe-port'?: string },
  spec: RedirectSpec,
  io: CliIo,
): Promise<number> {
  if (!values.validate) {
    io.stdout('gangway init: cni mode: the node agent programs the redirect; nothing to do\n');
    return ExitCode.ok;
  }
  const seconds = parseSeconds(
    '--timeout-seconds',
    values['timeout-seconds'],
    DEFAULT_TIMEOUT_SECONDS,
  );
  const probePort = parsePortFlag('--probe-port', values['probe-port'], DEFAULT_PROBE.probePort);
  const result = await waitForRedirect({
    ...DEFAULT_PROBE,
    probePort,
    listenPorts: [
      spec.options.inboundCapturePort ?? INBOUND_CAPTURE_PORT,
      spec.options.outboundCapturePort ?? OUTBOUND_CAPTURE_PORT,
    ],
    timeoutMs: seconds * 1000,
  });
  if (!result.ok && result.attempts === 0) {
    io.stderr(`gangway init: cannot validate the redirect: ${result.lastError}\n`);
    return ExitCode.refused;
  }
  if (!result.ok) {
    io.stderr(redirectTimeoutMessage(seconds, result.lastError));
    return ExitCode.refused;
  }
  io.stdout(
    `gangway init: redirect verified after ${result.elapsedMs} ms (${result.attempts} probes)\n`,
  );
  return ExitCode.ok;
}
