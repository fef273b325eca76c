import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../shared/clock.js';
import { createMemoryKube } from '../kube/memory-kube.js';
import type { SecretApi } from '../kube/apis.js';
import { ROOT_STATE_FILE } from './root-store.js';
import { createSecretRootStore } from './secret-root-store.js';
import { createSelfSignedRoots } from './self-signed-source.js';

describe('Secret root store', () => {
  it('makes replicas starting together converge on one root', async () => {
    const kube = createMemoryKube(['gangway-system']);
    const replicas = [1, 2, 3].map(() =>
      createSelfSignedRoots({
        store: createSecretRootStore({ secrets: kube.secrets, namespace: 'gangway-system' }),
      }),
    );
    await Promise.all(replicas.map((replica) => replica.start()));
    const fingerprints = new Set(replicas.map((replica) => replica.current()?.fingerprint));
    expect(fingerprints.size).toBe(1);
    const secret = await kube.secrets.read('gangway-system', 'gangway-ca');
    expect(secret?.type).toBe('gangway.io/ca-root');
    expect(JSON.parse(secret!.data[ROOT_STATE_FILE]!).roots).toHaveLength(1);
    for (const replica of replicas) replica.close();
  });

  it('converges even when every replica reads "absent" before any writes', async () => {
    const kube = createMemoryKube(['gangway-system']);
    // Hold every read of a missing Secret until all replicas have read: the worst interleaving.
    let waiting: (() => void)[] = [];
    const racing: SecretApi = {
      ...kube.secrets,
      read: async (namespace, name) => {
        const result = await kube.secrets.read(namespace, name);
        if (result) return result;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === 3) {
            waiting.forEach((wake) => wake());
            waiting = [];
          }
        });
        return undefined;
      },
    };
    const replicas = [1, 2, 3].map(() =>
      createSelfSignedRoots({
        store: createSecretRootStore({ secrets: racing, namespace: 'gangway-system' }),
      }),
    );
    await Promise.all(replicas.map((replica) => replica.start()));
    expect(new Set(replicas.map((replica) => replica.current()?.fingerprint)).size).toBe(1);
    for (const replica of replicas) replica.close();
  });

  it('lets other replicas pick up a rotation on refresh', async () => {
    const kube = createMemoryKube(['gangway-system']);
    const clock = createManualClock(Date.now());
    const make = () =>
      createSelfSignedRoots({
        clock,
        store: createSecretRootStore({ secrets: kube.secrets, namespace: 'gangway-system' }),
      });
    const [one, two] = [make(), make()];
    await one.start();
    await two.start();
    await one.rotate();
    expect(one.trustBundle()).toHaveLength(2);
    expect(two.trustBundle()).toHaveLength(1);
    await two.refresh();
    expect(two.trustBundle()).toEqual(one.trustBundle());
    one.close();
    two.close();
  });

  it('refuses a damaged Secret instead of replacing the root', async () => {
    const kube = createMemoryKube(['gangway-system']);
    await kube.secrets.create('gangway-system', 'gangway-ca', {
      data: { [ROOT_STATE_FILE]: '{"format":1,"roots":[]}' },
    });
    const roots = createSelfSignedRoots({
      store: createSecretRootStore({ secrets: kube.secrets, namespace: 'gangway-system' }),
    });
    await expect(roots.start()).rejects.toMatchObject({ code: 'GANGWAY_ERR_CA_ROOT_STORE' });
  });
});
