import { describe, expect, it } from 'vitest';
import { defaultMeshConfig } from '../config/mesh-config.js';
import { injectManifests } from './workloads.js';

const mesh = defaultMeshConfig();
const spec = { containers: [{ name: 'app', image: 'nginx' }] };

function workload(kind: string, templateAt: (template: object) => object) {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: kind.toLowerCase() },
    spec: templateAt({ metadata: { labels: { app: 'x' } }, spec }),
  };
}

describe('injectManifests', () => {
  it.each([
    ['Deployment', '/spec/template'],
    ['StatefulSet', '/spec/template'],
    ['DaemonSet', '/spec/template'],
    ['ReplicaSet', '/spec/template'],
    ['ReplicationController', '/spec/template'],
    ['Job', '/spec/template'],
  ])('injects the pod template of a %s', (kind, path) => {
    const { docs, results } = injectManifests([workload(kind, (template) => ({ template }))], {
      mesh,
    });
    expect(results).toMatchObject([
      { index: 0, path, kind, name: kind.toLowerCase(), outcome: 'injected' },
    ]);
    const out = docs[0] as { spec: { template: { spec: { containers: { name: string }[] } } } };
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['app', 'gangway-proxy']);
  });

  it('injects a CronJob through its job template', () => {
    const cron = workload('CronJob', (template) => ({
      schedule: '* * * * *',
      jobTemplate: { spec: { template } },
    }));
    const { results } = injectManifests([cron], { mesh });
    expect(results).toMatchObject([
      { path: '/spec/jobTemplate/spec/template', outcome: 'injected' },
    ]);
  });

  it('walks a List and passes other kinds through unchanged', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: {} };
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [configMap, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }],
    };
    const { docs, results } = injectManifests([list, 'text'], { mesh });
    expect(results.map((r) => [r.index, r.path, r.outcome])).toEqual([
      [0, '/items/0', 'ignored'],
      [0, '/items/1', 'injected'],
      [1, '', 'ignored'],
    ]);
    expect((docs[0] as { items: unknown[] }).items[0]).toBe(configMap);
    expect(docs[1]).toBe('text');
  });

  it('records skips and refusals, leaving those documents unchanged', () => {
    const skipped = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a', labels: { 'sidecar.gangway.io/inject': 'false' } },
      spec,
    };
    const refused = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'b', annotations: { 'sidecar.gangway.io/proxyCPU': 'x' } },
      spec,
    };
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'c' },
      spec: { template: { spec: { containers: [] } } },
    };
    const { docs, results } = injectManifests([skipped, refused, broken], { mesh });
    expect(results).toMatchObject([
      { outcome: 'skipped', reason: 'pod-opt-out' },
      { outcome: 'refused', code: 'GANGWAY_ERR_INJECT_ANNOTATION' },
      {
        outcome: 'refused',
        code: 'GANGWAY_ERR_OBJECT_INVALID',
        message: expect.stringContaining('spec.template.spec.containers'),
      },
    ]);
    expect(docs).toEqual([skipped, refused, broken]);
  });

  it('uses the namespace and labels given, and the document namespace first', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
    const inSystem = { ...pod, metadata: { name: 'q', namespace: 'kube-system' } };
    const { results } = injectManifests([pod, inSystem], {
      mesh,
      namespace: 'shop',
      namespaceLabels: {},
    });
    expect(results).toMatchObject([
      { namespace: 'shop', outcome: 'skipped', reason: 'namespace-not-enabled' },
      { namespace: 'kube-system', outcome: 'skipped', reason: 'system-namespace' },
    ]);
  });

  it('puts metadata first in a template that had none', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec } },
    };
    const { docs } = injectManifests([deployment], { mesh });
    expect(Object.keys((docs[0] as { spec: { template: object } }).spec.template)).toEqual([
      'metadata',
      'spec',
    ]);
    expect(deployment.spec.template).not.toHaveProperty('metadata');
  });
});
