import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../shared/clock.js';
import { isCaRefusal } from '../refusals.js';
import { createDiscoveryKeySet } from './jwks-source.js';
import { createJwtAuthenticator } from './jwt-authenticator.js';

const ISSUER = 'https://oidc.example/cluster-1';

async function issuerKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256' };
  const sign = (nowMs: number) =>
    new SignJWT({ 'kubernetes.io': { namespace: 'ns', serviceaccount: { name: 'sa' } } })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(ISSUER)
      .setAudience('gangway-ca')
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setExpirationTime(Math.floor(nowMs / 1000) + 600)
      .sign(privateKey);
  return { jwk, sign };
}

describe('issuer keys from OpenID discovery', () => {
  it('finds the JWKS through the discovery document and refetches on a new key id', async () => {
    const clock = createManualClock(Date.now());
    const first = await issuerKey('k1');
    const second = await issuerKey('k2');
    let published = [first.jwk];
    const getJson = vi.fn((url: string) =>
      Promise.resolve(
        url.endsWith('/.well-known/openid-configuration')
          ? { issuer: ISSUER, jwks_uri: `${ISSUER}/openid/v1/jwks` }
          : { keys: published },
      ),
    );
    const keys = createDiscoveryKeySet({ issuer: ISSUER, getJson, clock, minRefetchMs: 30_000 });
    await keys.load();
    const auth = createJwtAuthenticator({ issuer: ISSUER, keys: keys.getKey, clock });
    await expect(auth.authenticate(await first.sign(clock.now()))).resolves.toMatchObject({
      namespace: 'ns',
    });
    expect(getJson).toHaveBeenCalledTimes(2);
    published = [first.jwk, second.jwk];
    // Within the refetch floor, an unknown key id is refused without a fetch.
    const early = await auth
      .authenticate(await second.sign(clock.now()))
      .catch((error: unknown) => error);
    expect(isCaRefusal(early) && early.reason).toBe('bad-token-signature');
    expect(getJson).toHaveBeenCalledTimes(2);
    clock.advance(31_000);
    await expect(auth.authenticate(await second.sign(clock.now()))).resolves.toMatchObject({
      serviceAccount: 'sa',
    });
    expect(getJson).toHaveBeenCalledTimes(4);
  });

  it('refuses a discovery document naming another issuer', async () => {
    const getJson = () =>
      Promise.resolve({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/jwks' });
    const keys = createDiscoveryKeySet({ issuer: ISSUER, getJson });
    await expect(keys.load()).rejects.toMatchObject({ code: 'GANGWAY_ERR_CA_AUTH_CONFIG' });
  });
});
