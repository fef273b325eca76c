import { describe, expect, it } from 'vitest';
import { buildTrafficArgs, defaultTrafficSettings } from '../injection/traffic.js';
import { AgentPodSchema, planPod, type AgentPod } from './pod-plan.js';

function pod(overrides: {
  status?: unknown;
  annotations?: Record<string, string>;
  phase?: string;
  podIP?: string | null;
  podIPs?: string[];
  hostNetwork?: boolean;
  initArgs?: string[];
}): AgentPod {
  const status = overrides.status === undefined ? { mode: 'cni' } : overrides.status;
  return AgentPodSchema.parse({
    metadata: {
      uid: 'd6f5a3c0-1b2c-4d5e-8f90-123456789abc',
      name: 'web',
      namespace: 'shop',
      annotations: {
        ...(status === null ? {} : { 'sidecar.gangway.io/status': JSON.stringify(status) }),
        ...overrides.annotations,
      },
    },
    spec: {
      nodeName: 'node-1',
      hostNetwork: overrides.hostNetwork ?? false,
      initContainers: overrides.initArgs
        ? [{ name: 'gangway-init', args: overrides.initArgs }]
        : [],
    },
    status: {
      phase: overrides.phase ?? 'Running',
      podIP: overrides.podIP === undefined ? '10.1.2.3' : overrides.podIP,
      podIPs: (overrides.podIPs ?? ['10.1.2.3']).map((ip) => ({ ip })),
      startTime: new Date(1_000_000),
    },
  });
}

describe('planPod', () => {
  it('redirects a running cni pod with the settings of its status annotation', () => {
    const traffic = { ...defaultTrafficSettings(), excludeOutboundPorts: [5432] };
    const plan = planPod(pod({ status: { mode: 'cni', traffic } }));
    expect(plan).toMatchObject({ kind: 'redirect', families: [4], startedAtMs: 1_000_000 });
    if (plan.kind === 'redirect') expect(plan.spec.settings).toEqual(traffic);
  });

  it('falls back to the gangway-init args when the status records no traffic', () => {
    const traffic = { ...defaultTrafficSettings(), excludeOutboundPorts: [53] };
    const plan = planPod(
      pod({ initArgs: ['init', '--mode', 'cni', ...buildTrafficArgs(traffic)] }),
    );
    expect(plan.kind === 'redirect' && plan.spec.settings).toEqual(traffic);
  });

  it('programs IPv6 too for a dual-stack pod', () => {
    const plan = planPod(pod({ podIPs: ['10.1.2.3', 'fd00::3'] }));
    expect(plan).toMatchObject({ kind: 'redirect', families: [4, 6] });
  });

  it.each([
    [{ status: null }, { kind: 'ignore', why: 'not-injected' }],
    [{ status: { mode: 'iptables' } }, { kind: 'ignore', why: 'not-cni' }],
    [{ hostNetwork: true }, { kind: 'ignore', why: 'host-network' }],
    [{ podIP: null }, { kind: 'wait', why: 'no-pod-ip' }],
    [{ phase: 'Succeeded' }, { kind: 'remove', why: 'terminated' }],
    [{ phase: 'Failed' }, { kind: 'remove', why: 'terminated' }],
  ])('plans %o as %o', (overrides, expected) => {
    expect(planPod(pod(overrides))).toEqual(expected);
  });

  it('reads the status the injector writes, keys it does not know included', () => {
    const status = {
      initContainers: ['gangway-init'],
      containers: ['gangway-proxy'],
      volumes: [],
      mode: 'cni',
      revision: 'default',
      native: true,
      traffic: defaultTrafficSettings(),
      addedLater: 1,
    };
    expect(planPod(pod({ status })).kind).toBe('redirect');
    expect(planPod(pod({ status: { native: true } }))).toMatchObject({ kind: 'invalid' });
  });

  it('refuses a status annotation that is not JSON or records unsafe settings', () => {
    const notJson = planPod(
      pod({ status: null, annotations: { 'sidecar.gangway.io/status': '{' } }),
    );
    expect(notJson).toMatchObject({ kind: 'invalid' });
    const traffic = {
      ...defaultTrafficSettings(),
      excludeOutboundIPRanges: ['0.0.0.0/0 -j ACCEPT'],
    };
    expect(planPod(pod({ status: { mode: 'cni', traffic } }))).toMatchObject({ kind: 'invalid' });
  });
});
