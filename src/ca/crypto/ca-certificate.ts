import { randomBytes } from 'node:crypto';
import type { SigningKey } from './signing-key.js';
import { x509 } from './x509.js';

/** What {@link createCaCertificate} needs. */
export interface CaCertificateParams {
  /** Distinguished name, e.g. `O=gangway, CN=gangway root CA`. */
  subject: string;
  /** The certificate's own key. */
  key: SigningKey;
  /** The signer; absent for a self-signed root. */
  issuer?: { certificatePem: string; key: SigningKey };
  notBefore: Date;
  notAfter: Date;
  /** How many intermediates may follow; unlimited when absent. */
  pathLength?: number;
}

/**
 * Builds a CA certificate (a root, or an intermediate when `issuer` is given) with @peculiar/x509.
 * Not on the hot path: it runs once per root or rotation.
 */
export async function createCaCertificate(params: CaCertificateParams): Promise<string> {
  const issuerCert = params.issuer
    ? new x509.X509Certificate(params.issuer.certificatePem)
    : undefined;
  const signer = params.issuer?.key ?? params.key;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, params.pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(params.key.publicCryptoKey),
  ];
  if (issuerCert) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: params.subject,
    issuer: issuerCert ? issuerCert.subjectName : params.subject,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: params.key.publicCryptoKey,
    signingKey: signer.cryptoKey,
    signingAlgorithm: signer.webcryptoAlgorithm,
    extensions,
  });
  return certificate.toString('pem') + '\n';
}

/** A random positive 128-bit serial number, as hex (RFC 5280 allows up to 20 octets). */
function randomSerialHex(): string {
  return randomSerial().toString('hex');
}

/** Random bytes fetched in bulk: one syscall per 256 serials instead of one per certificate. */
let pool = Buffer.alloc(0);

/** A random positive 128-bit serial number whose first byte is non-zero (so DER keeps 16 bytes). */
export function randomSerial(): Buffer {
  if (pool.length < 16) pool = randomBytes(4096);
  const serial = Buffer.from(pool.subarray(0, 16));
  pool = pool.subarray(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return serial;
}

/**
 * The AuthorityKeyIdentifier extension (complete DER Extension element) that certificates signed by
 * this certificate carry: its SubjectKeyIdentifier, or a hash of its key when it has none.
 */
export async function authorityKeyIdentifierFor(certificatePem: string): Promise<Buffer> {
  const extension = await x509.AuthorityKeyIdentifierExtension.create(
    new x509.X509Certificate(certificatePem),
  );
  return Buffer.from(extension.rawData);
}
