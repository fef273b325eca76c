import { describe, expect, it } from 'vitest';
import { MeshConfigSchema, defaultMeshConfig } from '../config/mesh-config.js';
import type { Container, Pod } from '../kube/types.js';
import type { InjectionContext } from './inject.js';
import { injectPod } from './inject.js';
import { createDefaultPodSecurityGate } from './pod-security-gate.js';
import { parseStatus } from './status.js';
import { buildSecurityContext } from './templates.js';

const G = 'sidecar.gangway.io/';
const v130 = { major: 1, minor: 30 };

function context(overrides: Partial<InjectionContext> = {}): InjectionContext {
  return {
    namespace: 'shop',
    namespaceLabels: { 'gangway.io/injection': 'enabled' },
    mesh: defaultMeshConfig(),
    podSecurityGate: createDefaultPodSecurityGate(),
    ...overrides,
  };
}

function pod(annotations: Record<string, string> = {}, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', annotations },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
        },
      ],
      ...extra,
    },
  };
}

function names(containers: readonly Container[] | null | undefined): string[] {
  return (containers ?? []).map((c) => c.name);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function withoutStatus(target: Pod): Pod {
  const copy = structuredClone(target);
  delete copy.metadata!.annotations![`${G}status`];
  return copy;
}

describe('injectPod placement', () => {
  it('appends a classic sidecar last when the cluster version is unknown', () => {
    const { pod: out, report } = injectPod(pod(), context());
    expect(report).toMatchObject({
      outcome: 'injected',
      mode: 'cni',
      native: false,
      selectedBy: 'namespace-label',
    });
    expect(names(out.spec.containers)).toEqual(['app', 'gangway-proxy']);
    expect(names(out.spec.initContainers)).toEqual(['gangway-init']);
  });

  it('makes the proxy a native sidecar from 1.29, after gangway-init and before user init containers', () => {
    const input = pod({}, { initContainers: [{ name: 'migrate' }] });
    const { pod: out } = injectPod(input, context({ clusterVersion: v130 }));
    expect(names(out.spec.initContainers)).toEqual(['gangway-init', 'gangway-proxy', 'migrate']);
    expect(names(out.spec.containers)).toEqual(['app']);
    const proxy = out.spec.initContainers![1]!;
    expect(proxy.restartPolicy).toBe('Always');
    expect(proxy['startupProbe']).toMatchObject({
      httpGet: { path: '/healthz/ready', port: 15021 },
    });
  });

  it('puts a held classic proxy first with a postStart hook that waits', () => {
    const { pod: out } = injectPod(
      pod({ [`${G}holdApplicationUntilProxyStarts`]: 'true' }),
      context(),
    );
    expect(names(out.spec.containers)).toEqual(['gangway-proxy', 'app']);
    expect(out.spec.containers[0]!['lifecycle']).toEqual({
      postStart: { exec: { command: ['gangway', 'agent', 'wait'] } },
    });
  });

  it('needs no hold hook for a native sidecar', () => {
    const input = pod({ [`${G}holdApplicationUntilProxyStarts`]: 'true' });
    const { pod: out } = injectPod(input, context({ clusterVersion: v130 }));
    expect(out.spec.initContainers![1]).not.toHaveProperty('lifecycle');
  });
});

describe('injectPod modes', () => {
  it('cni: gangway-init validates and adds no capabilities', () => {
    const { pod: out } = injectPod(pod(), context());
    const init = out.spec.initContainers![0]!;
    expect(init['args']).toEqual(expect.arrayContaining(['init', '--mode', 'cni', '--validate']));
    expect(init.securityContext).toEqual(buildSecurityContext([]));
  });

  it('iptables: gangway-init programs the redirect with NET_ADMIN and NET_RAW', () => {
    const { pod: out } = injectPod(pod({ [`${G}interceptionMode`]: 'iptables' }), context());
    const init = out.spec.initContainers![0]!;
    expect((init['args'] as string[]).slice(0, 3)).toEqual(['init', '--mode', 'iptables']);
    expect(init.securityContext?.capabilities).toEqual({
      add: ['NET_ADMIN', 'NET_RAW'],
      drop: ['ALL'],
    });
    // uid 0 without privilege escalation: a non-root process gets no ambient capabilities.
    expect(init.securityContext).toMatchObject({
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
    });
  });

  it('none: no init container, no traffic in the status', () => {
    const { pod: out } = injectPod(pod({ [`${G}interceptionMode`]: 'none' }), context());
    expect(out.spec).not.toHaveProperty('initContainers');
    const status = parseStatus(out.metadata!.annotations![`${G}status`]!);
    expect(status).toMatchObject({
      mode: 'none',
      initContainers: [],
      containers: ['gangway-proxy'],
    });
    expect(status).not.toHaveProperty('traffic');
  });

  it('passes the traffic annotations to gangway-init and records them in the status', () => {
    const input = pod({
      'traffic.gangway.io/excludeOutboundPorts': '5432',
      'traffic.gangway.io/includeOutboundIPRanges': '10.0.0.0/8',
    });
    const { pod: out } = injectPod(input, context());
    const args = out.spec.initContainers![0]!['args'] as string[];
    expect(args[args.indexOf('--exclude-outbound-ports') + 1]).toBe('5432');
    expect(args[args.indexOf('--include-outbound-ip-ranges') + 1]).toBe('10.0.0.0/8');
    const status = parseStatus(out.metadata!.annotations![`${G}status`]!);
    expect(status?.traffic).toMatchObject({
      excludeOutboundPorts: [5432],
      includeOutboundIPRanges: ['10.0.0.0/8'],
    });
  });
});

describe('injectPod purity and idempotency', () => {
  const cases: [string, Pod, Partial<InjectionContext>][] = [
    ['classic', pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' }), {}],
    ['native', pod({}, { initContainers: [{ name: 'migrate' }] }), { clusterVersion: v130 }],
    ['held', pod({ [`${G}holdApplicationUntilProxyStarts`]: 'true' }), {}],
    ['iptables', pod({ [`${G}interceptionMode`]: 'iptables' }), {}],
    ['none', pod({ [`${G}interceptionMode`]: 'none' }), {}],
  ];

  it.each(cases)('%s: never mutates its input and is deterministic', (_, input, extra) => {
    const frozen = deepFreeze(structuredClone(input));
    const first = injectPod(frozen, context(extra));
    const second = injectPod(structuredClone(input), context(extra));
    expect(JSON.stringify(first.pod)).toBe(JSON.stringify(second.pod));
    expect(frozen).toEqual(input);
  });

  it.each(cases)('%s: injecting an injected pod changes nothing', (_, input, extra) => {
    const { pod: once } = injectPod(input, context(extra));
    const again = injectPod(once, context(extra));
    expect(again.report).toMatchObject({ outcome: 'skipped', reason: 'already-injected' });
    expect(again.pod).toBe(once);
  });

  it.each(cases)(
    '%s: re-injecting without the status annotation merges instead of duplicating',
    (_, input, extra) => {
      const { pod: once } = injectPod(input, context(extra));
      const { pod: twice } = injectPod(withoutStatus(once), context(extra));
      expect(twice).toEqual(once);
    },
  );
});

describe('injectPod overrides and probes', () => {
  it("merges the user's own gangway-proxy container over the template, wherever it was", () => {
    const override: Container = {
      name: 'gangway-proxy',
      image: 'proxy:debug',
      env: [{ name: 'EXTRA', value: '1' }],
      resources: { limits: { memory: '2Gi' } },
    };
    const input = pod({}, { containers: [override, { name: 'app' }] });
    const { pod: out } = injectPod(input, context({ clusterVersion: v130 }));
    expect(names(out.spec.containers)).toEqual(['app']);
    const proxy = out.spec.initContainers![1]!;
    expect(proxy).toMatchObject({ image: 'proxy:debug', restartPolicy: 'Always' });
    expect(proxy['resources']).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '2000m', memory: '2Gi' },
    });
    expect(proxy.env?.at(-1)).toEqual({ name: 'EXTRA', value: '1' });
  });

  it('keeps probes as they are when probe rewriting is off', () => {
    const input = pod({ [`${G}rewriteAppHTTPProbers`]: 'false' });
    const { pod: out } = injectPod(input, context());
    expect(out.spec.containers[0]!.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 8080 },
    });
    expect(names(out.spec.containers[1]!.env as Container[])).not.toContain(
      'GANGWAY_KUBE_APP_PROBERS',
    );
  });

  it('follows the mesh default for probe rewriting', () => {
    const mesh = MeshConfigSchema.parse({ rewriteAppHTTPProbers: false });
    const { pod: out } = injectPod(pod(), context({ mesh }));
    expect(out.spec.containers[0]!.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 8080 },
    });
  });

  it('gives a pod without metadata its annotations', () => {
    const { pod: out } = injectPod({ spec: { containers: [{ name: 'app' }] } }, context());
    expect(out.metadata?.annotations?.[`${G}injection-report`]).toBe('injected:namespace-label');
  });
});

