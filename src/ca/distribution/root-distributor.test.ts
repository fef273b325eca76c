import { describe, expect, it } from 'vitest';
import { createMemoryKube } from '../kube/memory-kube.js';
import {
  createRootDistributor,
  ROOT_CONFIGMAP_KEY,
  ROOT_CONFIGMAP_NAME,
} from './root-distributor.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('root ConfigMap distributor', () => {
  const setup = (leader = true) => {
    const kube = createMemoryKube(['default', 'shop']);
    let bundle = ['-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n'];
    let leading = leader;
    const distributor = createRootDistributor({
      configMaps: kube.configMaps,
      namespaces: kube.namespaces,
      bundle: () => bundle,
      isLeader: () => leading,
    });
    return {
      kube,
      distributor,
      setBundle: (next: string[]) => (bundle = next),
      setLeading: (value: boolean) => (leading = value),
      rootIn: (namespace: string) =>
        kube.configMap(namespace, ROOT_CONFIGMAP_NAME)?.data[ROOT_CONFIGMAP_KEY],
    };
  };

  it('writes the bundle into every namespace, and into new ones', async () => {
    const { kube, distributor, rootIn } = setup();
    await distributor.start();
    expect(rootIn('default')).toContain('\nA\n');
    expect(rootIn('shop')).toContain('\nA\n');
    kube.addNamespace('late');
    await settle();
    expect(rootIn('late')).toContain('\nA\n');
    distributor.stop();
  });

  it('repairs edits and deletions', async () => {
    const { kube, distributor, rootIn } = setup();
    await distributor.start();
    kube.editConfigMap('shop', ROOT_CONFIGMAP_NAME, {
      [ROOT_CONFIGMAP_KEY]: 'tampered',
      extra: 'x',
    });
    kube.deleteConfigMap('default', ROOT_CONFIGMAP_NAME);
    await settle();
    expect(rootIn('shop')).toContain('\nA\n');
    expect(Object.keys(kube.configMap('shop', ROOT_CONFIGMAP_NAME)!.data)).toEqual([
      ROOT_CONFIGMAP_KEY,
    ]);
    expect(rootIn('default')).toContain('\nA\n');
    distributor.stop();
  });

  it('publishes a new bundle everywhere on reconcile', async () => {
    const { distributor, setBundle, rootIn } = setup();
    await distributor.start();
    setBundle([
      '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n',
      '-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n',
    ]);
    await distributor.reconcileAll();
    expect(rootIn('default')).toContain('\nB\n');
    expect(rootIn('shop')).toContain('\nB\n');
    distributor.stop();
  });

  it('writes nothing unless elected', async () => {
    const { kube, distributor, setLeading, rootIn } = setup(false);
    await distributor.start();
    kube.addNamespace('late');
    await settle();
    expect(rootIn('default')).toBeUndefined();
    expect(rootIn('late')).toBeUndefined();
    setLeading(true);
    await distributor.reconcileAll();
    expect(rootIn('late')).toContain('\nA\n');
    distributor.stop();
  });
});
