import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFileSystem } from '../shared/fs/index.js';
import { CERT_FILES, writeCertFiles } from './cert-files.js';

const set = { chainPem: ['CHAIN\n'], keyPem: 'KEY\n', rootsPem: ['ROOT\n'] };
const dirs: string[] = [];

async function written(options?: { keyGroupReadable?: boolean }): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-cert-files-'));
  dirs.push(dir);
  await writeCertFiles(createNodeFileSystem(), dir, set, options);
  const modes: Record<string, number> = {};
  for (const name of Object.values(CERT_FILES))
    modes[name] = (await stat(join(dir, name))).mode & 0o777;
  return modes;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the certificate files the agent writes', () => {
  it('keep the key to its owner by default; chain and roots are world-readable', async () => {
    expect(await written()).toEqual({
      'cert-chain.pem': 0o644,
      'key.pem': 0o600,
      'root-cert.pem': 0o644,
    });
  });

  it('let the group read the key for proxyless gRPC apps (--key-group-readable)', async () => {
    const modes = await written({ keyGroupReadable: true });
    expect(modes['key.pem']).toBe(0o640);
  });
});
