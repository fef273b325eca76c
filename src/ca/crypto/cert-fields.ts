import { readChildren, readTlv } from './der.js';

/** The PEM blocks of one label in a text, decoded to DER. */
export function decodePemBlocks(text: string, label: string): Buffer[] {
  let pattern = PEM_PATTERNS.get(label);
  if (!pattern) {
    pattern = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`, 'g');
    PEM_PATTERNS.set(label, pattern);
  }
  return [...text.matchAll(pattern)].map((match) =>
    Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
}

/** The block pattern of each label, compiled once (every CSR is decoded through here). */
const PEM_PATTERNS = new Map<string, RegExp>();

/** Splits a PEM bundle into one normalised PEM string per certificate. */
export function splitPemCertificates(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g)].map(
    (match) => `${match[0]}\n`,
  );
}

/**
 * The exact DER bytes of a certificate's subject Name, to be copied as the issuer of the certificates
 * it signs (chain building compares them byte for byte, so re-encoding is not safe).
 */
export function extractSubjectNameDer(certificateDer: Uint8Array): Buffer {
  const certificate = readTlv(certificateDer, 0);
  const [tbs] = readChildren(certificateDer, certificate);
  if (!tbs) throw new RangeError('certificate has no TBSCertificate');
  const fields = readChildren(certificateDer, tbs);
  // Fields: [0] version (optional, tag 0xa0), serial, signature, issuer, validity, subject.
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[base + 4];
  if (!subject) throw new RangeError('certificate has no subject');
  return Buffer.from(certificateDer.subarray(subject.start, subject.end));
}
