import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaCertificate } from '../../src/ca/crypto/ca-certificate.js';
import { generateSigningKey, type SigningKey } from '../../src/ca/crypto/signing-key.js';
import { startCa } from '../../src/ca/start-ca.js';
import { createNodeFileSystem } from '../../src/shared/fs/node-file-system.js';
import { makeCsr } from './support/csr.js';
import { startTestCa, type TestCa } from './support/harness.js';
import { createTestIssuer } from './support/test-issuer.js';

const IDENTITY = 'spiffe://cluster.local/ns/default/sa/app';
const DAY = 86_400_000;

interface Authority {
  pem: string;
  key: SigningKey;
}

async function makeRoot(name: string): Promise<Authority> {
  const key = await generateSigningKey();
  const now = Date.now();
  const pem = await createCaCertificate({
    subject: `O=corp, CN=${name}`,
    key,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
  });
  return { pem, key };
}

async function makeIntermediate(root: Authority, name: string, days = 365): Promise<Authority> {
  const key = await generateSigningKey('ecdsa-p384');
  const now = Date.now();
  const pem = await createCaCertificate({
    subject: `O=corp, CN=${name}`,
    key,
    issuer: { certificatePem: root.pem, key: root.key },
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + days * DAY),
    pathLength: 0,
  });
  return { pem, key };
}

/** Writes the four plug-in files, one after the other, as a Secret update or a tool would. */
async function writePluginFiles(
  dir: string,
  root: Authority,
  intermediate: Authority,
  keyPem = intermediate.key.pem,
): Promise<void> {
  await writeFile(join(dir, 'ca-key.pem'), keyPem);
  await writeFile(join(dir, 'ca-cert.pem'), intermediate.pem);
  await writeFile(join(dir, 'cert-chain.pem'), intermediate.pem + root.pem);
  await writeFile(join(dir, 'root-cert.pem'), root.pem);
}

async function issueChain(ca: TestCa): Promise<X509Certificate[]> {
  const { pem } = await makeCsr({ uris: [IDENTITY] });
  const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
  if (!outcome.ok) throw new Error(outcome.details);
  return outcome.response.cert_chain.map((text) => new X509Certificate(text));
}

describe('plug-in CA: root -> intermediate from files', () => {
  let dir: string;
  let root: Authority;
  let first: Authority;
  let ca: TestCa;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gangway-cacerts-'));
    root = await makeRoot('corp root');
    first = await makeIntermediate(root, 'mesh intermediate 1');
    await writePluginFiles(dir, root, first);
    ca = await startTestCa({
      signing: { mode: 'plugin', files: createNodeFileSystem(), dir, pollIntervalMs: 100 },
    });
  });
  afterAll(async () => {
    await ca.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('issues leaf -> intermediate -> root, and pins the root of root-cert.pem', async () => {
    const [leaf, intermediate, top] = await issueChain(ca);
    expect(intermediate!.toString()).toBe(new X509Certificate(first.pem).toString());
    expect(top!.toString()).toBe(new X509Certificate(root.pem).toString());
    expect(leaf!.verify(intermediate!.publicKey)).toBe(true);
    expect(leaf!.checkIssued(intermediate!)).toBe(true);
    expect(intermediate!.verify(top!.publicKey)).toBe(true);
    expect(ca.rootPem()).toBe(new X509Certificate(root.pem).toString());
  });

  it('picks up rotated files without a restart', async () => {
    const second = await makeIntermediate(root, 'mesh intermediate 2');
    await writePluginFiles(dir, root, second);
    const deadline = Date.now() + 10_000;
    let chain = await issueChain(ca);
    while (chain[1]!.subject.includes('intermediate 1') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      chain = await issueChain(ca);
    }
    expect(chain[1]!.subject).toContain('intermediate 2');
    expect(chain[0]!.verify(chain[1]!.publicKey)).toBe(true);
  });

  it('keeps the current signer when the new files are inconsistent', async () => {
    const third = await makeIntermediate(root, 'mesh intermediate 3');
    const stranger = await generateSigningKey();
    await writePluginFiles(dir, root, third, stranger.pem);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const chain = await issueChain(ca);
    expect(chain[1]!.subject).toContain('intermediate 2');
  });

  it('never issues past the intermediate expiry', async () => {
    const shortLived = await makeIntermediate(root, 'mesh intermediate 4', 0.5);
    await writePluginFiles(dir, root, shortLived);
    const deadline = Date.now() + 10_000;
    let chain = await issueChain(ca);
    while (!chain[1]!.subject.includes('intermediate 4') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      chain = await issueChain(ca);
    }
    expect(Date.parse(chain[0]!.validTo)).toBe(Date.parse(chain[1]!.validTo));
  });
});

describe('plug-in CA: refusing to start', () => {
  it('fails with a coded error when the files are missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gangway-cacerts-'));
    const issuer = await createTestIssuer();
    try {
      await expect(
        startCa({
          trustDomain: 'cluster.local',
          registry: new Registry(),
          signing: { mode: 'plugin', files: createNodeFileSystem(), dir },
          authentication: { mode: 'jwt', issuer: issuer.issuer, keys: issuer.keySet },
        }),
      ).rejects.toMatchObject({ code: 'GANGWAY_ERR_CA_PLUGIN_FILES' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails when the chain does not end at root-cert.pem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gangway-cacerts-'));
    const issuer = await createTestIssuer();
    const root = await makeRoot('root a');
    const other = await makeRoot('root b');
    const intermediate = await makeIntermediate(root, 'intermediate');
    await writeFile(join(dir, 'ca-key.pem'), intermediate.key.pem);
    await writeFile(join(dir, 'ca-cert.pem'), intermediate.pem);
    await writeFile(join(dir, 'root-cert.pem'), other.pem);
    try {
      await expect(
        startCa({
          trustDomain: 'cluster.local',
          registry: new Registry(),
          signing: { mode: 'plugin', files: createNodeFileSystem(), dir },
          authentication: { mode: 'jwt', issuer: issuer.issuer, keys: issuer.keySet },
        }),
      ).rejects.toMatchObject({ code: 'GANGWAY_ERR_CA_PLUGIN_FILES' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
