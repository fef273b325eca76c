import { webcrypto, type KeyObject } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import { toPem } from '../ca/crypto/signing-key.js';
import { x509 } from '../ca/crypto/x509.js';

/** A workload key and the CSR built from it. */
export interface WorkloadKeyAndCsr {
  /** PKCS#8 PEM of the private key: never leaves the pod except into key.pem and SDS. */
  keyPem: string;
  keyObject: KeyObject;
  csrPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * Generates a fresh ECDSA P-256 key in memory and a CSR naming `identity` as its only SAN (the CA
 * checks it against the token, so asking for anything else would only get the request refused).
 */
export async function createWorkloadKeyAndCsr(identity: string): Promise<WorkloadKeyAndCsr> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: identity }], true),
    ],
  });
  const keyPem = toPem(
    'PRIVATE KEY',
    Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
  );
  return {
    keyPem,
    keyObject: createPrivateKey(keyPem),
    csrPem: toPem('CERTIFICATE REQUEST', Buffer.from(csr.rawData)),
  };
}
