import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorityKeyIdentifierFor, createCaCertificate, randomSerial } from './ca-certificate.js';
import { extractSubjectNameDer } from './cert-fields.js';
import { encodeIp, buildLeafCertificate } from './leaf-certificate.js';
import { generateSigningKey, importSigningKey, toPem } from './signing-key.js';

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
});
