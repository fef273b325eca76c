import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { windowsHostProcessCheck } from './windows-host-process.js';

const options = (hostProcess?: boolean) => ({
  windowsOptions: hostProcess === undefined ? {} : { hostProcess },
});
const reason = 'hostProcess';

const cases: CheckCase[] = [
  { name: 'not set', spec: { containers: [container('a', options())] } },
  {
    name: 'false',
    spec: { securityContext: options(false), containers: [container('a', options(false))] },
  },
  {
    name: 'pod and containers (upstream TestWindowsHostProcess)',
    spec: {
      securityContext: options(true),
      containers: [
        container('a'),
        container('b', {}),
        container('c', options()),
        container('d', options(false)),
        container('e', options(true)),
        container('f', options(true)),
      ],
    },
    expected: {
      reason,
      detail:
        'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true',
    },
  },
  {
    name: 'pod only',
    spec: { securityContext: options(true), containers: [container('a')] },
    expected: {
      reason,
      detail: 'pod must not set securityContext.windowsOptions.hostProcess=true',
    },
  },
];

describe('windowsHostProcess', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(windowsHostProcessCheck, row)).toEqual(row.expected);
  });
});
