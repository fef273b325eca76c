import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePemBlocks } from '../../src/ca/crypto/cert-fields.js';
import { x509 } from '../../src/ca/crypto/x509.js';
import { checkCsr } from '../../src/ca/csr-check.js';
import { readCsr } from '../../src/ca/csr-der.js';
import { isCaRefusal } from '../../src/ca/refusals.js';
import { makeCsr, type CsrOptions } from './support/csr.js';

const IDENTITY = 'spiffe://cluster.local/ns/default/sa/app';

/** What @peculiar/x509 reads from a CSR, in the shape of gangway's reader. */
async function readWithPeculiar(der: Buffer) {
  const csr = new x509.Pkcs10CertificateRequest(der);
  const san = csr.extensions.find(
    (extension): extension is x509.SubjectAlternativeNameExtension =>
      extension instanceof x509.SubjectAlternativeNameExtension,
  );
  const basic = csr.extensions.find(
    (extension): extension is x509.BasicConstraintsExtension =>
      extension instanceof x509.BasicConstraintsExtension,
  );
  const typeOf = (type: string) => (type === 'url' ? 'uri' : type);
  return {
    spki: Buffer.from(csr.publicKey.rawData).toString('hex'),
    names: (san?.names.items ?? []).map((name) =>
      typeOf(name.type) === 'ip' ? { type: 'ip' } : { type: typeOf(name.type), value: name.value },
    ),
    requestsCa: basic?.ca ?? false,
    signatureValid: await csr.verify(),
  };
}

const cases: [string, CsrOptions][] = [
  ['a SPIFFE URI', { uris: [IDENTITY] }],
  ['no extension', {}],
  ['a subject only', { subject: 'CN=app, O=shop' }],
  [
    'DNS, IP and email names',
    { uris: [IDENTITY], dnsNames: ['a.b'], ips: ['10.1.2.3'], emails: ['x@y.z'] },
  ],
  ['CA:true', { uris: [IDENTITY], ca: true }],
  ['a P-384 key', { uris: [IDENTITY], key: 'p384' }],
  ['an RSA key', { uris: [IDENTITY], key: 'rsa2048' }],
  ['a corrupted signature', { uris: [IDENTITY], corruptSignature: true }],
];

describe('CSR reader agrees with @peculiar/x509', () => {
  it.each(cases)('on a CSR with %s', async (_what, options) => {
    const { pem } = await makeCsr(options);
    const der = decodePemBlocks(pem, 'CERTIFICATE REQUEST')[0]!;
    const ours = readCsr(der);
    const theirs = await readWithPeculiar(der);
    expect(ours.spki.toString('hex')).toBe(theirs.spki);
    expect(ours.requestsCa).toBe(theirs.requestsCa);
    expect(ours.names.map((name) => (name.type === 'ip' ? { type: 'ip' } : name))).toEqual(
      theirs.names,
    );
    const accepted = (() => {
      try {
        checkCsr(pem, ours.names[0]?.value ?? IDENTITY);
        return true;
      } catch (error) {
        return isCaRefusal(error) && error.reason !== 'csr-bad-signature';
      }
    })();
    expect(accepted).toBe(theirs.signatureValid);
  });
});

describe('CSR checks never fail other than by refusal', () => {
  it('survives 2,000 random mutations of a valid CSR', async () => {
    const { pem } = await makeCsr({ uris: [IDENTITY], dnsNames: ['x.y'] });
    const der = decodePemBlocks(pem, 'CERTIFICATE REQUEST')[0]!;
    for (let round = 0; round < 2_000; round++) {
      const mutated = Buffer.from(der);
      const noise = randomBytes(3);
      mutated[noise.readUInt16BE(0) % mutated.length] = noise[2]!;
      const sliced =
        round % 7 === 0 ? mutated.subarray(0, noise.readUInt16BE(0) % mutated.length) : mutated;
      const text = `-----BEGIN CERTIFICATE REQUEST-----\n${sliced.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      try {
        checkCsr(text, IDENTITY);
      } catch (error) {
        if (!isCaRefusal(error)) throw error;
      }
    }
  });
});
