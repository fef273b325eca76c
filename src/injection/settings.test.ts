import { describe, expect, it } from 'vitest';
import { MeshConfigSchema, defaultMeshConfig } from '../config/mesh-config.js';
import { GangwayError } from '../shared/errors.js';
import { resolveSettings, supportsNativeSidecars } from './settings.js';

const G = 'sidecar.gangway.io/';

describe('supportsNativeSidecars', () => {
  it('starts at 1.29 and assumes no for an unknown version', () => {
    expect(supportsNativeSidecars({ major: 1, minor: 28 })).toBe(false);
    expect(supportsNativeSidecars({ major: 1, minor: 29 })).toBe(true);
    expect(supportsNativeSidecars({ major: 2, minor: 0 })).toBe(true);
    expect(supportsNativeSidecars(undefined)).toBe(false);
  });
});

describe('resolveSettings', () => {
  const mesh = defaultMeshConfig();

  it('takes the mesh defaults without annotations', () => {
    const settings = resolveSettings({ annotations: {}, mesh });
    expect(settings).toMatchObject({
      mode: 'cni',
      native: false,
      hold: false,
      rewriteProbes: true,
      image: mesh.proxy.image,
      logLevel: 'warning',
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '2000m', memory: '1Gi' },
      },
      warnings: [],
    });
  });

  it('decides native sidecars: annotation, then mesh on/off, then the version', () => {
    const v130 = { major: 1, minor: 30 };
    const native = (meshMode: 'auto' | 'on' | 'off', annotation?: string, version = v130) =>
      resolveSettings({
        annotations: annotation === undefined ? {} : { [`${G}nativeSidecar`]: annotation },
        mesh: MeshConfigSchema.parse({ nativeSidecars: meshMode }),
        clusterVersion: version,
      }).native;
    expect(native('auto')).toBe(true);
    expect(native('auto', undefined, { major: 1, minor: 28 })).toBe(false);
    expect(native('off')).toBe(false);
    expect(native('on', undefined, { major: 1, minor: 27 })).toBe(true);
    expect(native('auto', 'false')).toBe(false);
    expect(native('off', 'true')).toBe(true);
  });

  it("resolves Istio's capture modes to the mesh default, or cni when that is none", () => {
    const mode = (defaultInterceptionMode: string) =>
      resolveSettings({
        annotations: { 'sidecar.istio.io/interceptionMode': 'REDIRECT' },
        mesh: MeshConfigSchema.parse({ defaultInterceptionMode }),
      }).mode;
    expect(mode('iptables')).toBe('iptables');
    expect(mode('none')).toBe('cni');
  });

  it('lets a default limit follow an annotated request above it, and the reverse', () => {
    const raised = resolveSettings({ annotations: { [`${G}proxyCPU`]: '3' }, mesh }).resources;
    expect(raised.limits.cpu).toBe('3');
    const lowered = resolveSettings({
      annotations: { [`${G}proxyMemoryLimit`]: '64Mi' },
      mesh,
    }).resources;
    expect(lowered.requests.memory).toBe('64Mi');
  });

  it('refuses an annotated limit below an annotated request, naming the limit', () => {
    let error: unknown;
    try {
      resolveSettings({
        annotations: { [`${G}proxyCPU`]: '500m', [`${G}proxyCPULimit`]: '200m' },
        mesh,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GangwayError);
    expect((error as GangwayError).message).toContain(
      `annotation ${G}proxyCPULimit: invalid value "200m": the limit is below the request 500m`,
    );
  });
});
