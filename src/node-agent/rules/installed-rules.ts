import { OWN_CHAINS, type RedirectRuleSet, renderRestoreInput } from './redirect-rules.js';

/**
 * Reading back what the kernel holds (iptables-save output of the nat table), and the restore input
 * that turns it into the wanted state: the same rules applied twice leave the table as it was, and
 * removal takes away exactly what gangway added.
 */

/** gangway's part of a nat table, as iptables-save printed it. */
export interface InstalledRedirect {
  /** Own chains present. */
  readonly chains: readonly string[];
  /** `-A` lines of own chains, in order. */
  readonly rules: readonly string[];
  /** `-A PREROUTING|OUTPUT ... -j GANGWAY_*` lines, in order (duplicates kept). */
  readonly hooks: readonly string[];
}

const OWN_TARGET = /\s-j\s+(GANGWAY_[A-Z_]+)\b/;

function natLines(save: string): string[] {
  const lines = save.split('\n').map((line) => line.trim());
  const start = lines.indexOf('*nat');
  if (start < 0) return [];
  const end = lines.indexOf('COMMIT', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function ownChainOf(line: string): string | undefined {
  const name = /^-A\s+(\S+)/.exec(line)?.[1];
  return name !== undefined && OWN_CHAINS.includes(name) ? name : undefined;
}

/** Extracts gangway's chains, rules and hooks from iptables-save output (any table set). */
export function parseInstalledRedirect(save: string): InstalledRedirect {
  const chains: string[] = [];
  const rules: string[] = [];
  const hooks: string[] = [];
  for (const line of natLines(save)) {
    const declared = /^:(\S+)\s/.exec(line)?.[1];
    if (declared !== undefined && OWN_CHAINS.includes(declared)) chains.push(declared);
    else if (ownChainOf(line) !== undefined) rules.push(line);
    else if (/^-A\s+(PREROUTING|OUTPUT)\s/.test(line) && OWN_TARGET.test(line)) hooks.push(line);
  }
  return { chains, rules, hooks };
}

/** Whether the installed redirect is exactly the wanted rule set (hooks once each, same rules). */
export function isRedirectCurrent(installed: InstalledRedirect, wanted: RedirectRuleSet): boolean {
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((line, i) => line === b[i]);
  return same(installed.rules, wanted.rules) && same(installed.hooks, wanted.hooks);
}

/**
 * The restore input that brings the table to the wanted rule set: the own chains are rebuilt in one
 * commit; hook rules already present are kept (duplicates deleted) and missing ones appended.
 */
export function planRedirect(installed: InstalledRedirect, wanted: RedirectRuleSet): string {
  const missing = wanted.hooks.filter((hook) => !installed.hooks.includes(hook));
  const seen = new Set<string>();
  const duplicates = installed.hooks.filter((hook) => {
    const again = seen.has(hook);
    seen.add(hook);
    return again && wanted.hooks.includes(hook);
  });
  const stale = installed.hooks.filter((hook) => !wanted.hooks.includes(hook));
  const set = { ...wanted, hooks: missing };
  return renderRestoreInput(set, { hooks: true, deleteHooks: [...duplicates, ...stale] });
}

/**
 * The restore input removing gangway's redirect: its hook rules, then its chains (flushed first,
 * since they jump to each other). Undefined when nothing of gangway's is installed.
 */
export function planRemoval(installed: InstalledRedirect): string | undefined {
  if (installed.chains.length === 0 && installed.hooks.length === 0) return undefined;
  const lines = [
    '*nat',
    ...installed.hooks.map((hook) => hook.replace(/^-A /, '-D ')),
    ...installed.chains.map((chain) => `:${chain} - [0:0]`),
    ...installed.chains.map((chain) => `-X ${chain}`),
    'COMMIT',
  ];
  return `${lines.join('\n')}\n`;
}
