import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import type { SelfSignedRoots } from '../../src/ca/roots/self-signed-source.js';
import { makeCsr } from './support/csr.js';
import { startTestCa, type TestCa } from './support/harness.js';

const IDENTITY = 'spiffe://cluster.local/ns/default/sa/app';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('self-signed root rotation', () => {
  const clock = createManualClock(Date.now());
  let ca: TestCa;
  let roots: SelfSignedRoots;
  let oldRoot: X509Certificate;
  beforeAll(async () => {
    ca = await startTestCa({ clock });
    roots = ca.ca.signers as SelfSignedRoots;
    oldRoot = new X509Certificate(ca.rootPem());
  });
  afterAll(async () => {
    await ca.close();
  });

  const issue = async (validity = 0) => {
    const { pem } = await makeCsr({ uris: [IDENTITY] });
    const outcome = await ca.call({
      csr: pem,
      token: await ca.issuer.token({ nowMs: clock.now() }),
      validity,
    });
    if (!outcome.ok) throw new Error(outcome.details);
    return {
      chain: outcome.response.cert_chain.map((text) => new X509Certificate(text)),
      bundle: (outcome.response.root_cert?.ca_cert ?? []).map((text) => new X509Certificate(text)),
    };
  };

  it('adds the new root to the bundle before it signs anything', async () => {
    await roots.rotate();
    const bundle = roots.trustBundle().map((pem) => new X509Certificate(pem));
    expect(bundle).toHaveLength(2);
    expect(bundle[0]!.fingerprint256).toBe(oldRoot.fingerprint256);
    const { chain, bundle: sent } = await issue();
    expect(chain.at(-1)!.fingerprint256).toBe(oldRoot.fingerprint256);
    expect(sent.map((cert) => cert.fingerprint256)).toEqual(
      bundle.map((cert) => cert.fingerprint256),
    );
  });

  it('switches to the new root after the propagation delay, keeping the old one trusted', async () => {
    clock.advance(HOUR - 1_000);
    await roots.refresh();
    const lastOld = await issue(90 * 86_400);
    expect(lastOld.chain.at(-1)!.fingerprint256).toBe(oldRoot.fingerprint256);
    clock.advance(2_000);
    await roots.refresh();
    const { chain } = await issue();
    const newRoot = chain.at(-1)!;
    expect(newRoot.fingerprint256).not.toBe(oldRoot.fingerprint256);
    expect(chain[0]!.verify(newRoot.publicKey)).toBe(true);
    expect(roots.trustBundle()).toHaveLength(2);
  });

  it('keeps the old root until every leaf it signed has expired, then drops it', async () => {
    clock.advance(89 * DAY);
    await roots.refresh();
    expect(roots.trustBundle()).toHaveLength(2);
    // The maximum leaf lifetime after the switch, plus one refresh interval of slack (60 s).
    clock.advance(DAY + 60_000);
    await roots.refresh();
    const bundle = roots.trustBundle().map((pem) => new X509Certificate(pem));
    expect(bundle).toHaveLength(1);
    expect(bundle[0]!.fingerprint256).not.toBe(oldRoot.fingerprint256);
  });
});
