import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { runAsNonRootCheck } from './run-as-non-root.js';

const reason = 'runAsNonRoot != true';

// Upstream TestRunAsNonRoot (1.35 revision), and the 1.0 revision without the user namespace relaxation.
const cases: CheckCase[] = [
  {
    name: 'no explicit runAsNonRoot',
    spec: { containers: [container('a')] },
    expected: { reason, detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' },
  },
  {
    name: 'pod runAsNonRoot=false',
    spec: { securityContext: { runAsNonRoot: false }, containers: [container('a')] },
    expected: { reason, detail: 'pod must not set securityContext.runAsNonRoot=false' },
  },
  {
    name: 'containers runAsNonRoot=false',
    spec: {
      securityContext: { runAsNonRoot: true },
      containers: [
        container('a'),
        container('b', {}),
        container('c', { runAsNonRoot: false }),
        container('d', { runAsNonRoot: false }),
        container('e', { runAsNonRoot: true }),
        container('f', { runAsNonRoot: true }),
      ],
    },
    expected: {
      reason,
      detail: 'containers "c", "d" must not set securityContext.runAsNonRoot=false',
    },
  },
  {
    name: 'pod and container runAsNonRoot=false',
    spec: {
      securityContext: { runAsNonRoot: false },
      containers: [container('c', { runAsNonRoot: false })],
    },
    expected: {
      reason,
      detail: 'pod and container "c" must not set securityContext.runAsNonRoot=false',
    },
  },
  {
    name: 'pod nil, container fallthrough',
    spec: {
      containers: [
        container('a'),
        container('b', {}),
        container('d', { runAsNonRoot: true }),
        container('e', { runAsNonRoot: true }),
      ],
    },
    expected: {
      reason,
      detail: 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true',
    },
  },
  {
    name: 'pod true covers containers',
    spec: { securityContext: { runAsNonRoot: true }, containers: [container('a')] },
  },
  {
    name: 'host users false allowed from 1.35',
    spec: { hostUsers: false, containers: [container('a')] },
  },
  {
    name: 'host users false not relaxed before 1.35',
    version: 34,
    spec: { hostUsers: false, containers: [container('a')] },
    expected: { reason, detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' },
  },
];

describe('runAsNonRoot', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(runAsNonRootCheck, row)).toEqual(row.expected);
  });
});
