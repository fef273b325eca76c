import { X509Certificate, type KeyObject } from 'node:crypto';
import { GangwayError } from '../shared/errors.js';

/** What a returned chain is checked against. */
export interface ChainExpectations {
  /** The roots the agent trusts (pinned). */
  trustedRootsPem: readonly string[];
  /** The SPIFFE ID the leaf must carry, and nothing else. */
  identity: string;
  /** The private key the leaf must match. */
  privateKey: KeyObject;
  nowMs: number;
}

/** A verified chain. */
export interface VerifiedChain {
  leaf: X509Certificate;
  notBeforeMs: number;
  notAfterMs: number;
}

/**
 * Verifies a chain returned by the CA with node:crypto: each certificate issued and signed by the
 * next, ending at (or signed by) a pinned root, every link valid now, intermediates CAs, and a leaf
 * that names exactly our identity and matches our key. A CA that hands back anything else is not
 * trusted, whatever the TLS channel said.
 */
export function verifyIssuedChain(
  chainPem: readonly string[],
  expected: ChainExpectations,
): VerifiedChain {
  const fail = (detail: string): GangwayError =>
    new GangwayError('GANGWAY_ERR_AGENT_CHAIN_INVALID', detail);
  if (chainPem.length === 0) throw fail('the CA returned no certificate');
  const chain = chainPem.map((pem) => new X509Certificate(pem));
  const roots = expected.trustedRootsPem.map((pem) => new X509Certificate(pem));
  const leaf = chain[0]!;
  for (const [index, cert] of chain.entries()) {
    if (Date.parse(cert.validFrom) > expected.nowMs || Date.parse(cert.validTo) <= expected.nowMs) {
      throw fail(`certificate ${index} is not valid now`);
    }
    const parent = chain[index + 1];
    if (parent && !(cert.checkIssued(parent) && cert.verify(parent.publicKey) && parent.ca)) {
      throw fail(`certificate ${index} is not signed by the next one`);
    }
  }
  const top = chain.at(-1)!;
  const anchored = roots.some(
    (root) =>
      root.fingerprint256 === top.fingerprint256 ||
      (top.checkIssued(root) && top.verify(root.publicKey)),
  );
  if (!anchored) throw fail('the chain does not end at a trusted root');
  if (leaf.ca) throw fail('the leaf is a CA certificate');
  if (leaf.subjectAltName !== `URI:${expected.identity}`) {
    throw fail(`the leaf names ${leaf.subjectAltName ?? 'nothing'}, want URI:${expected.identity}`);
  }
  if (!leaf.checkPrivateKey(expected.privateKey)) throw fail('the leaf does not match our key');
  return { leaf, notBeforeMs: Date.parse(leaf.validFrom), notAfterMs: Date.parse(leaf.validTo) };
}
