import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem } from '../../shared/fs/memory-file-system.js';
import { createDirectoryRootStore, ROOT_BUNDLE_FILE, ROOT_STATE_FILE } from './root-store.js';
import { createSelfSignedRoots } from './self-signed-source.js';

describe('directory root store', () => {
  it('creates the root once, with a private state file, and reloads it on restart', async () => {
    const files = createMemoryFileSystem();
    const first = createSelfSignedRoots({
      store: createDirectoryRootStore({ files, dir: '/var/lib/gangway' }),
    });
    await first.start();
    first.close();
    expect(files.files.get(`/var/lib/gangway/${ROOT_STATE_FILE}`)?.mode).toBe(0o600);
    expect(files.files.get(`/var/lib/gangway/${ROOT_BUNDLE_FILE}`)?.data.toString()).toContain(
      'BEGIN CERTIFICATE',
    );
    const second = createSelfSignedRoots({
      store: createDirectoryRootStore({ files, dir: '/var/lib/gangway' }),
    });
    await second.start();
    second.close();
    expect(second.current()?.fingerprint).toBe(first.current()?.fingerprint);
  });

  it('rejects a stale update', async () => {
    const store = createDirectoryRootStore({ files: createMemoryFileSystem(), dir: '/s' });
    const roots = createSelfSignedRoots({ store });
    await roots.start();
    roots.close();
    const stored = await store.load();
    expect(await store.update(stored!.state, 'not-the-revision')).toBeUndefined();
    expect(await store.update(stored!.state, stored!.revision)).toBeDefined();
  });
});
