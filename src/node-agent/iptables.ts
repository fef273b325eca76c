import {
  isRedirectCurrent,
  parseInstalledRedirect,
  planRedirect,
  planRemoval,
  type InstalledRedirect,
} from './rules/installed-rules.js';
import { buildRedirectRuleSet, type IpFamily } from './rules/redirect-rules.js';
import type { RedirectSpec } from './traffic-args.js';

/**
 * Programming the redirect through the iptables CLI: iptables-save to read, iptables-restore
 * --noflush to write in one atomic commit, inside a pod's network namespace through nsenter (the
 * node agent) or in the current one (gangway-init in iptables mode).
 */

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program (no shell); injected so that tests script the answers. */
export interface CommandRunner {
  run(
    command: string,
    args: readonly string[],
    options?: { input?: string },
  ): Promise<CommandResult>;
}

/** Which iptables: the nf_tables one, the legacy x_tables one, or whatever `iptables` is here. */
export type IptablesBackend = 'nft' | 'legacy' | 'default';

/** Where to program: a network namespace to enter, or the current one. */
export interface NetnsTarget {
  readonly path?: string;
}

/** The outcome of programming or removing; `detail` names the command and what it printed. */
export type ProgramResult =
  | { readonly ok: true; readonly changed: boolean }
  | { readonly ok: false; readonly detail: string };

/** The save and restore programs of a backend and family. */
export function iptablesTools(
  backend: IptablesBackend,
  family: IpFamily,
): { save: string; restore: string } {
  const base = family === 4 ? 'iptables' : 'ip6tables';
  const prefix = backend === 'default' ? base : `${base}-${backend}`;
  return { save: `${prefix}-save`, restore: `${prefix}-restore` };
}

/**
 * Picks the backend: nf_tables when its tools work here (the kernel has nf_tables), else legacy,
 * else the plain `iptables` of the image. Undefined when none works.
 */
export async function detectIptablesBackend(
  runner: CommandRunner,
): Promise<IptablesBackend | undefined> {
  for (const backend of ['nft', 'legacy', 'default'] as const) {
    const result = await runner
      .run(iptablesTools(backend, 4).save, ['-t', 'nat'])
      .catch(() => undefined);
    if (result?.code === 0) return backend;
  }
  return undefined;
}

function inTarget(
  target: NetnsTarget,
  command: string,
  args: readonly string[],
): [string, string[]] {
  return target.path === undefined
    ? [command, [...args]]
    : ['nsenter', [`--net=${target.path}`, '--', command, ...args]];
}

function describeFailure(command: string, result: CommandResult | Error): string {
  if (result instanceof Error) return `${command}: ${result.message}`;
  const output = (result.stderr || result.stdout).trim().split('\n').slice(0, 5).join('; ');
  return `${command} exited ${result.code}${output ? `: ${output}` : ''}`;
}

/** Seconds iptables-restore waits for the legacy xtables lock held by a parallel restore. */
const XTABLES_LOCK_WAIT_SECONDS = '5';

/** The iptables CLI of one backend, driven through a CommandRunner. */
export interface RedirectProgrammer {
  /** gangway's part of the nat table of one family, or a failure. */
  read(target: NetnsTarget, family: IpFamily): Promise<InstalledRedirect | { detail: string }>;
  /** Brings every family to the spec; a family already current is not written. */
  apply(
    target: NetnsTarget,
    spec: RedirectSpec,
    families: readonly IpFamily[],
  ): Promise<ProgramResult>;
  /** Removes gangway's chains and hooks from every family. */
  remove(target: NetnsTarget, families: readonly IpFamily[]): Promise<ProgramResult>;
}

type Exec = (
  target: NetnsTarget,
  command: string,
  args: string[],
  input?: string,
) => Promise<CommandResult | { detail: string }>;

function createExec(runner: CommandRunner): Exec {
  return async (target, command, args, input) => {
    const [program, argv] = inTarget(target, command, args);
    const result = await runner
      .run(program, argv, input === undefined ? {} : { input })
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (!(result instanceof Error) && result.code === 0) return result;
    return { detail: describeFailure([program, ...argv].join(' '), result) };
  };
}

interface Tools {
  read: RedirectProgrammer['read'];
  restore(target: NetnsTarget, family: IpFamily, input: string): Promise<ProgramResult>;
}

async function applyFamily(
  tools: Tools,
  target: NetnsTarget,
  spec: RedirectSpec,
  family: IpFamily,
): Promise<ProgramResult> {
  const installed = await tools.read(target, family);
  if ('detail' in installed) return { ok: false, detail: installed.detail };
  const wanted = buildRedirectRuleSet(spec.settings, { ...spec.options, family });
  if (isRedirectCurrent(installed, wanted)) return { ok: true, changed: false };
  return tools.restore(target, family, planRedirect(installed, wanted));
}

async function removeFamily(
  tools: Tools,
  target: NetnsTarget,
  family: IpFamily,
): Promise<ProgramResult> {
  const installed = await tools.read(target, family);
  if ('detail' in installed) return { ok: false, detail: installed.detail };
  const input = planRemoval(installed);
  if (input === undefined) return { ok: true, changed: false };
  return tools.restore(target, family, input);
}

/** Builds a RedirectProgrammer over a runner and a backend. */
export function createRedirectProgrammer(
  runner: CommandRunner,
  backend: IptablesBackend,
): RedirectProgrammer {
  const exec = createExec(runner);
  const tools: Tools = {
    read: async (target, family) => {
      const saved = await exec(target, iptablesTools(backend, family).save, ['-t', 'nat']);
      return 'detail' in saved ? saved : parseInstalledRedirect(saved.stdout);
    },
    restore: async (target, family, input) => {
      const restore = iptablesTools(backend, family).restore;
      const args = ['--noflush', '--wait', XTABLES_LOCK_WAIT_SECONDS];
      const done = await exec(target, restore, args, input);
      return 'detail' in done ? { ok: false, detail: done.detail } : { ok: true, changed: true };
    },
  };
  return {
    read: tools.read,
    apply: (target, spec, families) =>
      eachFamily(families, (family) => applyFamily(tools, target, spec, family)),
    remove: (target, families) =>
      eachFamily(families, (family) => removeFamily(tools, target, family)),
  };
}

async function eachFamily(
  families: readonly IpFamily[],
  step: (family: IpFamily) => Promise<ProgramResult>,
): Promise<ProgramResult> {
  let changed = false;
  for (const family of families) {
    const result = await step(family);
    if (!result.ok) return { ok: false, detail: `IPv${family}: ${result.detail}` };
    changed ||= result.changed;
  }
  return { ok: true, changed };
}
