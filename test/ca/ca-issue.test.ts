import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCsr } from './support/csr.js';
import { startTestCa, type TestCa } from './support/harness.js';

const IDENTITY = 'spiffe://cluster.local/ns/default/sa/app';

describe('CA over gRPC on loopback: issuance', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await startTestCa();
  });
  afterAll(async () => {
    await ca.close();
  });

  it('issues a leaf for the token identity, chained to the pinned root', async () => {
    const { pem } = await makeCsr({ uris: [IDENTITY] });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
    if (!outcome.ok) throw new Error(outcome.details);
    const chain = outcome.response.cert_chain.map((text) => new X509Certificate(text));
    expect(chain).toHaveLength(2);
    const [leaf, root] = chain as [X509Certificate, X509Certificate];
    expect(root.toString()).toBe(new X509Certificate(ca.rootPem()).toString());
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(`URI:${IDENTITY}`);
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    const lifetimeHours = (Date.parse(leaf.validTo) - Date.now()) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThan(23.9);
    expect(lifetimeHours).toBeLessThanOrEqual(24);
    expect(outcome.response.root_cert?.ca_cert).toEqual([ca.rootPem()]);
  });

  it('takes the identity from the token when the CSR names none', async () => {
    const { pem } = await makeCsr({ subject: 'CN=ignored' });
    const token = await ca.issuer.token({ namespace: 'shop', serviceAccount: 'cart' });
    const outcome = await ca.call({ csr: pem, token });
    if (!outcome.ok) throw new Error(outcome.details);
    const leaf = new X509Certificate(outcome.response.cert_chain[0]!);
    expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/shop/sa/cart');
    expect(leaf.subject ?? '').toBe('');
  });

  it.each(['p384', 'rsa2048'] as const)('accepts %s keys', async (key) => {
    const { pem } = await makeCsr({ uris: [IDENTITY], key });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
    expect(outcome.ok).toBe(true);
  });

  it('honours a shorter requested lifetime', async () => {
    const { pem } = await makeCsr({ uris: [IDENTITY] });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token(), validity: 3600 });
    if (!outcome.ok) throw new Error(outcome.details);
    const leaf = new X509Certificate(outcome.response.cert_chain[0]!);
    expect(Math.round((Date.parse(leaf.validTo) - Date.now()) / 60_000)).toBe(60);
  });

  it('clamps a 10-year request to the configured maximum (90 days)', async () => {
    const { pem } = await makeCsr({ uris: [IDENTITY] });
    const token = await ca.issuer.token();
    const outcome = await ca.call({ csr: pem, token, validity: 10 * 365 * 86_400 });
    if (!outcome.ok) throw new Error(outcome.details);
    const leaf = new X509Certificate(outcome.response.cert_chain[0]!);
    expect(Math.round((Date.parse(leaf.validTo) - Date.now()) / 86_400_000)).toBe(90);
  });
});
