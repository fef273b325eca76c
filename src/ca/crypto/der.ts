/**
 * A minimal DER writer and TLV reader. Issuing a workload certificate is the CA's hot path: writing
 * the handful of fixed fields directly is an order of magnitude faster than a general ASN.1
 * serializer, and the reader only slices byte ranges out of structures @peculiar/x509 has already
 * parsed or that gangway built itself.
 */

/** DER tag bytes used by gangway. */
export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Bytes taken by the DER length of `length` content bytes. */
function lengthSize(length: number): number {
  if (length < 0x80) return 1;
  let size = 1;
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) size++;
  return size;
}

/** Writes the tag and length of an element into `out` at `offset`; returns the content offset. */
function writeHeader(out: Buffer, offset: number, tag: number, length: number): number {
  out[offset] = tag;
  const size = lengthSize(length);
  if (size === 1) {
    out[offset + 1] = length;
    return offset + 2;
  }
  out[offset + 1] = 0x80 | (size - 1);
  for (let index = size - 1, rest = length; index >= 1; index--, rest = Math.floor(rest / 256)) {
    out[offset + 1 + index] = rest & 0xff;
  }
  return offset + 1 + size;
}

/**
 * A tag-length-value element whose content is the concatenation of `parts`. One allocation and
 * one copy per element: leaves are built on every request, and nested Buffer.concat calls were
 * most of their cost.
 */
function derElement(tag: number, parts: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = Buffer.allocUnsafe(1 + lengthSize(length) + length);
  let offset = writeHeader(out, 0, tag, length);
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A tag-length-value element. */
export function derTlv(tag: number, content: Uint8Array): Buffer {
  return derElement(tag, [content]);
}

/** A SEQUENCE of already-encoded elements. */
export function derSequence(...elements: Uint8Array[]): Buffer {
  return derElement(Tag.sequence, elements);
}

/** A non-negative INTEGER from big-endian magnitude bytes. */
export function derUnsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = (trimmed[0] ?? 0) & 0x80;
  return derElement(Tag.integer, needsPad ? [Uint8Array.of(0), trimmed] : [trimmed]);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function derOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      chunk.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...chunk);
  }
  return derTlv(Tag.oid, Buffer.from(bytes));
}

/** A BOOLEAN. */
export function derBoolean(value: boolean): Buffer {
  return derTlv(Tag.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/** An OCTET STRING. */
export function derOctetString(content: Uint8Array): Buffer {
  return derTlv(Tag.octetString, content);
}

/** A BIT STRING with `unusedBits` padding bits in its last byte. */
export function derBitString(content: Uint8Array, unusedBits = 0): Buffer {
  return derElement(Tag.bitString, [Uint8Array.of(unusedBits), content]);
}

/** A context-specific element `[number]`, constructed (EXPLICIT or structured) or primitive. */
export function derContext(number: number, content: Uint8Array, constructed: boolean): Buffer {
  return derTlv((constructed ? 0xa0 : 0x80) | number, content);
}

/** An X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const pad = (value: number): string => String(value).padStart(2, '0');
  const rest =
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  if (year >= 1950 && year < 2050) {
    return derTlv(Tag.utcTime, Buffer.from(pad(year % 100) + rest, 'ascii'));
  }
  return derTlv(Tag.generalizedTime, Buffer.from(String(year).padStart(4, '0') + rest, 'ascii'));
}

/** One element located by {@link readTlv}. */
export interface TlvSpan {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the element. */
  end: number;
}

/** Reads the element at `offset`; throws on indefinite or out-of-bounds lengths. */
export function readTlv(bytes: Uint8Array, offset: number): TlvSpan {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new RangeError('DER element truncated');
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    // Four length bytes address 4 GiB, far beyond any input gangway accepts; 0 is indefinite form.
    if (count === 0 || count > 4) throw new RangeError('DER length form not supported');
    length = 0;
    for (let index = 0; index < count; index++) {
      const byte = bytes[contentStart + index];
      if (byte === undefined) throw new RangeError('DER length truncated');
      length = length * 256 + byte;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new RangeError('DER element overruns its buffer');
  return { tag, start: offset, contentStart, end };
}

/** The elements directly inside a constructed element. */
export function readChildren(bytes: Uint8Array, parent: TlvSpan): TlvSpan[] {
  const children: TlvSpan[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readTlv(bytes, offset);
    if (child.end > parent.end) throw new RangeError('DER child overruns its parent');
    children.push(child);
    offset = child.end;
  }
  return children;
}
