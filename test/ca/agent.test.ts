import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SelfSignedRoots } from '../../src/ca/roots/self-signed-source.js';
import { openSdsStream, startAgentRig, type AgentRig } from './support/agent-harness.js';

const HOUR = 3_600_000;

async function readCertFiles(certDir: string) {
  const [chain, key, root] = await Promise.all(
    ['cert-chain.pem', 'key.pem', 'root-cert.pem'].map((name) =>
      readFile(join(certDir, name), 'utf8'),
    ),
  );
  return { chain: chain!, key: key!, root: root! };
}

function leafOf(chainPem: string): X509Certificate {
  return new X509Certificate(chainPem.split(/(?<=-----END CERTIFICATE-----\n)/)[0]!);
}

describe('agent against the CA on loopback', () => {
  let rig: AgentRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('obtains a certificate, verifies it and writes the three files', async () => {
    rig = await startAgentRig();
    const certificate = rig.agent.current() ?? (await rig.agent.nextChange());
    expect(certificate?.identity).toBe('spiffe://cluster.local/ns/default/sa/app');
    const files = await readCertFiles(rig.certDir);
    const leaf = leafOf(files.chain);
    const root = new X509Certificate(files.root);
    expect(root.toString()).toBe(new X509Certificate(rig.ca.rootPem()).toString());
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(createPrivateKey(files.key))).toBe(true);
    expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/default/sa/app');
    expect((await stat(join(rig.certDir, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect(rig.agent.ready()).toBe(true);
  });

  it('rotates at half-life, pushes the new certificate over SDS and rewrites the files', async () => {
    rig = await startAgentRig();
    const first = rig.agent.current() ?? (await rig.agent.nextChange());
    const sds = openSdsStream(rig.agent.sdsSocketPath!, ['default']);
    const initial = await sds.waitFor(1);
    expect(initial.resources[0]?.name).toBe('default');
    const served = Buffer.from(
      initial.resources[0]!.tls_certificate!.certificate_chain.inline_bytes,
      'base64',
    ).toString();
    expect(served).toBe(first!.chainPem.join(''));

    await rig.timers.advance(11 * HOUR);
    expect(rig.agent.current()).toBe(first);
    const rotated = rig.agent.nextChange();
    await rig.timers.advance(1 * HOUR + 1_000);
    const second = await rotated;
    expect(second?.chainPem[0]).not.toBe(first?.chainPem[0]);
    expect(second?.keyPem).not.toBe(first?.keyPem);
    const pushed = await sds.waitFor(2);
    const pushedChain = Buffer.from(
      pushed.resources[0]!.tls_certificate!.certificate_chain.inline_bytes,
      'base64',
    ).toString();
    expect(pushedChain).toBe(second!.chainPem.join(''));
    expect((await readCertFiles(rig.certDir)).chain).toBe(second!.chainPem.join(''));
    sds.close();
  });

  it('serves ROOTCA over SDS', async () => {
    rig = await startAgentRig();
    if (!rig.agent.current()) await rig.agent.nextChange();
    const sds = openSdsStream(rig.agent.sdsSocketPath!, ['ROOTCA']);
    const response = await sds.waitFor(1);
    const trusted = Buffer.from(
      response.resources[0]!.validation_context!.trusted_ca.inline_bytes,
      'base64',
    ).toString();
    expect(new X509Certificate(trusted).toString()).toBe(
      new X509Certificate(rig.ca.rootPem()).toString(),
    );
    sds.close();
  });

  it('follows a root rotation in the mounted root file: new bundle over SDS and in root-cert.pem', async () => {
    rig = await startAgentRig();
    if (!rig.agent.current()) await rig.agent.nextChange();
    const sds = openSdsStream(rig.agent.sdsSocketPath!, ['ROOTCA']);
    await sds.waitFor(1);
    await (rig.ca.ca.signers as SelfSignedRoots).rotate();
    expect(rig.ca.ca.signers.trustBundle()).toHaveLength(2);
    await writeFile(rig.rootPath, rig.ca.rootPem());
    const pushed = await sds.waitFor(2);
    const trusted = Buffer.from(
      pushed.resources[0]!.validation_context!.trusted_ca.inline_bytes,
      'base64',
    ).toString();
    expect(trusted.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    await expect
      .poll(
        async () => (await readCertFiles(rig!.certDir)).root.match(/BEGIN CERTIFICATE/g)?.length,
      )
      .toBe(2);
    sds.close();
  });

  it('keeps the certificate while the CA is down, backing off, and drops it at expiry', async () => {
    rig = await startAgentRig();
    const first = rig.agent.current() ?? (await rig.agent.nextChange());
    await rig.ca.ca.server.close(0);
    await rig.timers.advance(12 * HOUR + 1_000);
    // The refresh fails asynchronously; let the retries run over the next hours of manual time.
    for (let hour = 0; hour < 11; hour++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await rig.timers.advance(HOUR);
      expect(rig.agent.current()).toBe(first);
    }
    const failures = (
      await rig.agent.registry.getSingleMetric('gangway_agent_certificate_requests_total')?.get()
    )?.values.find((value) => value.labels.result === 'failed')?.value;
    expect(failures).toBeGreaterThanOrEqual(2);
    const expired = rig.agent.nextChange();
    await rig.timers.advance(2 * HOUR);
    expect(await expired).toBeUndefined();
    expect(rig.agent.ready()).toBe(false);
    await expect(stat(join(rig.certDir, 'key.pem'))).rejects.toThrow();
    await expect(stat(join(rig.certDir, 'root-cert.pem'))).resolves.toBeDefined();
  });
});
