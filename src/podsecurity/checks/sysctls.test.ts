import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { sysctlsCheck } from './sysctls.js';

const withSysctls = (...names: string[]) => ({
  securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) },
});
const forbidden = (detail: string) => ({ reason: 'forbidden sysctls', detail });

const cases: CheckCase[] = [
  { name: 'no sysctls', spec: {} },
  {
    name: 'safe at 1.0',
    version: 0,
    spec: withSysctls('kernel.shm_rmid_forced', 'net.ipv4.ip_unprivileged_port_start'),
  },
  {
    name: 'unsafe, in the order given',
    spec: withSysctls('kernel.msgmax', 'net.ipv4.tcp_syncookies', 'a.b'),
    expected: forbidden('kernel.msgmax, a.b'),
  },
  {
    name: 'ip_local_reserved_ports before 1.27',
    version: 26,
    spec: withSysctls('net.ipv4.ip_local_reserved_ports'),
    expected: forbidden('net.ipv4.ip_local_reserved_ports'),
  },
  {
    name: 'ip_local_reserved_ports from 1.27',
    version: 27,
    spec: withSysctls('net.ipv4.ip_local_reserved_ports'),
  },
  {
    name: 'tcp_keepalive_time before 1.29',
    version: 28,
    spec: withSysctls('net.ipv4.tcp_keepalive_time'),
    expected: forbidden('net.ipv4.tcp_keepalive_time'),
  },
  {
    name: 'keepalive and fin_timeout from 1.29',
    version: 29,
    spec: withSysctls(
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ),
  },
  {
    name: 'tcp_rmem before 1.32',
    version: 31,
    spec: withSysctls('net.ipv4.tcp_rmem'),
    expected: forbidden('net.ipv4.tcp_rmem'),
  },
  {
    name: 'tcp_rmem and tcp_wmem from 1.32',
    version: 32,
    spec: withSysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'),
  },
  {
    name: 'slow start and notsent_lowat before 1.37',
    version: 36,
    spec: withSysctls('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'),
    expected: forbidden('net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat'),
  },
  {
    name: 'slow start and notsent_lowat from 1.37',
    version: 37,
    spec: withSysctls('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'),
  },
];

describe('sysctls', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(sysctlsCheck, row)).toEqual(row.expected);
  });
  it('has a revision at each version the safe list changed', () => {
    expect(sysctlsCheck.versions.map((v) => v.minVersion)).toEqual([0, 27, 29, 32, 37]);
  });
});
