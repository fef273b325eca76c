import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { hostPortsCheck } from './host-ports.js';

const cases: CheckCase[] = [
  { name: 'no ports', spec: { containers: [{ name: 'a' }] } },
  {
    name: 'hostPort 0',
    spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 0 }] }] },
  },
  {
    name: 'one container (upstream TestHostPort)',
    spec: {
      containers: [
        { name: 'a', ports: [{ hostPort: 0 }] },
        { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 20 }] },
      ],
    },
    expected: { reason: 'hostPort', detail: 'container "b" uses hostPort 20' },
  },
  {
    name: 'several containers (upstream TestHostPort)',
    spec: {
      containers: [
        { name: 'a', ports: [{ hostPort: 0 }] },
        { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] },
        { name: 'c', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] },
      ],
    },
    expected: { reason: 'hostPort', detail: 'containers "b", "c" use hostPorts 10, 20, 30' },
  },
  {
    name: 'ports sort as strings, as upstream keeps them in a string set',
    spec: { containers: [{ name: 'a', ports: [{ hostPort: 9 }, { hostPort: 8080 }] }] },
    expected: { reason: 'hostPort', detail: 'container "a" uses hostPorts 8080, 9' },
  },
];

describe('hostPorts', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(hostPortsCheck, row)).toEqual(row.expected);
  });
});
