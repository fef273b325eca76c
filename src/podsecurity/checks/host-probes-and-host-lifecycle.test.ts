import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { hostProbesAndHostLifecycleCheck } from './host-probes-and-host-lifecycle.js';

const reason = 'probe or lifecycle host';

const cases: CheckCase[] = [
  {
    name: 'probes without host',
    spec: {
      containers: [
        {
          name: 'a',
          livenessProbe: { httpGet: { port: 80 } },
          readinessProbe: { tcpSocket: { port: 80 } },
        },
      ],
    },
  },
  {
    name: 'empty host is allowed',
    spec: { containers: [{ name: 'a', startupProbe: { httpGet: { host: '', port: 80 } } }] },
  },
  {
    name: 'not checked before 1.34',
    version: 33,
    spec: { containers: [{ name: 'a', livenessProbe: { httpGet: { host: 'evil', port: 80 } } }] },
  },
  {
    name: 'one host',
    version: 34,
    spec: {
      containers: [{ name: 'a', livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } }],
    },
    expected: { reason, detail: 'container "a" uses probe or lifecycle host "10.0.0.1"' },
  },
  {
    name: 'probes and lifecycle handlers of several containers, names and hosts sorted',
    spec: {
      initContainers: [
        { name: 'z', lifecycle: { preStop: { tcpSocket: { host: 'b.example', port: 1 } } } },
      ],
      containers: [
        { name: 'b', readinessProbe: { tcpSocket: { host: '::1', port: 80 } } },
        { name: 'a', lifecycle: { postStart: { httpGet: { host: 'a.example', port: 80 } } } },
      ],
    },
    expected: {
      reason,
      detail:
        'containers "a", "b", "z" use probe or lifecycle hosts "::1", "a.example", "b.example"',
    },
  },
];

describe('hostProbesAndHostLifecycle', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(hostProbesAndHostLifecycleCheck, row)).toEqual(row.expected);
  });
});
