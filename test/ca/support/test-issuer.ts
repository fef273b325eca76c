import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { IssuerKeySet } from '../../../src/ca/auth/jwks-source.js';
import { createFileKeySet } from '../../../src/ca/auth/jwks-source.js';
import { createMemoryFileSystem } from '../../../src/shared/fs/memory-file-system.js';

/** A stand-in for the cluster's service-account token issuer. */
export interface TestIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  keySet: IssuerKeySet;
  /** Signs a service-account token; every claim can be overridden to build hostile tokens. */
  token(options?: TokenOptions): Promise<string>;
}

/** Overrides for a test token. */
export interface TokenOptions {
  namespace?: string;
  serviceAccount?: string;
  audience?: string;
  issuer?: string;
  /** Issue time; now by default. */
  nowMs?: number;
  lifetimeSeconds?: number;
  notBeforeMs?: number;
  /** Sign with another key than the published one (a forgery). */
  signingKey?: CryptoKey;
}

/** Creates an ES256 issuer whose public keys the CA reads from a (memory) JWKS file. */
export async function createTestIssuer(
  issuer = 'https://kubernetes.default.svc.cluster.local',
): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
  const jwks = { keys: [jwk] };
  const files = createMemoryFileSystem({ '/issuer/jwks.json': JSON.stringify(jwks) });
  const keySet = createFileKeySet({ files, path: '/issuer/jwks.json' });
  await keySet.load();
  return {
    issuer,
    jwks,
    keySet,
    token: (options = {}) => signToken(privateKey, issuer, options),
  };
}

async function signToken(key: CryptoKey, issuer: string, options: TokenOptions): Promise<string> {
  const namespace = options.namespace ?? 'default';
  const serviceAccount = options.serviceAccount ?? 'app';
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const jwt = new SignJWT({
    'kubernetes.io': { namespace, serviceaccount: { name: serviceAccount, uid: 'u-1' } },
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key-1' })
    .setIssuer(options.issuer ?? issuer)
    .setSubject(`system:serviceaccount:${namespace}:${serviceAccount}`)
    .setAudience(options.audience ?? 'gangway-ca')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetimeSeconds ?? 3600));
  if (options.notBeforeMs !== undefined) jwt.setNotBefore(Math.floor(options.notBeforeMs / 1000));
  return jwt.sign(options.signingKey ?? key);
}
