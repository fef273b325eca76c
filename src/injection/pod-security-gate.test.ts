import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../kube/types.js';
import { createDefaultPodSecurityGate, enforcedLevel } from './pod-security-gate.js';
import { buildSecurityContext } from './templates.js';

const gate = createDefaultPodSecurityGate();

function podWith(...containers: Container[]): Pod {
  return { spec: { containers } };
}

function check(pod: Pod, level: string | undefined) {
  const labels: Record<string, string> =
    level === undefined ? {} : { 'pod-security.kubernetes.io/enforce': level };
  return gate.check(pod, { namespace: 'shop', labels });
}

const hardened: Container = { name: 'sidecar', securityContext: buildSecurityContext([]) };
const iptables: Container = {
  name: 'gangway-init',
  securityContext: buildSecurityContext(['NET_ADMIN', 'NET_RAW']),
};

describe('enforcedLevel', () => {
  it('reads the label; none is privileged, an unknown value restricted', () => {
    expect(enforcedLevel({})).toBe('privileged');
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'baseline' })).toBe('baseline');
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'Restricted!' })).toBe(
      'restricted',
    );
  });
});

describe('the default Pod Security gate', () => {
  it('allows anything under privileged', () => {
    expect(
      check(
        podWith(iptables, { name: 'root', securityContext: { privileged: true } }),
        'privileged',
      ),
    ).toEqual({
      allowed: true,
    });
  });

  it('refuses NET_ADMIN and NET_RAW under baseline, naming the container and capabilities', () => {
    expect(check(podWith(iptables), 'baseline')).toEqual({
      allowed: false,
      message:
        'container "gangway-init" adds capabilities NET_ADMIN, NET_RAW, which baseline forbids',
    });
  });

  it('allows the baseline capability set and refuses privileged under baseline', () => {
    const chown: Container = {
      name: 'app',
      securityContext: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } },
    };
    expect(check(podWith(chown), 'baseline')).toEqual({ allowed: true });
    expect(
      check(podWith({ name: 'app', securityContext: { privileged: true } }), 'baseline'),
    ).toMatchObject({
      allowed: false,
      message: 'container "app" is privileged',
    });
  });

  it('allows a hardened container under restricted and only NET_BIND_SERVICE added', () => {
    expect(check(podWith(hardened), 'restricted')).toEqual({ allowed: true });
    const bind = structuredClone(hardened);
    bind.securityContext!.capabilities!.add = ['NET_BIND_SERVICE'];
    expect(check(podWith(bind), 'restricted')).toEqual({ allowed: true });
    expect(check(podWith(iptables), 'restricted')).toMatchObject({
      allowed: false,
      message:
        'container "gangway-init" adds capabilities NET_ADMIN, NET_RAW, which restricted forbids (only NET_BIND_SERVICE may be added)',
    });
  });

  it('lists every restricted violation of a plain container', () => {
    const verdict = check(podWith({ name: 'app' }), 'restricted');
    expect(verdict).toEqual({
      allowed: false,
      message: [
        'container "app" does not drop ALL capabilities',
        'container "app" does not set allowPrivilegeEscalation: false',
        'container "app" does not set runAsNonRoot: true',
        'container "app" does not set seccompProfile.type to RuntimeDefault or Localhost',
      ].join('; '),
    });
  });

  it('reads runAsNonRoot and seccomp from the pod when the container says nothing', () => {
    const container: Container = {
      name: 'app',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    };
    const pod: Pod = {
      spec: {
        containers: [container],
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      },
    };
    expect(check(pod, 'restricted')).toEqual({ allowed: true });
    const root = structuredClone(pod);
    root.spec.securityContext!.runAsUser = 0;
    expect(check(root, 'restricted')).toMatchObject({
      message: 'container "app" runs as root (runAsUser: 0)',
    });
  });
});
