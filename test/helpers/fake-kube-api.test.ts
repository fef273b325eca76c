import * as k8s from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from './fake-kube-api.js';

// The fake API server against the real @kubernetes/client-node: the behaviour the integration
// tests rely on, so that a fake that drifts from the real server fails here first.

let fake: FakeKubeApi;
let kc: k8s.KubeConfig;
let dir: string;

beforeAll(async () => {
  fake = await startFakeKubeApi();
  dir = await mkdtemp(join(tmpdir(), 'gangway-fake-kube-'));
  kc = new k8s.KubeConfig();
  kc.loadFromFile(await fake.writeKubeconfig(join(dir, 'kubeconfig')));
  fake.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
});

afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const statusOf = async (call: Promise<unknown>): Promise<{ code: number; reason: string }> => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof k8s.ApiException))
    throw new Error(`expected an ApiException: ${String(error)}`);
  const body = JSON.parse(String(error.body)) as { kind: string; reason: string; code: number };
  expect(body.kind).toBe('Status');
  expect(body.code).toBe(error.code);
  return { code: error.code, reason: body.reason };
};

describe('the fake Kubernetes API server', () => {
  it('labels namespaces with their name, as the API server does', () => {
    const ns = fake.get({ apiVersion: 'v1', kind: 'Namespace', name: 'team' });
    expect(ns?.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
  });

  it('creates, reads and refuses with Status objects: 409 AlreadyExists, 409 Conflict, 404', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const body = { metadata: { name: 'settings' }, data: { a: '1' } };
    const created = await core.createNamespacedConfigMap({ namespace: 'team', body });
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(await statusOf(core.createNamespacedConfigMap({ namespace: 'team', body }))).toEqual({
      code: 409,
      reason: 'AlreadyExists',
    });
    const stale = { ...body, metadata: { ...body.metadata, resourceVersion: '1' } };
    expect(
      await statusOf(
        core.replaceNamespacedConfigMap({ name: 'settings', namespace: 'team', body: stale }),
      ),
    ).toEqual({ code: 409, reason: 'Conflict' });
    expect(
      await statusOf(core.readNamespacedConfigMap({ name: 'nope', namespace: 'team' })),
    ).toEqual({
      code: 404,
      reason: 'NotFound',
    });
    expect(await statusOf(core.createNamespacedConfigMap({ namespace: 'missing', body }))).toEqual({
      code: 404,
      reason: 'NotFound',
    });
  });

  it('answers 404 for a CRD it does not serve, and 401 without the token', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const crd = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' };
    expect((await statusOf(custom.listClusterCustomObject(crd))).code).toBe(404);
    const res = await fetch(`${fake.url}/api/v1/namespaces`);
    expect(res.status).toBe(401);
  });

  it('feeds an informer: list, then watch events for changes made by the test', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());
    const seen: string[] = [];
    informer.on('add', (ns) => seen.push(`add ${ns.metadata?.name}`));
    informer.on('update', (ns) => seen.push(`update ${ns.metadata?.labels?.['tier']}`));
    informer.on('delete', (ns) => seen.push(`delete ${ns.metadata?.name}`));
    await informer.start();
    fake.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'new' } });
    fake.update({ apiVersion: 'v1', kind: 'Namespace', name: 'new' }, (ns) => {
      ns.metadata.labels = { ...ns.metadata.labels, tier: 'gold' };
    });
    fake.remove({ apiVersion: 'v1', kind: 'Namespace', name: 'new' });
    await until(() => seen.includes('delete new'));
    expect(seen).toEqual(['add team', 'add new', 'update gold', 'delete new']);
    await informer.stop();
  });

  it('makes a watch resuming from a compacted resourceVersion relist (410 Gone)', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());
    await informer.start();
    const lists = () =>
      fake.requests().filter((r) => r.path === '/api/v1/namespaces' && r.query === '').length;
    const before = lists();
    fake.compact();
    fake.dropWatches();
    fake.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'later' } });
    await until(() => informer.get('later') !== undefined);
    await informer.stop();
    // The watch resumed from its old resourceVersion, got 410, and listed again.
    expect(lists()).toBe(before + 1);
  });

  it('answers TokenReview from the token table, for the audiences asked only', async () => {
    fake.setToken('good', {
      username: 'system:serviceaccount:team:app',
      audiences: ['gangway-ca'],
    });
    const auth = kc.makeApiClient(k8s.AuthenticationV1Api);
    const review = (token: string, audiences: string[]) =>
      auth.createTokenReview({ body: { spec: { token, audiences } } }).then((r) => r.status);
    expect(await review('good', ['gangway-ca'])).toMatchObject({
      authenticated: true,
      user: { username: 'system:serviceaccount:team:app' },
      audiences: ['gangway-ca'],
    });
    expect((await review('good', ['other']))?.authenticated).toBe(false);
    expect((await review('bad', ['gangway-ca']))?.authenticated).toBe(false);
  });
});

async function until(condition: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(condition()).toBe(true);
}
