import { describe, expect, it } from 'vitest';
import { createKubeSource, type ObjectWatch } from './kube-source.js';

function fakeWatch(objects: unknown[]): ObjectWatch & { emit(): void; objects: unknown[] } {
  const listeners: (() => void)[] = [];
  return {
    objects,
    start: async () => undefined,
    stop: async () => undefined,
    list: () => objects,
    onChange: (listener) => void listeners.push(listener),
    emit: () => listeners.forEach((l) => l()),
  };
}

describe('Kubernetes source', () => {
  it('sets kinds from the watch, scopes namespaces, and re-reads after a change', async () => {
    const services = fakeWatch([
      { metadata: { name: 'a', namespace: 'team-a' }, spec: { ports: [{ port: 80 }] } },
      { metadata: { name: 'b', namespace: 'team-b' }, spec: { ports: [{ port: 80 }] } },
    ]);
    const source = await createKubeSource({
      watches: (kind) => (kind === 'Service' ? services : undefined),
      namespaces: ['team-a'],
    });
    expect(source.synced()).toBe(true);
    expect(source.current().Service.map((s) => s.metadata.name)).toEqual(['a']);
    let notified = 0;
    source.onChange(() => void (notified += 1));
    services.objects.push({ metadata: { name: 'c', namespace: 'team-a' }, spec: {} });
    services.emit();
    expect(notified).toBe(1);
    expect(source.current().Service.map((s) => s.metadata.name)).toEqual(['a', 'c']);
    await source.close();
  });
});

describe('Kubernetes source without a CRD', () => {
  it('skips a kind whose watch cannot start', async () => {
    const broken: ObjectWatch = {
      start: async () =>
        Promise.reject(new Error('404 the server could not find the requested resource')),
      stop: async () => undefined,
      list: () => [{ metadata: { name: 'x' } }],
      onChange: () => undefined,
    };
    const source = await createKubeSource({
      watches: (kind) => (kind === 'VirtualService' ? broken : undefined),
    });
    expect(source.current().VirtualService).toEqual([]);
    await source.close();
  });
});

describe('Kubernetes source before its watches have listed', () => {
  it('is not synced while a watch has not listed yet, and is once it has', async () => {
    let listed = false;
    const services: ObjectWatch = {
      start: async () => undefined,
      stop: async () => undefined,
      list: () => [],
      onChange: () => undefined,
      listed: () => listed,
    };
    const source = await createKubeSource({
      watches: (kind) => (kind === 'Service' ? services : undefined),
    });
    expect(source.synced()).toBe(false);
    listed = true;
    expect(source.synced()).toBe(true);
    await source.close();
  });
});
