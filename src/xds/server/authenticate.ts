import type * as grpc from '@grpc/grpc-js';
import type { Authenticator, CallerIdentity } from './ads-server.js';

/** Anything that checks a bearer token, such as the CA's JWT or TokenReview authenticator. */
export interface TokenAuthenticator {
  authenticate(token: string): Promise<CallerIdentity>;
}

/**
 * Adapts a token authenticator to the ADS server: reads `authorization: Bearer <token>` from the
 * stream's metadata (how Istio proxies and gangway's agent send the pod's service-account token).
 */
export function bearerTokenAuthenticator(tokens: TokenAuthenticator): Authenticator {
  return async (metadata: grpc.Metadata) => {
    const header = metadata.get('authorization')[0];
    const text = typeof header === 'string' ? header : header?.toString('utf8');
    const match = text ? /^Bearer\s+(\S+)$/i.exec(text) : null;
    if (!match?.[1]) throw new Error('no bearer token in the authorization metadata');
    return tokens.authenticate(match[1]);
  };
}
