import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

// Closed only at the end: a logger of an earlier test may still write to its descriptor, and a
// reused descriptor number would send its lines into a later test's file.
const opened: number[] = [];
afterAll(() => {
  for (const fd of opened.splice(0)) closeSync(fd);
});

function logFile(): { fd: number; read: () => string[] } {
  const path = join(mkdtempSync(join(tmpdir(), 'gangway-logger-')), 'out.log');
  const fd = openSync(path, 'w');
  opened.push(fd);
  const read = (): string[] => readFileSync(path, 'utf8').split('\n').filter(Boolean);
  return { fd, read };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('createLogger({ nonBlocking: true })', () => {
  it('holds a few lines back instead of writing each one as it is logged', () => {
    const { fd, read } = logFile();
    const logger = createLogger({ nonBlocking: true, fd });
    logger.info({ uid: 'a' }, 'review');
    logger.info({ uid: 'b' }, 'review');
    expect(read()).toEqual([]);
  });

  it('writes held lines on its own when the server goes quiet, in order and whole', async () => {
    const { fd, read } = logFile();
    const logger = createLogger({ nonBlocking: true, fd });
    logger.info({ uid: 'a' }, 'review');
    logger.warn({ uid: 'b' }, 'slow');
    await until(() => read().length === 2);
    const lines = read().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line['uid'], line['msg'], line['app']])).toEqual([
      ['a', 'review', 'gangway'],
      ['b', 'slow', 'gangway'],
    ]);
  });

  it('writes a full batch without waiting, and loses no line of a burst', async () => {
    const { fd, read } = logFile();
    const logger = createLogger({ nonBlocking: true, fd });
    for (let i = 0; i < 500; i++) logger.info({ uid: `u${i}`, pad: 'x'.repeat(100) }, 'review');
    await until(() => read().length === 500);
    const uids = read().map((line) => (JSON.parse(line) as { uid: string }).uid);
    expect(uids).toEqual(Array.from({ length: 500 }, (_, i) => `u${i}`));
  });

  it('writes what it holds when flushed', async () => {
    const { fd, read } = logFile();
    const logger = createLogger({ nonBlocking: true, fd });
    logger.info({ uid: 'a' }, 'review');
    logger.flush();
    await until(() => read().length === 1);
    expect(read()).toHaveLength(1);
  });
});
