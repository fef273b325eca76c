import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../shared/clock.js';
import { createMemoryKube } from '../kube/memory-kube.js';
import { createSecretRootStore } from '../roots/secret-root-store.js';
import { createSelfSignedRoots } from '../roots/self-signed-source.js';
import { startRootDistribution } from './root-distribution.js';
import { ROOT_CONFIGMAP_KEY, ROOT_CONFIGMAP_NAME } from './root-distributor.js';

describe('root distribution across replicas', () => {
  it('has only the elected replica write, and follows a root rotation', async () => {
    const kube = createMemoryKube(['gangway-system', 'default']);
    const clock = createManualClock(Date.now());
    const store = createSecretRootStore({ secrets: kube.secrets, namespace: 'gangway-system' });
    const roots = [
      createSelfSignedRoots({ store, clock }),
      createSelfSignedRoots({ store, clock }),
    ];
    await Promise.all(roots.map((r) => r.start()));
    const replicas = await Promise.all(
      roots.map((signers, index) =>
        startRootDistribution({
          ...kube,
          signers,
          namespace: 'gangway-system',
          identity: `gangway-${index}`,
          clock,
        }),
      ),
    );
    await Promise.all(replicas.map((r) => r.elector.tryAcquireOrRenew()));
    expect(replicas.filter((r) => r.elector.isLeader())).toHaveLength(1);
    await Promise.all(replicas.map((r) => r.distributor.reconcileAll()));
    const published = () =>
      kube.configMap('default', ROOT_CONFIGMAP_NAME)?.data[ROOT_CONFIGMAP_KEY];
    expect(published()).toBe(roots[0]!.trustBundle().join(''));
    await roots[0]!.rotate();
    await roots[1]!.refresh();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(published()).toBe(roots[0]!.trustBundle().join(''));
    expect(roots[0]!.trustBundle()).toHaveLength(2);
    await Promise.all(replicas.map((r) => r.stop()));
    roots.forEach((r) => r.close());
  });
});
