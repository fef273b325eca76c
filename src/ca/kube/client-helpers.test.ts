import { KubeConfig } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from '../../../test/helpers/fake-kube-api.js';
import { watchForever } from './client-helpers.js';

// watchForever against the fake API server through the real client; only setTimeout is faked, so
// the one-second restart pause is stepped through rather than waited for.

let fake: FakeKubeApi;
let kc: KubeConfig;
let dir: string;

beforeAll(async () => {
  fake = await startFakeKubeApi();
  dir = await mkdtemp(join(tmpdir(), 'gangway-watch-forever-'));
  kc = new KubeConfig();
  kc.loadFromFile(await fake.writeKubeconfig(join(dir, 'kubeconfig')));
});

afterEach(() => void vi.useRealTimers());

afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

/** Polls (on real I/O turns) until the condition holds, at most 400 turns. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

describe('watchForever', () => {
  it('reconnects after the API server closes the watch, and sees later events', async () => {
    const seen: string[] = [];
    const watch = await watchForever(kc, '/api/v1/namespaces', {}, (type, object) =>
      seen.push(`${type} ${(object as { metadata: { name: string } }).metadata.name}`),
    );
    await until(() => fake.openWatches() === 1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fake.dropWatches();
    await until(() => vi.getTimerCount() === 1);
    vi.advanceTimersByTime(1_000);
    await until(() => fake.openWatches() === 1);
    fake.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'after-restart' } });
    await until(() => seen.includes('added after-restart'));
    watch.stop();
    await until(() => fake.openWatches() === 0);
  });

  it('stopped while a restart is pending, never reconnects', async () => {
    const watch = await watchForever(kc, '/api/v1/namespaces', {}, () => undefined);
    await until(() => fake.openWatches() === 1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fake.dropWatches();
    await until(() => vi.getTimerCount() === 1);
    watch.stop();
    expect(vi.getTimerCount()).toBe(0);
    const requests = fake.requests().length;
    vi.advanceTimersByTime(60_000);
    await new Promise((r) => setImmediate(r));
    expect(fake.requests().length).toBe(requests);
  });
});
