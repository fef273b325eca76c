import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureEmbeddedCertificates, servingDnsNames } from '../../src/server/embedded-certs.js';

/** Generates serving material in a fresh temporary state dir and returns its paths and the CA PEM. */
export async function makeServingMaterial(): Promise<{
  dir: string;
  certFile: string;
  keyFile: string;
  ca: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-tls-'));
  const paths = await ensureEmbeddedCertificates(dir, servingDnsNames('gangway', 'gangway-system'));
  return {
    dir,
    certFile: paths.cert,
    keyFile: paths.key,
    ca: await readFile(paths.caCert, 'utf8'),
  };
}

/** A minimal AdmissionReview around an object. */
export function review(
  object: unknown,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'uid-1',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      namespace: 'default',
      operation: 'CREATE',
      userInfo: { username: 'alice' },
      object,
      ...overrides,
    },
  };
}
