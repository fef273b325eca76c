import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { systemClock, type Clock } from '../../shared/clock.js';
import { CaRefusal, type RefusalReason } from '../refusals.js';
import { DEFAULT_CA_AUDIENCE, identityFromClaims, type Authenticator } from './identity.js';

/** Options of {@link createJwtAuthenticator}. */
export interface JwtAuthenticatorOptions {
  /** The `iss` the tokens must carry (the cluster's service-account issuer). */
  issuer: string;
  /** Accepted audiences; `gangway-ca` by default. */
  audiences?: readonly string[];
  /** The issuer's public keys (see jwks-source.ts). */
  keys: JWTVerifyGetKey;
  clock?: Clock;
  /** Leeway on exp and nbf for clock skew between issuer and CA; 30 s by default. */
  clockToleranceSeconds?: number;
}

/**
 * Asymmetric algorithms only: service-account tokens are RS256 or ES256, and accepting HMAC or
 * `none` would let anyone holding a public key mint tokens.
 */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];

/** An Authenticator that verifies service-account JWTs locally against the issuer's keys. */
export function createJwtAuthenticator(options: JwtAuthenticatorOptions): Authenticator {
  const clock = options.clock ?? systemClock;
  const audiences = [...(options.audiences ?? [DEFAULT_CA_AUDIENCE])];
  return {
    authenticate: async (token) => {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          audience: audiences,
          algorithms: ALGORITHMS,
          currentDate: new Date(clock.now()),
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        throw new CaRefusal(reasonOf(error), detailOf(error), { cause: error });
      }
      return identityFromClaims(payload);
    },
  };
}

/** Maps jose's error codes onto refusal reasons. */
function reasonOf(error: unknown): RefusalReason {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'token-expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'aud') return 'wrong-audience';
      if (claim === 'iss') return 'wrong-issuer';
      if (claim === 'nbf') return 'token-not-yet-valid';
      return 'malformed-token';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'bad-token-signature';
    case 'ERR_JWKS_TIMEOUT':
      return 'auth-unavailable';
    default:
      return 'malformed-token';
  }
}

function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
