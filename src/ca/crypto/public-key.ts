import { createPublicKey, type KeyObject } from 'node:crypto';
import { derOid, readChildren, readTlv, Tag, type TlvSpan } from './der.js';

/** A public key from a SubjectPublicKeyInfo, classified. */
export interface ImportedPublicKey {
  key: KeyObject;
  /** `ec-p256`, `ec-p384`, `rsa`, or what else it is (for refusal messages). */
  kind: string;
  /** Modulus size of RSA keys; 0 otherwise. */
  rsaBits: number;
}

const EC_PUBLIC_KEY = derOid('1.2.840.10045.2.1');
const RSA_ENCRYPTION = derOid('1.2.840.113549.1.1.1');
const CURVES = new Map([
  [derOid('1.2.840.10045.3.1.7').toString('hex'), { name: 'ec-p256', crv: 'P-256', size: 32 }],
  [derOid('1.3.132.0.34').toString('hex'), { name: 'ec-p384', crv: 'P-384', size: 48 }],
]);

const slice = (bytes: Buffer, span: TlvSpan | undefined): Buffer =>
  span ? bytes.subarray(span.start, span.end) : Buffer.alloc(0);
const content = (bytes: Buffer, span: TlvSpan): Buffer =>
  bytes.subarray(span.contentStart, span.end);

/**
 * Imports a DER SubjectPublicKeyInfo. ECDSA P-256/P-384 and RSA keys go through JWK, which OpenSSL 3
 * imports two to three times faster than DER (it skips the generic decoder framework) — this runs
 * once per issued certificate. Anything else takes the generic DER path and is classified there.
 */
export function importSubjectPublicKey(spki: Buffer): ImportedPublicKey {
  const outer = readTlv(spki, 0);
  const [algorithm, bits] = readChildren(spki, outer);
  if (outer.end !== spki.length || !algorithm || bits?.tag !== Tag.bitString)
    throw new RangeError('malformed SubjectPublicKeyInfo');
  const [oid, parameters] = readChildren(spki, algorithm);
  const keyBytes = content(spki, bits).subarray(1);
  if (slice(spki, oid).equals(EC_PUBLIC_KEY)) {
    const curve = CURVES.get(slice(spki, parameters).toString('hex'));
    if (curve && keyBytes.length === 1 + 2 * curve.size && keyBytes[0] === 0x04) {
      const x = keyBytes.subarray(1, 1 + curve.size).toString('base64url');
      const y = keyBytes.subarray(1 + curve.size).toString('base64url');
      return {
        key: createPublicKey({ key: { kty: 'EC', crv: curve.crv, x, y }, format: 'jwk' }),
        kind: curve.name,
        rsaBits: 0,
      };
    }
  }
  if (slice(spki, oid).equals(RSA_ENCRYPTION)) {
    const rsa = readTlv(keyBytes, 0);
    const [modulus, exponent] = readChildren(keyBytes, rsa);
    if (modulus?.tag === Tag.integer && exponent?.tag === Tag.integer) {
      const n = stripSign(content(keyBytes, modulus));
      const e = stripSign(content(keyBytes, exponent));
      const key = createPublicKey({
        key: { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') },
        format: 'jwk',
      });
      return { key, kind: 'rsa', rsaBits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
    }
  }
  return classify(createPublicKey({ key: spki, format: 'der', type: 'spki' }));
}

/** Drops the leading zero DER adds to keep a positive INTEGER positive. */
function stripSign(bytes: Buffer): Buffer {
  return bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes;
}

function classify(key: KeyObject): ImportedPublicKey {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    const kind =
      details.namedCurve === 'prime256v1'
        ? 'ec-p256'
        : details.namedCurve === 'secp384r1'
          ? 'ec-p384'
          : `ec ${details.namedCurve ?? '?'}`;
    return { key, kind, rsaBits: 0 };
  }
  return { key, kind: type, rsaBits: type === 'rsa' ? (details.modulusLength ?? 0) : 0 };
}
