import { describe, expect, it } from 'vitest';
import type { KubeLister } from './kube-source.js';
import { AUDIT_KINDS, createKubeSnapshotSource, paramKindToList } from './kube-source.js';

/** A fake API server: pods in pages of two, no Telemetry at v1, and a 404 for unserved kinds. */
function fakeLister(calls: string[]): KubeLister {
  const pods = Array.from({ length: 5 }, (_, i) => ({
    metadata: { name: `p${i}`, namespace: i < 3 ? 'a' : 'b' },
  }));
  return {
    list: async (request) => {
      calls.push(
        `${request.apiVersion} ${request.kind} ${request.namespace ?? '*'} ${request.continueToken ?? ''}`,
      );
      if (request.kind === 'Pod') {
        const scoped = pods.filter(
          (p) => request.namespace === undefined || p.metadata.namespace === request.namespace,
        );
        const start = Number(request.continueToken ?? '0');
        const next = start + 2 < scoped.length ? String(start + 2) : undefined;
        return { items: scoped.slice(start, start + 2), continueToken: next };
      }
      if (request.kind === 'Namespace')
        return { items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] };
      if (request.kind === 'Telemetry' && request.apiVersion === 'telemetry.istio.io/v1') {
        throw Object.assign(new Error('the server could not find the requested resource'), {
          code: 404,
        });
      }
      return { items: [] };
    },
  };
}

describe('createKubeSnapshotSource', () => {
  it('lists every kind in pages, stamping apiVersion and kind on list items', async () => {
    const calls: string[] = [];
    const progress: string[] = [];
    const source = createKubeSnapshotSource({
      lister: fakeLister(calls),
      description: 'cluster:test',
    });
    const snapshot = await source.fetch({ onProgress: (p) => progress.push(p.step) });
    const pods = snapshot.objects.filter((o) => o.object['kind'] === 'Pod');
    expect(pods.map((p) => p.object['metadata'])).toHaveLength(5);
    expect(pods[0]?.object['apiVersion']).toBe('v1');
    expect(calls.filter((c) => c.startsWith('v1 Pod'))).toEqual([
      'v1 Pod * ',
      'v1 Pod * 2',
      'v1 Pod * 4',
    ]);
    // An unserved version falls back to the next one.
    expect(calls).toContain('telemetry.istio.io/v1alpha1 Telemetry * ');
    expect(progress.at(-1)).toBe('listed');
    expect(snapshot.source).toBe('cluster:test');
  });

  it('lists namespaced kinds in one namespace with -n, cluster-scoped kinds everywhere', async () => {
    const calls: string[] = [];
    const source = createKubeSnapshotSource({
      lister: fakeLister(calls),
      namespace: 'a',
      description: 'c',
    });
    const snapshot = await source.fetch();
    expect(snapshot.objects.filter((o) => o.object['kind'] === 'Pod')).toHaveLength(3);
    expect(calls).toContain('v1 Namespace * ');
    expect(calls).toContain('v1 Pod a ');
  });

  it('lists the paramKinds of policies too, and propagates other errors', async () => {
    const calls: string[] = [];
    const extra = [paramKindToList({ apiVersion: 'gangway.io/v1', kind: 'Limits' })];
    await createKubeSnapshotSource({
      lister: fakeLister(calls),
      extraKinds: extra,
      description: 'c',
    }).fetch();
    expect(calls.at(-1)).toBe('gangway.io/v1 Limits * ');
    expect(AUDIT_KINDS.length).toBeGreaterThan(10);
    const failing: KubeLister = { list: () => Promise.reject(new Error('forbidden: 403')) };
    await expect(
      createKubeSnapshotSource({ lister: failing, description: 'c' }).fetch(),
    ).rejects.toThrow('forbidden');
  });
});