describe('injectPod refusals', () => {
  it('refuses an invalid annotation and returns the pod unchanged', () => {
    const input = pod({ [`${G}proxyCPU`]: 'lots' });
    const result = injectPod(input, context());
    expect(result.pod).toBe(input);
    expect(result.report).toMatchObject({
      outcome: 'refused',
      code: 'GANGWAY_ERR_INJECT_ANNOTATION',
      field: `metadata.annotations["${G}proxyCPU"]`,
    });
  });

  it('refuses iptables mode in a baseline namespace, naming level, container, capability and remedy', () => {
    const labels = {
      'gangway.io/injection': 'enabled',
      'pod-security.kubernetes.io/enforce': 'baseline',
    };
    const result = injectPod(
      pod({ [`${G}interceptionMode`]: 'iptables' }),
      context({ namespaceLabels: labels }),
    );
    expect(result.report).toMatchObject({
      outcome: 'refused',
      code: 'GANGWAY_ERR_INJECT_POD_SECURITY',
    });
    const { message } = result.report;
    expect(message).toContain(
      'namespace shop enforces "baseline" (label pod-security.kubernetes.io/enforce)',
    );
    expect(message).toContain('container "gangway-init" adds capabilities NET_ADMIN, NET_RAW');
    expect(message).toContain('remedy: use interception mode "cni"');
  });

  it('injects cni mode into a restricted namespace', () => {
    const labels = {
      'gangway.io/injection': 'enabled',
      'pod-security.kubernetes.io/enforce': 'restricted',
    };
    const app: Container = { name: 'app', securityContext: buildSecurityContext([]) };
    const result = injectPod(pod({}, { containers: [app] }), context({ namespaceLabels: labels }));
    expect(result.report.outcome).toBe('injected');
  });

  it("leaves a violation the user's pod already has to Pod Security admission", () => {
    const labels = {
      'gangway.io/injection': 'enabled',
      'pod-security.kubernetes.io/enforce': 'restricted',
    };
    const result = injectPod(
      pod({ [`${G}interceptionMode`]: 'iptables' }),
      context({ namespaceLabels: labels }),
    );
    expect(result.report.outcome).toBe('injected');
  });

  it('asks the gate it is given', () => {
    const gate = { check: () => ({ allowed: false as const, message: 'no' }) };
    const result = injectPod(pod(), context({ podSecurityGate: gate }));
    expect(result.report.outcome).toBe('injected');
    const strict = {
      check: (p: Pod) =>
        p.spec.containers.length > 1
          ? { allowed: false as const, message: 'no' }
          : { allowed: true as const },
    };
    expect(injectPod(pod(), context({ podSecurityGate: strict })).report).toMatchObject({
      outcome: 'refused',
    });
  });
});
