import { createPrivateKey, createPublicKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import { derOid, derSequence, derTlv, Tag } from './der.js';

type CryptoKey = webcrypto.CryptoKey;
type EcdsaParams = webcrypto.EcdsaParams;
type Algorithm = webcrypto.Algorithm;

/** The key kinds gangway generates for CA certificates. */
export type CaKeyKind = 'ecdsa-p256' | 'ecdsa-p384';

/** A CA private key, usable both by node:crypto (hot path) and WebCrypto (@peculiar/x509). */
export interface SigningKey {
  /** The key for node:crypto signing. */
  readonly keyObject: KeyObject;
  /** The same key for @peculiar/x509, which signs through WebCrypto. */
  readonly cryptoKey: CryptoKey;
  /** The public half, for WebCrypto. */
  readonly publicCryptoKey: CryptoKey;
  /** The DER AlgorithmIdentifier of the signatures this key makes. */
  readonly signatureAlgorithmDer: Buffer;
  /** The WebCrypto algorithm of those signatures. */
  readonly webcryptoAlgorithm: EcdsaParams | Algorithm;
  /** The PKCS#8 PEM of the key. */
  readonly pem: string;
  /** Signs bytes with the algorithm above. */
  sign(data: Uint8Array): Buffer;
}

interface AlgorithmChoice {
  importParams: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  webcrypto: EcdsaParams | Algorithm;
  hash: 'sha256' | 'sha384';
  oid: string;
  isEcdsa: boolean;
}

/** Chooses the signature algorithm a key of this type and size makes (RFC 5758, RFC 4055). */
function chooseAlgorithm(keyObject: KeyObject): AlgorithmChoice {
  const details = keyObject.asymmetricKeyDetails ?? {};
  if (keyObject.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') {
    const curve = { name: 'ECDSA', namedCurve: 'P-256' };
    return {
      importParams: curve,
      webcrypto: { name: 'ECDSA', hash: 'SHA-256' },
      hash: 'sha256',
      oid: '1.2.840.10045.4.3.2',
      isEcdsa: true,
    };
  }
  if (keyObject.asymmetricKeyType === 'ec' && details.namedCurve === 'secp384r1') {
    const curve = { name: 'ECDSA', namedCurve: 'P-384' };
    return {
      importParams: curve,
      webcrypto: { name: 'ECDSA', hash: 'SHA-384' },
      hash: 'sha384',
      oid: '1.2.840.10045.4.3.3',
      isEcdsa: true,
    };
  }
  if (keyObject.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) {
    const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return {
      importParams: rsa,
      webcrypto: rsa,
      hash: 'sha256',
      oid: '1.2.840.113549.1.1.11',
      isEcdsa: false,
    };
  }
  throw new Error(
    `unsupported CA key: ${keyObject.asymmetricKeyType ?? 'unknown'} (want ECDSA P-256/P-384 or RSA >= 2048)`,
  );
}

/** Imports a CA private key from PEM (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"). */
export async function importSigningKey(pem: string): Promise<SigningKey> {
  const keyObject = createPrivateKey(pem);
  const choice = chooseAlgorithm(keyObject);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const cryptoKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, choice.importParams, true, [
    'sign',
  ]);
  const spki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
  const publicCryptoKey = await webcrypto.subtle.importKey(
    'spki',
    spki,
    choice.importParams,
    true,
    ['verify'],
  );
  // RSA signature AlgorithmIdentifiers carry explicit NULL parameters; ECDSA ones carry none.
  const parameters = choice.isEcdsa ? [] : [derTlv(Tag.null, Buffer.alloc(0))];
  const signOptions = choice.isEcdsa ? { key: keyObject, dsaEncoding: 'der' as const } : keyObject;
  return {
    keyObject,
    cryptoKey,
    publicCryptoKey,
    signatureAlgorithmDer: derSequence(derOid(choice.oid), ...parameters),
    webcryptoAlgorithm: choice.webcrypto,
    pem: keyObject.export({ type: 'pkcs8', format: 'pem' }).toString(),
    sign: (data) => sign(choice.hash, data, signOptions),
  };
}

/** Generates a new CA key (ECDSA P-256 unless told otherwise). */
export async function generateSigningKey(kind: CaKeyKind = 'ecdsa-p256'): Promise<SigningKey> {
  const namedCurve = kind === 'ecdsa-p384' ? 'P-384' : 'P-256';
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, true, [
    'sign',
    'verify',
  ]);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  return importSigningKey(toPem('PRIVATE KEY', pkcs8));
}

/** PEM-encodes DER bytes under a label. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  // Lines of 64 characters (RFC 7468); a plain loop, as every issued leaf is encoded here.
  const lines: string[] = [];
  for (let start = 0; start < base64.length; start += 64)
    lines.push(base64.slice(start, start + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
