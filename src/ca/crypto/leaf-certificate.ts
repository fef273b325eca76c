import { isIPv4, isIPv6 } from 'node:net';
import {
  derBitString,
  derBoolean,
  derContext,
  derOctetString,
  derOid,
  derSequence,
  derTime,
  derUnsignedInteger,
} from './der.js';
import type { SigningKey } from './signing-key.js';

/** The per-signer parts of every leaf, computed once when a signer is loaded. */
export interface LeafIssuer {
  /** The signer's subject Name, byte for byte. */
  issuerNameDer: Buffer;
  /** The complete AuthorityKeyIdentifier Extension element. */
  authorityKeyIdentifierDer: Buffer;
  key: SigningKey;
}

/** A subject alternative name of a leaf. */
export interface SanEntry {
  type: 'uri' | 'dns' | 'ip';
  value: string;
}

/** The per-leaf fields. */
export interface LeafParams {
  serialNumber: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** The DER SubjectPublicKeyInfo taken from the CSR. */
  subjectPublicKeyInfoDer: Uint8Array;
  sans: readonly SanEntry[];
  /** Extended key usages; server and client authentication by default. */
  serverAuthOnly?: boolean;
}

const OID_SERVER_AUTH = derOid('1.3.6.1.5.5.7.3.1');
const OID_CLIENT_AUTH = derOid('1.3.6.1.5.5.7.3.2');
const CRITICAL = derBoolean(true);
const VERSION_3 = derContext(0, derUnsignedInteger(Buffer.from([2])), true);
const EMPTY_SUBJECT = derSequence();
/** basicConstraints, critical, CA:FALSE (an empty SEQUENCE). */
const BASIC_CONSTRAINTS = derSequence(derOid('2.5.29.19'), CRITICAL, derOctetString(derSequence()));
/** keyUsage, critical: digitalSignature (bit 0) and keyEncipherment (bit 2); 5 unused bits. */
const KEY_USAGE = derSequence(
  derOid('2.5.29.15'),
  CRITICAL,
  derOctetString(derBitString(Buffer.from([0xa0]), 5)),
);
const EXT_KEY_USAGE_BOTH = derSequence(
  derOid('2.5.29.37'),
  derOctetString(derSequence(OID_SERVER_AUTH, OID_CLIENT_AUTH)),
);
const EXT_KEY_USAGE_SERVER = derSequence(
  derOid('2.5.29.37'),
  derOctetString(derSequence(OID_SERVER_AUTH)),
);
const OID_SAN = derOid('2.5.29.17');

/**
 * Builds and signs a leaf certificate (DER). The subject is empty, so the subjectAltName extension
 * is critical (RFC 5280 4.2.1.6): the SANs are the whole identity.
 */
export function buildLeafCertificate(issuer: LeafIssuer, params: LeafParams): Buffer {
  const extensions = [
    BASIC_CONSTRAINTS,
    KEY_USAGE,
    params.serverAuthOnly ? EXT_KEY_USAGE_SERVER : EXT_KEY_USAGE_BOTH,
    derSequence(OID_SAN, CRITICAL, derOctetString(derSequence(...params.sans.map(encodeSan)))),
    issuer.authorityKeyIdentifierDer,
  ];
  const tbs = derSequence(
    VERSION_3,
    derUnsignedInteger(params.serialNumber),
    issuer.key.signatureAlgorithmDer,
    issuer.issuerNameDer,
    derSequence(derTime(params.notBefore), derTime(params.notAfter)),
    EMPTY_SUBJECT,
    params.subjectPublicKeyInfoDer,
    derContext(3, derSequence(...extensions), true),
  );
  return derSequence(tbs, issuer.key.signatureAlgorithmDer, derBitString(issuer.key.sign(tbs)));
}

/** One GeneralName: [6] URI, [2] dNSName (both IA5String), [7] iPAddress (octets). */
function encodeSan(entry: SanEntry): Buffer {
  if (entry.type === 'uri') return derContext(6, Buffer.from(entry.value, 'ascii'), false);
  if (entry.type === 'dns') return derContext(2, Buffer.from(entry.value, 'ascii'), false);
  return derContext(7, encodeIp(entry.value), false);
}

/** The network-order bytes of an IPv4 or IPv6 address. */
export function encodeIp(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  // Embedded IPv4 forms (::ffff:1.2.3.4) are not needed for serving names; refuse them plainly.
  if (!isIPv6(address) || address.includes('.'))
    throw new RangeError(`not an IP address: ${address}`);
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  const all = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}
