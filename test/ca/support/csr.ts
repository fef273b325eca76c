import { webcrypto } from 'node:crypto';
import { x509 } from '../../../src/ca/crypto/x509.js';
import { toPem } from '../../../src/ca/crypto/signing-key.js';

/** Key types a test CSR can use, including ones the CA must refuse. */
export type TestKeyKind = 'p256' | 'p384' | 'p521' | 'rsa2048' | 'rsa1024';

/** What to put in a test CSR. */
export interface CsrOptions {
  uris?: string[];
  dnsNames?: string[];
  ips?: string[];
  emails?: string[];
  ca?: boolean;
  key?: TestKeyKind;
  /** Flip a bit of the signature so it no longer verifies. */
  corruptSignature?: boolean;
  subject?: string;
}

function algorithms(kind: TestKeyKind) {
  switch (kind) {
    case 'p384':
      return { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
    case 'p521':
      return { name: 'ECDSA', namedCurve: 'P-521', hash: 'SHA-512' };
    case 'rsa2048':
    case 'rsa1024':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: kind === 'rsa2048' ? 2048 : 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      };
    default:
      return { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  }
}

/** Builds a PEM CSR with @peculiar/x509. */
export async function makeCsr(
  options: CsrOptions = {},
): Promise<{ pem: string; keys: webcrypto.CryptoKeyPair }> {
  const algorithm = algorithms(options.key ?? 'p256');
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const names: x509.JsonGeneralName[] = [
    ...(options.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(options.emails ?? []).map((value) => ({ type: 'email' as const, value })),
  ];
  const extensions: x509.Extension[] = [];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  if (options.ca) extensions.push(new x509.BasicConstraintsExtension(true, undefined, true));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    ...(options.subject ? { name: options.subject } : {}),
    keys,
    signingAlgorithm: algorithm,
    extensions,
  });
  const der = Buffer.from(csr.rawData);
  if (options.corruptSignature) der[der.length - 3] = (der[der.length - 3] ?? 0) ^ 0x01;
  return { pem: toPem('CERTIFICATE REQUEST', der), keys };
}
