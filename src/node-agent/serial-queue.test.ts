import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial-queue.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('serial queue', () => {
  it('runs the tasks of one key in order and other keys alongside', async () => {
    const log: string[] = [];
    const queue = createSerialQueue(() => undefined);
    queue.run('a', async () => {
      await tick();
      log.push('a1');
    });
    queue.run('a', async () => void log.push('a2'));
    queue.run('b', async () => void log.push('b1'));
    await queue.idle();
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('reports a failing task and goes on with the next', async () => {
    const errors: string[] = [];
    const queue = createSerialQueue((key, error) =>
      errors.push(`${key}: ${(error as Error).message}`),
    );
    let ran = false;
    queue.run('a', async () => {
      throw new Error('boom');
    });
    queue.run('a', async () => void (ran = true));
    await queue.idle();
    expect(errors).toEqual(['a: boom']);
    expect(ran).toBe(true);
  });
});
