import { generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCsr } from './support/csr.js';
import { startTestCa, type CallOutcome, type TestCa } from './support/harness.js';

const IDENTITY = 'spiffe://cluster.local/ns/default/sa/app';

/** Asserts a refusal: its gRPC status, its reason code, and that the counter moved. */
async function expectRefusal(
  ca: TestCa,
  outcome: CallOutcome,
  code: grpc.status,
  reason: string,
): Promise<void> {
  if (outcome.ok) throw new Error(`expected ${reason}, got a certificate`);
  expect({ code: outcome.code, reason: outcome.reason }).toEqual({ code, reason });
  expect(outcome.details.startsWith(`${reason}: `)).toBe(true);
  expect(await ca.refusals(reason)).toBeGreaterThan(0);
}

describe('CA over gRPC on loopback: hostile inputs', () => {
  let ca: TestCa;
  let goodCsr: string;
  beforeAll(async () => {
    ca = await startTestCa();
    goodCsr = (await makeCsr({ uris: [IDENTITY] })).pem;
  });
  afterAll(async () => {
    await ca.close();
  });

  it('refuses a call without a token', async () => {
    const outcome = await ca.call({ csr: goodCsr, token: null });
    await expectRefusal(ca, outcome, grpc.status.UNAUTHENTICATED, 'no-token');
  });

  it('refuses a token signed by another key (forged signature)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await ca.issuer.token({ signingKey: privateKey });
    await expectRefusal(
      ca,
      await ca.call({ csr: goodCsr, token }),
      grpc.status.UNAUTHENTICATED,
      'bad-token-signature',
    );
  });

  it('refuses an expired token', async () => {
    const token = await ca.issuer.token({ nowMs: Date.now() - 7_200_000, lifetimeSeconds: 600 });
    await expectRefusal(
      ca,
      await ca.call({ csr: goodCsr, token }),
      grpc.status.UNAUTHENTICATED,
      'token-expired',
    );
  });

  it('refuses a token for another audience', async () => {
    const token = await ca.issuer.token({ audience: 'https://kubernetes.default.svc' });
    await expectRefusal(
      ca,
      await ca.call({ csr: goodCsr, token }),
      grpc.status.UNAUTHENTICATED,
      'wrong-audience',
    );
  });

  it('refuses a token from another issuer', async () => {
    const token = await ca.issuer.token({ issuer: 'https://evil.example' });
    await expectRefusal(
      ca,
      await ca.call({ csr: goodCsr, token }),
      grpc.status.UNAUTHENTICATED,
      'wrong-issuer',
    );
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await ca.issuer.token({ notBeforeMs: Date.now() + 3_600_000 });
    await expectRefusal(
      ca,
      await ca.call({ csr: goodCsr, token }),
      grpc.status.UNAUTHENTICATED,
      'token-not-yet-valid',
    );
  });

  it('refuses garbage in place of a token', async () => {
    const outcome = await ca.call({ csr: goodCsr, token: 'not.a.jwt' });
    await expectRefusal(ca, outcome, grpc.status.UNAUTHENTICATED, 'malformed-token');
  });

  it('refuses a CSR for an identity in another namespace than the token', async () => {
    const token = await ca.issuer.token({ namespace: 'other' });
    const outcome = await ca.call({ csr: goodCsr, token });
    await expectRefusal(ca, outcome, grpc.status.PERMISSION_DENIED, 'csr-identity-mismatch');
    if (!outcome.ok) expect(outcome.details).toContain('spiffe://cluster.local/ns/other/sa/app');
  });

  it.each([
    ['a DNS name', { dnsNames: ['app.default.svc'] }],
    ['an IP address', { ips: ['10.0.0.1'] }],
    ['an email', { emails: ['a@example.com'] }],
    ['a second URI', { uris: ['spiffe://cluster.local/ns/kube-system/sa/admin'] }],
  ])('refuses a CSR with an extra SAN: %s', async (_what, extra) => {
    const { pem } = await makeCsr({
      ...extra,
      uris: [IDENTITY, ...((extra as { uris?: string[] }).uris ?? [])],
    });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'csr-forbidden-san');
  });

  it('refuses a CSR requesting CA:true', async () => {
    const { pem } = await makeCsr({ uris: [IDENTITY], ca: true });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'csr-ca-requested');
  });

  it('refuses a CSR whose signature does not verify', async () => {
    const { pem } = await makeCsr({ uris: [IDENTITY], corruptSignature: true });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'csr-bad-signature');
  });

  it.each(['rsa1024', 'p521'] as const)('refuses a CSR with an unsupported %s key', async (key) => {
    const { pem } = await makeCsr({ uris: [IDENTITY], key });
    const outcome = await ca.call({ csr: pem, token: await ca.issuer.token() });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'csr-unsupported-key');
  });

  it('refuses a 1 MB CSR before parsing it', async () => {
    const body = randomBytes(768 * 1024).toString('base64');
    const csr = `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(csr.length).toBeGreaterThan(1_000_000);
    const outcome = await ca.call({ csr, token: await ca.issuer.token() });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'csr-too-large');
  });

  it.each([
    ['random bytes', randomBytes(512).toString('latin1')],
    ['an empty string', ''],
    [
      'PEM around garbage',
      `-----BEGIN CERTIFICATE REQUEST-----\n${randomBytes(300).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`,
    ],
    ['two CSRs', 'twice'],
  ])('refuses garbage in place of a CSR: %s', async (_what, csr) => {
    const body = csr === 'twice' ? goodCsr + goodCsr : csr;
    const outcome = await ca.call({ csr: body, token: await ca.issuer.token() });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'csr-unparsable');
  });

  it('refuses a negative validity', async () => {
    const outcome = await ca.call({ csr: goodCsr, token: await ca.issuer.token(), validity: -5 });
    await expectRefusal(ca, outcome, grpc.status.INVALID_ARGUMENT, 'validity-invalid');
  });

  it('refuses a plaintext client: the endpoint speaks TLS only', async () => {
    const { callCa } = await import('./support/harness.js');
    const { loadCaProto } = await import('../../src/ca/server/ca-proto.js');
    const { Client } = loadCaProto();
    const client = new Client(ca.address, grpc.credentials.createInsecure());
    const outcome = await callCa(client, { csr: goodCsr, token: await ca.issuer.token() });
    client.close();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.code).toBe(grpc.status.UNAVAILABLE);
  });
});
