import type * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { superviseInformer } from './client.js';

/**
 * A stand-in for @kubernetes/client-node's informer with its two habits that matter here: a failed
 * list is reported through the error callbacks (start never rejects), and `stop()` aborting the
 * watch is reported as an error too.
 */
function fakeInformer(): {
  informer: k8s.Informer<k8s.KubernetesObject>;
  starts: () => number;
  fail: (error: unknown) => void;
  failNextStart: (error: unknown) => void;
} {
  const onError: ((error: unknown) => void)[] = [];
  let starts = 0;
  let nextStartError: unknown;
  const fail = (error: unknown): void => onError.forEach((cb) => cb(error));
  const informer = {
    on: (verb: string, cb: (error: unknown) => void) => {
      if (verb === 'error') onError.push(cb);
    },
    start: async () => {
      starts++;
      const error = nextStartError;
      nextStartError = undefined;
      if (error !== undefined) fail(error);
    },
    stop: async () => fail(new Error('The operation was aborted')),
  } as unknown as k8s.Informer<k8s.KubernetesObject>;
  return {
    informer,
    starts: () => starts,
    fail,
    failNextStart: (error) => void (nextStartError = error),
  };
}

describe('superviseInformer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('restarts an informer that failed while running, after the delay', async () => {
    const fake = fakeInformer();
    await superviseInformer(fake.informer, 5_000).start();
    fake.fail(new Error('connection reset'));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fake.starts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.starts()).toBe(2);
  });

  it('does not restart after stop, though stopping reports the aborted watch as an error', async () => {
    const fake = fakeInformer();
    const supervised = superviseInformer(fake.informer, 5_000);
    await supervised.start();
    await supervised.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.starts()).toBe(1);
  });

  it('cancels a pending restart on stop', async () => {
    const fake = fakeInformer();
    const supervised = superviseInformer(fake.informer, 5_000);
    await supervised.start();
    fake.fail(new Error('connection reset'));
    expect(vi.getTimerCount()).toBe(1);
    await supervised.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.starts()).toBe(1);
  });

  it('fails start for a kind the API server does not serve (404), and never retries it', async () => {
    const fake = fakeInformer();
    fake.failNextStart(Object.assign(new Error('Not Found'), { code: 404 }));
    await expect(superviseInformer(fake.informer, 5_000).start()).rejects.toThrow('Not Found');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.starts()).toBe(1);
  });

  it('has listed only once a start succeeded: not while the API server is down, yes after a restart', async () => {
    const fake = fakeInformer();
    fake.failNextStart(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const supervised = superviseInformer(fake.informer, 5_000);
    await supervised.start();
    expect(supervised.hasListed()).toBe(false);
    fake.failNextStart(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.starts()).toBe(2);
    expect(supervised.hasListed()).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.starts()).toBe(3);
    expect(supervised.hasListed()).toBe(true);
    await supervised.stop();
  });

  it('has listed after a start that succeeded, and stays so while a later restart is pending', async () => {
    const fake = fakeInformer();
    const supervised = superviseInformer(fake.informer, 5_000);
    await supervised.start();
    expect(supervised.hasListed()).toBe(true);
    fake.fail(new Error('connection reset'));
    expect(supervised.hasListed()).toBe(true);
    await supervised.stop();
  });

  it('resolves start on another failure (the API server is down) and keeps retrying', async () => {
    const fake = fakeInformer();
    fake.failNextStart(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await superviseInformer(fake.informer, 5_000).start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.starts()).toBe(2);
  });
});
