import type { KeyObject } from 'node:crypto';
import { verify } from 'node:crypto';
import { decodePemBlocks } from './crypto/cert-fields.js';
import { derOid } from './crypto/der.js';
import { importSubjectPublicKey } from './crypto/public-key.js';
import { readCsr, type CsrFields } from './csr-der.js';
import { CaRefusal } from './refusals.js';

/** The parts of an accepted CSR that issuance uses: only its public key. */
export interface CheckedCsr {
  /** DER SubjectPublicKeyInfo, exactly as in the CSR. */
  subjectPublicKeyInfoDer: Buffer;
}

/**
 * A CSR larger than this is refused before parsing. An RSA-8192 CSR in PEM is under 3 KiB; the rest
 * is headroom for extensions, not for anything a workload legitimately needs.
 */
export const DEFAULT_MAX_CSR_BYTES = 16 * 1024;

/** RSA keys above this size are refused: verifying them costs the CA time and buys nothing. */
const MAX_RSA_BITS = 8192;

/** Signature algorithms accepted on CSRs, by the DER of their OID. */
const SIGNATURE_ALGORITHMS = new Map(
  (
    [
      ['1.2.840.10045.4.3.2', 'sha256', true],
      ['1.2.840.10045.4.3.3', 'sha384', true],
      ['1.2.840.10045.4.3.4', 'sha512', true],
      ['1.2.840.113549.1.1.11', 'sha256', false],
      ['1.2.840.113549.1.1.12', 'sha384', false],
      ['1.2.840.113549.1.1.13', 'sha512', false],
    ] as const
  ).map(([oid, hash, ecdsa]) => [derOid(oid).toString('hex'), { hash, ecdsa }]),
);

/**
 * Checks a CSR for the caller `identity` (a SPIFFE URI): it must parse, be signed by its own key,
 * use a supported key, ask for no name but (optionally) exactly `identity`, and not ask to be a CA.
 * The CSR's subject and other extensions are ignored: the leaf never copies them.
 */
export function checkCsr(
  csrPem: string,
  identity: string,
  maxBytes = DEFAULT_MAX_CSR_BYTES,
): CheckedCsr {
  if (Buffer.byteLength(csrPem) > maxBytes) {
    throw new CaRefusal('csr-too-large', `${Buffer.byteLength(csrPem)} bytes > ${maxBytes}`);
  }
  let fields: CsrFields;
  try {
    fields = readCsr(decodeSingleCsr(csrPem));
  } catch (error) {
    if (error instanceof CaRefusal) throw error;
    const detail = error instanceof Error ? error.message : 'not a PKCS#10 structure';
    throw new CaRefusal('csr-unparsable', detail, { cause: error });
  }
  checkSignature(fields, checkKey(fields.spki));
  checkNames(fields, identity);
  return { subjectPublicKeyInfoDer: fields.spki };
}

function decodeSingleCsr(csrPem: string): Buffer {
  const blocks = [
    ...decodePemBlocks(csrPem, 'CERTIFICATE REQUEST'),
    ...decodePemBlocks(csrPem, 'NEW CERTIFICATE REQUEST'),
  ];
  if (blocks.length !== 1 || !blocks[0] || blocks[0].length === 0) {
    throw new CaRefusal(
      'csr-unparsable',
      `found ${blocks.length} CERTIFICATE REQUEST PEM blocks, want 1`,
    );
  }
  return blocks[0];
}

function checkKey(spki: Buffer): { key: KeyObject; ecdsa: boolean } {
  let imported: ReturnType<typeof importSubjectPublicKey>;
  try {
    imported = importSubjectPublicKey(spki);
  } catch (error) {
    throw new CaRefusal('csr-unsupported-key', 'the public key does not parse', { cause: error });
  }
  if (imported.kind === 'ec-p256' || imported.kind === 'ec-p384')
    return { key: imported.key, ecdsa: true };
  if (imported.kind === 'rsa' && imported.rsaBits >= 2048 && imported.rsaBits <= MAX_RSA_BITS) {
    return { key: imported.key, ecdsa: false };
  }
  const what = imported.kind === 'rsa' ? `rsa ${imported.rsaBits}` : imported.kind;
  throw new CaRefusal('csr-unsupported-key', `got ${what}`);
}

function checkSignature(fields: CsrFields, key: { key: KeyObject; ecdsa: boolean }): void {
  const algorithm = SIGNATURE_ALGORITHMS.get(fields.signatureAlgorithmOid.toString('hex'));
  if (!algorithm || algorithm.ecdsa !== key.ecdsa) {
    throw new CaRefusal(
      'csr-bad-signature',
      'the signature algorithm is unsupported or does not fit the key',
    );
  }
  const keyInput = key.ecdsa ? { key: key.key, dsaEncoding: 'der' as const } : key.key;
  let valid: boolean;
  try {
    valid = verify(algorithm.hash, fields.signed, keyInput, fields.signature);
  } catch {
    // OpenSSL throws on some malformed signatures instead of returning false.
    valid = false;
  }
  if (!valid) throw new CaRefusal('csr-bad-signature');
}

function checkNames(fields: CsrFields, identity: string): void {
  if (fields.requestsCa) throw new CaRefusal('csr-ca-requested');
  const others = fields.names.filter((name) => name.type !== 'uri');
  if (others.length > 0) {
    throw new CaRefusal(
      'csr-forbidden-san',
      others.map((name) => `${name.type}:${name.value}`).join(', '),
    );
  }
  if (fields.names.length > 1) {
    throw new CaRefusal('csr-forbidden-san', `${fields.names.length} URIs, want at most 1`);
  }
  const uri = fields.names[0]?.value;
  if (uri !== undefined && uri !== identity) {
    throw new CaRefusal('csr-identity-mismatch', `CSR asks for ${uri}, caller is ${identity}`);
  }
}
