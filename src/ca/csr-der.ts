import { derOid, readChildren, readTlv, Tag, type TlvSpan } from './crypto/der.js';

/** A subject alternative name as the CSR asks for it. */
export interface RequestedName {
  /** `uri`, `dns`, `email`, `ip`, or `other` for every other GeneralName form. */
  type: 'uri' | 'dns' | 'email' | 'ip' | 'other';
  /** The text of URI, DNS and email names; the DER tag of others. */
  value: string;
}

/** The fields of a PKCS#10 request the CA looks at, as exact byte ranges of the input. */
export interface CsrFields {
  /** CertificationRequestInfo, the signed bytes. */
  signed: Buffer;
  /** SubjectPublicKeyInfo. */
  spki: Buffer;
  /** The signature AlgorithmIdentifier's OID element. */
  signatureAlgorithmOid: Buffer;
  signature: Buffer;
  /** Every name of every subjectAltName extension requested. */
  names: RequestedName[];
  /** Whether a basicConstraints extension asks for cA TRUE. */
  requestsCa: boolean;
}

const EXTENSION_REQUEST = derOid('1.2.840.113549.1.9.14').toString('hex');
const SUBJECT_ALT_NAME = derOid('2.5.29.17').toString('hex');
const BASIC_CONSTRAINTS = derOid('2.5.29.19').toString('hex');
/** Context tags of GeneralName forms (RFC 5280 4.2.1.6), primitive IMPLICIT encodings. */
const NAME_TAGS: Readonly<Record<number, RequestedName['type']>> = {
  0x81: 'email',
  0x82: 'dns',
  0x86: 'uri',
  0x87: 'ip',
};
/** IA5String content: 7-bit ASCII, printable (no controls that could hide in logs). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Reads a DER CertificationRequest (RFC 2986). Only the fields issuance and its checks need are
 * read, each bounds-checked by the TLV reader; everything is sliced, nothing re-encoded, so the
 * signature is verified over exactly the bytes that were sent. Throws RangeError on any structure
 * that is not a well-formed request.
 */
export function readCsr(der: Buffer): CsrFields {
  const outer = readTlv(der, 0);
  const [info, algorithm, bits, extra] = readChildren(der, outer);
  if (outer.tag !== Tag.sequence || outer.end !== der.length || extra)
    throw new RangeError('not one CertificationRequest');
  if (
    info?.tag !== Tag.sequence ||
    algorithm?.tag !== Tag.sequence ||
    bits?.tag !== Tag.bitString
  ) {
    throw new RangeError('CertificationRequest fields have the wrong types');
  }
  const [version, subject, spki, attributes, more] = readChildren(der, info);
  const versionBytes = version ? der.subarray(version.start, version.end) : Buffer.alloc(0);
  if (
    !versionBytes.equals(Buffer.from([Tag.integer, 1, 0])) ||
    subject?.tag !== Tag.sequence ||
    spki?.tag !== Tag.sequence
  ) {
    throw new RangeError('CertificationRequestInfo is not version 0 with a subject and a key');
  }
  if (more || (attributes && attributes.tag !== 0xa0))
    throw new RangeError('unexpected CertificationRequestInfo field');
  const [oid] = readChildren(der, algorithm);
  if (oid?.tag !== Tag.oid || der[bits.contentStart] !== 0)
    throw new RangeError('malformed signature fields');
  const fields: CsrFields = {
    signed: slice(der, info),
    spki: slice(der, spki),
    signatureAlgorithmOid: slice(der, oid),
    signature: der.subarray(bits.contentStart + 1, bits.end),
    names: [],
    requestsCa: false,
  };
  if (attributes) readAttributes(der, attributes, fields);
  return fields;
}

function slice(der: Buffer, span: TlvSpan): Buffer {
  return der.subarray(span.start, span.end);
}

/** Attributes: only extensionRequest matters; every one of its extensions is read. */
function readAttributes(der: Buffer, attributes: TlvSpan, fields: CsrFields): void {
  for (const attribute of readChildren(der, attributes)) {
    const [type, values] = readChildren(der, attribute);
    if (type?.tag !== Tag.oid || values?.tag !== Tag.set)
      throw new RangeError('malformed attribute');
    if (slice(der, type).toString('hex') !== EXTENSION_REQUEST) continue;
    for (const extensions of readChildren(der, values)) {
      if (extensions.tag !== Tag.sequence) throw new RangeError('malformed extensionRequest');
      for (const extension of readChildren(der, extensions)) readExtension(der, extension, fields);
    }
  }
}

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function readExtension(der: Buffer, extension: TlvSpan, fields: CsrFields): void {
  const children = readChildren(der, extension);
  const [id] = children;
  const value = children.at(-1);
  if (id?.tag !== Tag.oid || value?.tag !== Tag.octetString || children.length > 3)
    throw new RangeError('malformed extension');
  const inner = der.subarray(value.contentStart, value.end);
  const oid = slice(der, id).toString('hex');
  if (oid === SUBJECT_ALT_NAME) fields.names.push(...readGeneralNames(inner));
  if (oid === BASIC_CONSTRAINTS) fields.requestsCa ||= readCaFlag(inner);
}

function readGeneralNames(bytes: Buffer): RequestedName[] {
  const names = readTlv(bytes, 0);
  if (names.tag !== Tag.sequence || names.end !== bytes.length)
    throw new RangeError('malformed subjectAltName');
  return readChildren(bytes, names).map((name) => {
    const type = NAME_TAGS[name.tag] ?? 'other';
    if (type === 'other' || type === 'ip') return { type, value: `[${name.tag.toString(16)}]` };
    const text = bytes.subarray(name.contentStart, name.end).toString('latin1');
    if (!PRINTABLE_ASCII.test(text)) throw new RangeError('a name is not printable ASCII');
    return { type, value: text };
  });
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
function readCaFlag(bytes: Buffer): boolean {
  const constraints = readTlv(bytes, 0);
  if (constraints.tag !== Tag.sequence || constraints.end !== bytes.length)
    throw new RangeError('malformed basicConstraints');
  const [first] = readChildren(bytes, constraints);
  return first?.tag === Tag.boolean && bytes[first.contentStart] !== 0;
}
