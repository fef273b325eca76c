import { decodeJwt } from 'jose';
import type { TokenReviewer } from '../kube/apis.js';
import { CaRefusal } from '../refusals.js';
import { DEFAULT_CA_AUDIENCE, identityFromUsername, type Authenticator } from './identity.js';

/** Options of {@link createTokenReviewAuthenticator}. */
export interface TokenReviewAuthenticatorOptions {
  reviewer: TokenReviewer;
  /** Audiences the token must be valid for; `gangway-ca` by default. */
  audiences?: readonly string[];
}

/** An Authenticator that asks the Kubernetes API server (TokenReview) about each token. */
export function createTokenReviewAuthenticator(
  options: TokenReviewAuthenticatorOptions,
): Authenticator {
  const audiences = options.audiences ?? [DEFAULT_CA_AUDIENCE];
  return {
    authenticate: async (token) => {
      const result = await options.reviewer.review(token, audiences).catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : undefined;
        throw new CaRefusal('auth-unavailable', detail, { cause: error });
      });
      if (!result.authenticated) throw new CaRefusal('token-rejected', result.error);
      // The API server answers with the audiences it validated; an empty answer means the token
      // is valid for the API server's own audience only (TokenReviewStatus docs), never for ours.
      const validated = result.audiences ?? [];
      if (!validated.some((audience) => audiences.includes(audience))) {
        const got = validated.join(', ') || "the API server's audience";
        throw new CaRefusal('wrong-audience', `token is for ${got}`);
      }
      const identity = identityFromUsername(result.username);
      return { ...identity, ...expiryOf(token) };
    },
  };
}

/** The token's exp, read without verification: the API server verified it; this only bounds caching. */
function expiryOf(token: string): { expiresAtMs?: number } {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? { expiresAtMs: exp * 1000 } : {};
  } catch {
    return {};
  }
}
