import { describe, expect, it } from 'vitest';
import { MeshConfigSchema, defaultMeshConfig } from '../config/mesh-config.js';
import type { Pod } from '../kube/types.js';
import { GangwayError } from '../shared/errors.js';
import { selectPod } from './selection.js';

const mesh = defaultMeshConfig();

function pod(
  options: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    hostNetwork?: boolean;
  } = {},
): Pod {
  return {
    metadata: { name: 'web', labels: options.labels ?? {}, annotations: options.annotations ?? {} },
    spec: { containers: [{ name: 'app' }], ...(options.hostNetwork ? { hostNetwork: true } : {}) },
  };
}

function select(target: Pod, labels: Record<string, string>, namespace = 'shop', config = mesh) {
  return selectPod(target, { namespace, labels, mesh: config });
}

const enabled = { 'gangway.io/injection': 'enabled' };

describe('selectPod', () => {
  it('injects in an enabled namespace, by label or by revision', () => {
    expect(select(pod(), enabled)).toEqual({ inject: true, selectedBy: 'namespace-label' });
    expect(select(pod(), { 'gangway.io/rev': 'default' })).toEqual({
      inject: true,
      selectedBy: 'namespace-revision',
    });
    expect(select(pod(), { 'istio-injection': 'enabled' })).toEqual({
      inject: true,
      selectedBy: 'istio-namespace-label',
    });
    expect(select(pod(), { 'istio.io/rev': 'default' })).toEqual({
      inject: true,
      selectedBy: 'istio-namespace-revision',
    });
  });

  it.each([
    [
      'already-injected',
      pod({ annotations: { 'sidecar.gangway.io/status': '{}' } }),
      enabled,
      'shop',
    ],
    ['system-namespace', pod(), enabled, 'kube-system'],
    ['system-namespace', pod(), enabled, 'kube-public'],
    ['system-namespace', pod(), enabled, 'kube-node-lease'],
    ['control-plane-namespace', pod(), enabled, 'gangway-system'],
    ['host-network', pod({ hostNetwork: true }), enabled, 'shop'],
    ['pod-opt-out', pod({ labels: { 'sidecar.gangway.io/inject': 'false' } }), enabled, 'shop'],
    ['pod-opt-out', pod({ labels: { 'sidecar.istio.io/inject': 'false' } }), enabled, 'shop'],
    ['pod-opt-out', pod({ annotations: { 'sidecar.istio.io/inject': 'false' } }), enabled, 'shop'],
    ['namespace-disabled', pod(), { 'gangway.io/injection': 'disabled' }, 'shop'],
    [
      'namespace-disabled',
      pod({ labels: { 'sidecar.gangway.io/inject': 'true' } }),
      { 'istio-injection': 'disabled' },
      'shop',
    ],
    ['revision-mismatch', pod(), { 'gangway.io/rev': 'canary' }, 'shop'],
    [
      'revision-mismatch',
      pod({ labels: { 'sidecar.gangway.io/inject': 'true' } }),
      { 'istio.io/rev': 'canary' },
      'shop',
    ],
    ['namespace-not-enabled', pod(), {}, 'shop'],
    ['namespace-not-enabled', pod(), { 'gangway.io/injection': 'true' }, 'shop'],
  ] as const)('skips with %s', (reason, target, labels, namespace) => {
    expect(select(target, labels, namespace)).toMatchObject({ inject: false, reason });
  });

  it("injects a pod opting in where the namespace says nothing (Istio's semantics)", () => {
    expect(select(pod({ labels: { 'sidecar.gangway.io/inject': 'true' } }), {})).toEqual({
      inject: true,
      selectedBy: 'pod-label',
    });
    expect(select(pod({ labels: { 'sidecar.istio.io/inject': 'true' } }), {})).toMatchObject({
      inject: true,
    });
  });

  it("lets gangway's labels win over Istio's", () => {
    expect(
      select(pod(), { 'gangway.io/injection': 'disabled', 'istio-injection': 'enabled' }),
    ).toMatchObject({
      reason: 'namespace-disabled',
    });
    const optedIn = pod({
      labels: { 'sidecar.gangway.io/inject': 'true', 'sidecar.istio.io/inject': 'false' },
    });
    expect(select(optedIn, enabled)).toMatchObject({ inject: true });
  });

  it('ignores Istio labels without compatibility', () => {
    const strict = MeshConfigSchema.parse({ istioCompatibility: false });
    expect(select(pod(), { 'istio-injection': 'enabled' }, 'shop', strict)).toMatchObject({
      reason: 'namespace-not-enabled',
    });
    const optOut = pod({ labels: { 'sidecar.istio.io/inject': 'false' } });
    expect(select(optOut, enabled, 'shop', strict)).toMatchObject({ inject: true });
  });

  it('refuses an inject label that is neither "true" nor "false"', () => {
    const target = pod({ labels: { 'sidecar.gangway.io/inject': 'yes' } });
    expect(() => select(target, enabled)).toThrow(GangwayError);
    expect(() => select(target, enabled)).toThrow(
      'label sidecar.gangway.io/inject: invalid value "yes": expected "true" or "false"',
    );
  });

  it('skips system namespaces before reading a bad inject label', () => {
    const target = pod({ labels: { 'sidecar.gangway.io/inject': 'yes' } });
    expect(select(target, enabled, 'kube-system')).toMatchObject({ reason: 'system-namespace' });
  });
});
