import { describe, expect, it } from 'vitest';
import { PodSecurityConfigSchema } from '../podsecurity/index.js';
import { defaultMeshConfig } from '../config/mesh-config.js';
import { injectPod } from './inject.js';
import { createPodSecurityEvaluatorGate } from './pod-security-evaluator-gate.js';
import type { Pod } from '../kube/types.js';

const compliantPod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'app', namespace: 'shop' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'app:1',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
};

function inject(mode: string, enforce: string, config = PodSecurityConfigSchema.parse({})) {
  const pod = structuredClone(compliantPod);
  pod.metadata!.annotations = { 'sidecar.gangway.io/interceptionMode': mode };
  return injectPod(pod, {
    namespace: 'shop',
    namespaceLabels: {
      'gangway.io/injection': 'enabled',
      'pod-security.kubernetes.io/enforce': enforce,
    },
    mesh: defaultMeshConfig(),
    clusterVersion: { major: 1, minor: 30 },
    podSecurityGate: createPodSecurityEvaluatorGate(config),
  });
}

describe('the injector with the full Pod Security evaluator', () => {
  it('injects cni mode into a restricted namespace', () => {
    expect(inject('cni', 'restricted').report.outcome).toBe('injected');
  });

  it('refuses iptables mode under baseline with the level, container, capabilities and remedy', () => {
    const { report } = inject('iptables', 'baseline');
    expect(report.outcome).toBe('refused');
    const message = (report as { message: string }).message;
    expect(message).toContain('namespace "shop" enforces "baseline:latest"');
    expect(message).toContain('violates PodSecurity "baseline:latest": non-default capabilities');
    expect(message).toContain('container "gangway-init"');
    expect(message).toContain('"NET_ADMIN", "NET_RAW"');
    expect(message).toContain('remedy: use interception mode "cni"');
  });

  it('allows iptables mode in a namespace the config exempts', () => {
    const config = PodSecurityConfigSchema.parse({ exemptions: { namespaces: ['shop'] } });
    expect(inject('iptables', 'restricted', config).report.outcome).toBe('injected');
  });

  it('treats an invalid enforce label as restricted, as upstream does', () => {
    expect(inject('iptables', 'strictest').report.outcome).toBe('refused');
  });
});
