import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCertificateAuthority,
  createDirectoryRootStore,
  createSelfSignedRoots,
  type CertificateAuthority,
} from '../../../src/ca/index.js';
import { createWorkloadKeyAndCsr } from '../../../src/agent/workload-key.js';
import { createMemoryFileSystem } from '../../../src/shared/fs/index.js';
import type { BootstrapCertificates } from '../../../src/xds/proxy/grpc-bootstrap.js';

/** A mesh CA for tests: gangway's own CA core over a self-signed root kept in memory. */
export async function createTestCa(): Promise<{ ca: CertificateAuthority; close(): void }> {
  const roots = createSelfSignedRoots({
    store: createDirectoryRootStore({ files: createMemoryFileSystem(), dir: '/ca' }),
    propagationMs: 0,
  });
  await roots.start();
  return { ca: createCertificateAuthority({ signers: roots }), close: () => roots.close() };
}

/**
 * Issues a workload certificate for a SPIFFE identity through the CA (key and CSR made as the agent
 * makes them) and writes the files gRPC's file_watcher provider reads.
 */
export async function writeWorkloadCertificates(
  ca: CertificateAuthority,
  dir: string,
  spiffeId: string,
): Promise<BootstrapCertificates> {
  const { keyPem, csrPem } = await createWorkloadKeyAndCsr(spiffeId);
  const issued = ca.issueWorkloadCertificate({
    csrPem,
    identity: spiffeId,
    requestedTtlSeconds: 3600,
  });
  await mkdir(dir, { recursive: true });
  const files = {
    certificateFile: join(dir, 'cert-chain.pem'),
    privateKeyFile: join(dir, 'key.pem'),
    caCertificateFile: join(dir, 'root-cert.pem'),
    refreshInterval: '1s',
  };
  await writeFile(files.certificateFile, issued.certChainPem.join('\n'));
  await writeFile(files.privateKeyFile, keyPem);
  await writeFile(files.caCertificateFile, issued.trustBundlePem.join('\n'));
  return files;
}
