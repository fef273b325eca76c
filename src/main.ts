#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isGangwayError } from './shared/errors.js';
import { ExitCode, processIo, type CliIo } from './cli/usage.js';

/** A subcommand: takes its arguments and streams, returns the exit code (a server never returns). */
type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  serve: {
    summary: 'run the admission webhooks (HTTPS), health and metrics',
    load: async () => (await import('./cli/serve.js')).runServe,
  },
  inject: {
    summary: 'inject sidecars into manifests offline (-f FILE|-)',
    load: async () => (await import('./cli/inject.js')).runInject,
  },
  validate: {
    summary: 'validate mesh resources and Pod Security of manifests offline (-f FILE|DIR|-)',
    load: async () => (await import('./cli/validate.js')).runValidate,
  },
  init: {
    summary: 'in-pod init: validate (cni) or program (iptables) the traffic redirect',
    load: async () => (await import('./cli/init.js')).runInit,
  },
  'node-agent': {
    summary: 'per-node agent that programs the traffic redirect of cni-mode pods',
    load: async () => (await import('./cli/node-agent.js')).runNodeAgent,
  },
  ca: {
    summary: 'run the workload certificate authority alone (gRPC, TLS, port 15012)',
    load: async () => (await import('./cli/ca.js')).runCa,
  },
  agent: {
    summary: 'in-pod agent: workload certificate, SDS, app probes and metrics on 15020',
    load: async () => (await import('./cli/agent.js')).runAgentCommand,
  },
  audit: {
    summary: 'audit a cluster or a folder of manifests against the policies (docs/audit.md)',
    load: async () => (await import('./cli/audit.js')).runAudit,
  },
  manifests: {
    summary: 'render the install manifests with a caBundle',
    load: async () => (await import('./cli/manifests.js')).runManifests,
  },
};

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, s]) => `  ${name.padEnd(10)} ${s.summary}`);
  return `gangway: the admission layer of a service mesh\n\nUsage: gangway <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun 'gangway <command> --help' for the flags of a command.\n`;
}

/** Dispatches to a subcommand and maps coded usage errors to exit 2. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const entry = subcommands[name];
  if (!entry) {
    io.stderr(`gangway: unknown command "${name}"\n\n${usage()}`);
    return ExitCode.usage;
  }
  try {
    return await (
      await entry.load()
    )(rest, io);
  } catch (error) {
    if (isGangwayError(error)) {
      io.stderr(`gangway ${name}: ${error.code}: ${error.message}\n`);
      return error.code === 'GANGWAY_ERR_CLI_USAGE' ? ExitCode.usage : ExitCode.refused;
    }
    throw error;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== -1) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gangway: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
