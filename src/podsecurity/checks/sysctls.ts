import type { CheckDefinition, CheckFn, Forbidden } from '../check.js';
import type { PodSpecInput } from '../pod-spec.js';

/*
 * Sysctls can disable security mechanisms or affect every container on a host; only the "safe"
 * subset (namespaced, isolated between pods) is allowed. The subset grew with policy versions.
 * Restricted field: spec.securityContext.sysctls[*].name.
 */

const SAFE_V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SAFE_V1_27 = [...SAFE_V1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_V1_29 = [
  ...SAFE_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SAFE_V1_32 = [...SAFE_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_V1_37 = [
  ...SAFE_V1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

/** The safe sysctls per policy version (minor of v1.x) at which the list changed. */
export const SAFE_SYSCTLS: ReadonlyMap<number, ReadonlySet<string>> = new Map([
  [0, new Set(SAFE_V1_0)],
  [27, new Set(SAFE_V1_27)],
  [29, new Set(SAFE_V1_29)],
  [32, new Set(SAFE_V1_32)],
  [37, new Set(SAFE_V1_37)],
]);

function checkSysctls(spec: PodSpecInput, safe: ReadonlySet<string>): Forbidden | undefined {
  const sysctls = spec.securityContext?.sysctls;
  if (!sysctls) return undefined;
  let forbidden: string[] | undefined;
  for (const sysctl of sysctls) if (!safe.has(sysctl.name)) (forbidden ??= []).push(sysctl.name);
  return forbidden ? { reason: 'forbidden sysctls', detail: forbidden.join(', ') } : undefined;
}

function revision(safe: ReadonlySet<string>): CheckFn {
  return (spec) => checkSysctls(spec, safe);
}

/** Baseline: only safe sysctls (1.0+; the safe list grew in 1.27, 1.29, 1.32 and 1.37). */
export const sysctlsCheck: CheckDefinition = {
  id: 'sysctls',
  level: 'baseline',
  versions: [...SAFE_SYSCTLS].map(([minVersion, safe]) => ({ minVersion, check: revision(safe) })),
};
