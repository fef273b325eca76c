import { X509Certificate } from 'node:crypto';
import { GangwayError } from '../shared/errors.js';
import { authorityKeyIdentifierFor } from './crypto/ca-certificate.js';
import { extractSubjectNameDer } from './crypto/cert-fields.js';
import type { LeafIssuer } from './crypto/leaf-certificate.js';
import { importSigningKey } from './crypto/signing-key.js';

/** A loaded, checked CA signing certificate and key: what issuance needs. */
export interface Signer {
  /** The parts every leaf copies from the signer, and its key. */
  readonly leafIssuer: LeafIssuer;
  /** The signing certificate. */
  readonly certificate: X509Certificate;
  /** PEM chain from the signing certificate up to and including its root. */
  readonly chainPem: readonly string[];
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  /** SHA-256 fingerprint of the signing certificate, to tell signers apart in logs. */
  readonly fingerprint: string;
}

/** Where signers come from: a self-signed root, or a plug-in intermediate from files. */
export interface SignerSource {
  /** The signer to use now, or undefined when none is valid. */
  current(): Signer | undefined;
  /** Every root a workload must trust now (more than one during a root rotation). */
  trustBundle(): readonly string[];
  /** Calls `listener` after the signer or the bundle changed; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** The PEM material of a signer. */
export interface SignerMaterial {
  certificatePem: string;
  keyPem: string;
  /** The certificates above the signer, up to and including the root; empty for a root. */
  parentsPem: readonly string[];
}

/** Loads and checks a signer: CA certificate, matching key, chain verifying up to a self-signed root. */
export async function buildSigner(material: SignerMaterial): Promise<Signer> {
  const invalid = (detail: string, cause?: unknown): GangwayError =>
    new GangwayError('GANGWAY_ERR_CA_SIGNER_INVALID', detail, { cause });
  let certificate: X509Certificate;
  let parents: X509Certificate[];
  try {
    certificate = new X509Certificate(material.certificatePem);
    parents = material.parentsPem.map((pem) => new X509Certificate(pem));
  } catch (error) {
    throw invalid('a certificate does not parse', error);
  }
  if (!certificate.ca) throw invalid(`${certificate.subject} is not a CA certificate`);
  const key = await importSigningKey(material.keyPem).catch((error: unknown) => {
    throw invalid('the key does not parse or has an unsupported type', error);
  });
  if (!certificate.checkPrivateKey(key.keyObject))
    throw invalid('the key does not match the certificate');
  checkChain([certificate, ...parents], invalid);
  return {
    leafIssuer: {
      issuerNameDer: extractSubjectNameDer(certificate.raw),
      authorityKeyIdentifierDer: await authorityKeyIdentifierFor(material.certificatePem),
      key,
    },
    certificate,
    chainPem: [certificate, ...parents].map((cert) => cert.toString()),
    notBeforeMs: Date.parse(certificate.validFrom),
    notAfterMs: Date.parse(certificate.validTo),
    fingerprint: certificate.fingerprint256,
  };
}

/** Each certificate must be issued and signed by the next; the last must be a self-signed root. */
function checkChain(chain: X509Certificate[], invalid: (detail: string) => GangwayError): void {
  for (let index = 0; index < chain.length; index++) {
    const child = chain[index];
    const parent = chain[index + 1] ?? child;
    if (!child || !parent) continue;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      const what =
        parent === child
          ? 'the last certificate is not a self-signed root'
          : 'a link does not verify';
      throw invalid(`chain broken at ${child.subject}: ${what}`);
    }
    if (!parent.ca) throw invalid(`${parent.subject} in the chain is not a CA certificate`);
  }
}
