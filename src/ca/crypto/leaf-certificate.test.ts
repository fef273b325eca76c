import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorityKeyIdentifierFor, createCaCertificate, randomSerial } from './ca-certificate.js';
import { extractSubjectNameDer } from './cert-fields.js';
import { encodeIp, buildLeafCertificate } from './leaf-certificate.js';
import { generateSigningKey, importSigningKey, toPem } from './signing-key.js';
import { x509 } from './x509.js';

async function makeIssuer(kind: 'ecdsa-p256' | 'ecdsa-p384' | 'rsa') {
  const key =
    kind === 'rsa'
      ? await importSigningKey(
          generateKeyPairSync('rsa', { modulusLength: 2048 })
            .privateKey.export({ type: 'pkcs1', format: 'pem' })
            .toString(),
        )
      : await generateSigningKey(kind);
  const now = Date.now();
  const pem = await createCaCertificate({
    subject: 'O=gangway, CN=test root',
    key,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 3_600_000),
  });
  const der = new X509Certificate(pem).raw;
  return {
    pem,
    issuer: {
      issuerNameDer: extractSubjectNameDer(der),
      authorityKeyIdentifierDer: await authorityKeyIdentifierFor(pem),
      key,
    },
  };
}

describe('buildLeafCertificate', () => {
  for (const kind of ['ecdsa-p256', 'ecdsa-p384', 'rsa'] as const) {
    it(`builds a leaf that node:crypto verifies against a ${kind} issuer`, async () => {
      const { pem, issuer } = await makeIssuer(kind);
      const workload = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const spki = workload.publicKey.export({ type: 'spki', format: 'der' });
      const now = Date.now();
      const der = buildLeafCertificate(issuer, {
        serialNumber: randomSerial(),
        notBefore: new Date(now),
        notAfter: new Date(now + 3_600_000),
        subjectPublicKeyInfoDer: spki,
        sans: [{ type: 'uri', value: 'spiffe://cluster.local/ns/a/sa/b' }],
      });
      const leaf = new X509Certificate(toPem('CERTIFICATE', der));
      const root = new X509Certificate(pem);
      expect(leaf.verify(root.publicKey)).toBe(true);
      expect(leaf.checkIssued(root)).toBe(true);
      expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/a/sa/b');
      expect(leaf.ca).toBe(false);
      expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
      expect(leaf.subject ?? '').toBe('');
      expect(leaf.checkPrivateKey(workload.privateKey)).toBe(true);
    });
  }

  it('builds a workload leaf that @peculiar/x509 parses with exactly the required fields', async () => {
    const { pem, issuer } = await makeIssuer('ecdsa-p256');
    const workload = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = workload.publicKey.export({ type: 'spki', format: 'der' });
    const notBefore = new Date('2030-01-01T00:00:00Z');
    const notAfter = new Date('2030-01-02T00:00:00Z');
    const der = buildLeafCertificate(issuer, {
      serialNumber: Buffer.from('40112233445566778899aabbccddeeff', 'hex'),
      notBefore,
      notAfter,
      subjectPublicKeyInfoDer: spki,
      sans: [{ type: 'uri', value: 'spiffe://cluster.local/ns/a/sa/b' }],
    });
    const leaf = new x509.X509Certificate(der);
    const root = new x509.X509Certificate(pem);
    expect(await leaf.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
    expect(leaf.serialNumber).toBe('40112233445566778899aabbccddeeff');
    expect(leaf.notBefore.toISOString()).toBe(notBefore.toISOString());
    expect(leaf.notAfter.toISOString()).toBe(notAfter.toISOString());
    expect(leaf.subject).toBe('');
    expect(leaf.issuer).toBe(root.subject);
    expect(Buffer.from(leaf.publicKey.rawData).equals(spki)).toBe(true);
    const extensions = leaf.extensions.map((extension) => [extension.type, extension.critical]);
    expect(extensions).toEqual([
      ['2.5.29.19', true],
      ['2.5.29.15', true],
      ['2.5.29.37', false],
      ['2.5.29.17', true],
      ['2.5.29.35', false],
    ]);
    const constraints = leaf.getExtension(x509.BasicConstraintsExtension);
    expect(constraints?.ca).toBe(false);
    const usages = leaf.getExtension(x509.KeyUsagesExtension)?.usages;
    expect(usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    const extended = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages;
    expect(extended).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    const names = leaf.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON();
    expect(names).toEqual([{ type: 'url', value: 'spiffe://cluster.local/ns/a/sa/b' }]);
    const authorityKeyId = leaf.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
    const subjectKeyId = root.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(authorityKeyId).toBe(subjectKeyId);
  });

  it('encodes DNS and IP names and dates past 2049 as GeneralizedTime', async () => {
    const { issuer } = await makeIssuer('ecdsa-p256');
    const workload = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = buildLeafCertificate(issuer, {
      serialNumber: randomSerial(),
      notBefore: new Date('2049-12-31T23:00:00Z'),
      notAfter: new Date('2050-01-02T00:00:00Z'),
      subjectPublicKeyInfoDer: workload.publicKey.export({ type: 'spki', format: 'der' }),
      sans: [
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ],
      serverAuthOnly: true,
    });
    const leaf = new X509Certificate(toPem('CERTIFICATE', der));
    expect(leaf.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(new Date(leaf.validTo).toISOString()).toBe('2050-01-02T00:00:00.000Z');
    expect(leaf.checkHost('localhost')).toBe('localhost');
  });

  it('encodes IPv6 addresses with and without elision', () => {
    expect(encodeIp('fe80::1:2').toString('hex')).toBe('fe800000000000000000000000010002');
    expect(encodeIp('1:2:3:4:5:6:7:8').toString('hex')).toBe('00010002000300040005000600070008');
    expect(() => encodeIp('::ffff:1.2.3.4')).toThrow(RangeError);
  });

  it('PEM-encodes with 64-character lines (RFC 7468)', () => {
    const der = Buffer.from(Array.from({ length: 100 }, (_, index) => index));
    const pem = toPem('CERTIFICATE', der);
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -1).map((line) => line.length)).toEqual([64, 64, 8]);
    expect(Buffer.from(lines.slice(1, -1).join(''), 'base64').equals(der)).toBe(true);
    expect(toPem('X', der.subarray(10, 58)).split('\n')[1]).toBe(
      der.subarray(10, 58).toString('base64'),
    );
  });
});
