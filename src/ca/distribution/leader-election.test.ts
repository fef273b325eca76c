import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../shared/clock.js';
import { createMemoryKube } from '../kube/memory-kube.js';
import { createLeaderElector } from './leader-election.js';

describe('Lease leader election', () => {
  const setup = () => {
    const kube = createMemoryKube(['gangway-system']);
    const clock = createManualClock(1_000_000);
    const elector = (identity: string) =>
      createLeaderElector({
        leases: kube.leases,
        namespace: 'gangway-system',
        name: 'duty',
        identity,
        clock,
        leaseDurationMs: 15_000,
      });
    return { kube, clock, elector };
  };

  it('elects exactly one of two replicas', async () => {
    const { elector } = setup();
    const [a, b] = [elector('a'), elector('b')];
    const results = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.tryAcquireOrRenew()).toBe(results[0]);
    expect(await b.tryAcquireOrRenew()).toBe(results[1]);
  });

  it('hands over only after the holder stopped renewing for a lease duration', async () => {
    const { kube, clock, elector } = setup();
    const [a, b] = [elector('a'), elector('b')];
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock.advance(10_000);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    clock.advance(10_000);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock.advance(16_000);
    expect(await b.tryAcquireOrRenew()).toBe(true);
    const lease = await kube.leases.read('gangway-system', 'duty');
    expect(lease).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(await a.tryAcquireOrRenew()).toBe(false);
    expect(a.isLeader()).toBe(false);
  });

  it('releases the lease on stop so a successor takes over without waiting', async () => {
    const { clock, elector } = setup();
    const [a, b] = [elector('a'), elector('b')];
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    await a.stop();
    clock.advance(1_001);
    expect(await b.tryAcquireOrRenew()).toBe(true);
  });

  it('stopped during a round, neither renews afterwards nor keeps the lease it was acquiring', async () => {
    vi.useFakeTimers();
    try {
      const kube = createMemoryKube(['gangway-system']);
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const leases = {
        ...kube.leases,
        read: async (namespace: string, name: string) => {
          await gate;
          return kube.leases.read(namespace, name);
        },
      };
      const a = createLeaderElector({
        leases,
        namespace: 'gangway-system',
        name: 'duty',
        identity: 'a',
      });
      a.start();
      const stopped = a.stop();
      release();
      await stopped;
      await vi.advanceTimersByTimeAsync(1); // lets a round that outlived stop finish
      expect(a.isLeader()).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
      expect((await kube.leases.read('gangway-system', 'duty'))?.holderIdentity ?? '').toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});
