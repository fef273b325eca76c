import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeFileSystem } from './node-file-system.js';

describe('node file system', () => {
  let dir: string;
  const files = createNodeFileSystem();
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gangway-fs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes atomically with the requested mode and leaves no temporary file', async () => {
    const path = join(dir, 'key.pem');
    await files.writeFileAtomic(path, 'one', { mode: 0o600 });
    await files.writeFileAtomic(path, 'two', { mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('two');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['key.pem']);
  });

  it('creates exclusively: the second writer loses and the first content stays', async () => {
    const path = join(dir, 'state.json');
    const results = await Promise.all([
      files.writeFileExclusive(path, 'a'),
      files.writeFileExclusive(path, 'b'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(['a', 'b']).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('reads absent files as undefined and removes them idempotently', async () => {
    expect(await files.readFileIfExists(join(dir, 'nope'))).toBeUndefined();
    await files.remove(join(dir, 'nope'));
  });

  it('calls back when a watched file is replaced', async () => {
    const path = join(dir, 'ca-cert.pem');
    await writeFile(path, 'v1');
    let calls = 0;
    const watcher = files.watch([path], () => calls++, { debounceMs: 20, pollIntervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await files.writeFileAtomic(path, 'v2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    watcher.close();
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});
