import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { hostNamespacesCheck } from './host-namespaces.js';

const cases: CheckCase[] = [
  { name: 'none set', spec: {} },
  { name: 'all false', spec: { hostNetwork: false, hostPID: false, hostIPC: false } },
  {
    name: 'all three (upstream TestHostNamespaces), in upstream order',
    spec: { hostIPC: true, hostPID: true, hostNetwork: true },
    expected: { reason: 'host namespaces', detail: 'hostNetwork=true, hostPID=true, hostIPC=true' },
  },
  {
    name: 'hostPID only',
    spec: { hostPID: true },
    expected: { reason: 'host namespaces', detail: 'hostPID=true' },
  },
];

describe('hostNamespaces', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(hostNamespacesCheck, row)).toEqual(row.expected);
  });
});
