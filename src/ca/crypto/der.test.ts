import { describe, expect, it } from 'vitest';
import {
  derBitString,
  derContext,
  derOid,
  derSequence,
  derTime,
  derTlv,
  derUnsignedInteger,
  readChildren,
  readTlv,
  Tag,
} from './der.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('DER writer', () => {
  it('uses the short length form below 128 bytes and the long form from 128', () => {
    expect(hex(derTlv(Tag.octetString, Buffer.alloc(0)))).toBe('0400');
    expect(hex(derTlv(Tag.octetString, Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(derTlv(Tag.octetString, Buffer.alloc(128))).slice(0, 6)).toBe('048180');
    expect(hex(derTlv(Tag.octetString, Buffer.alloc(255))).slice(0, 6)).toBe('0481ff');
    expect(hex(derTlv(Tag.octetString, Buffer.alloc(256))).slice(0, 8)).toBe('04820100');
    expect(hex(derTlv(Tag.octetString, Buffer.alloc(70_000))).slice(0, 10)).toBe('0483011170');
  });

  it('writes every byte of a long element and the reader finds it whole', () => {
    const content = Buffer.from(Array.from({ length: 300 }, (_, index) => index & 0xff));
    const element = derTlv(Tag.octetString, content);
    const span = readTlv(element, 0);
    expect(span).toEqual({ tag: Tag.octetString, start: 0, contentStart: 4, end: 304 });
    expect(element.subarray(span.contentStart).equals(content)).toBe(true);
  });

  it('concatenates the elements of a SEQUENCE in order', () => {
    const sequence = derSequence(
      derOid('2.5.29.19'),
      derSequence(),
      derTlv(Tag.null, Buffer.alloc(0)),
    );
    expect(hex(sequence)).toBe('30090603551d1330000500');
    const children = readChildren(sequence, readTlv(sequence, 0));
    expect(children.map((child) => child.tag)).toEqual([Tag.oid, Tag.sequence, Tag.null]);
  });

  it('encodes non-negative INTEGERs minimally, padding a set high bit', () => {
    expect(hex(derUnsignedInteger(Buffer.from([0, 0, 5])))).toBe('020105');
    expect(hex(derUnsignedInteger(Buffer.from([0x80])))).toBe('02020080');
    expect(hex(derUnsignedInteger(Buffer.from([0, 0])))).toBe('020100');
    const input = Buffer.from([0x7f, 1]);
    derUnsignedInteger(input);
    expect(hex(input)).toBe('7f01');
  });

  it('encodes OIDs with multi-byte arcs', () => {
    expect(hex(derOid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(derOid('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301');
  });

  it('writes BIT STRINGs with their unused-bit count, context tags and times', () => {
    expect(hex(derBitString(Buffer.from([0xa0]), 5))).toBe('030205a0');
    expect(hex(derContext(6, Buffer.from('a'), false))).toBe('860161');
    expect(hex(derContext(0, Buffer.from([2, 1, 2]), true))).toBe('a003020102');
    expect(derTime(new Date('2049-12-31T23:59:59Z')).toString('latin1')).toBe(
      '\x17\x0d491231235959Z',
    );
    expect(derTime(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe(
      '\x18\x0f20500101000000Z',
    );
  });
});
