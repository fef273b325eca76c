import { CaRefusal } from '../refusals.js';

/** Who called the CA: a Kubernetes service account, as its token says. */
export interface CallerIdentity {
  namespace: string;
  serviceAccount: string;
  /** When the token stops being valid, if known: bounds how long a result may be cached. */
  expiresAtMs?: number;
}

/** Checks callers' bearer tokens. */
export interface Authenticator {
  /** The caller's identity; throws CaRefusal when the token is not acceptable. */
  authenticate(token: string): Promise<CallerIdentity>;
}

/** The audience gangway's CA expects on service-account tokens. */
export const DEFAULT_CA_AUDIENCE = 'gangway-ca';

/** A namespace name (RFC 1123 label). */
const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A service-account name (RFC 1123 subdomain). */
const SERVICE_ACCOUNT_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The SPIFFE ID of a caller: `spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>`. */
export function spiffeIdOf(identity: CallerIdentity, trustDomain: string): string {
  return `spiffe://${trustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`;
}

/**
 * Builds an identity after checking both names are valid Kubernetes names: they become path
 * segments of a SPIFFE URI, so `/`, `..` or spaces must never get through.
 */
export function toCallerIdentity(namespace: unknown, serviceAccount: unknown): CallerIdentity {
  if (
    typeof namespace !== 'string' ||
    typeof serviceAccount !== 'string' ||
    !NAMESPACE_PATTERN.test(namespace) ||
    !SERVICE_ACCOUNT_PATTERN.test(serviceAccount)
  ) {
    throw new CaRefusal(
      'not-a-service-account',
      'namespace or service-account name missing or invalid',
    );
  }
  return { namespace, serviceAccount };
}

/** The identity in a username `system:serviceaccount:<namespace>:<name>`. */
export function identityFromUsername(username: string | undefined): CallerIdentity {
  const parts = (username ?? '').split(':');
  if (parts.length !== 4 || parts[0] !== 'system' || parts[1] !== 'serviceaccount') {
    throw new CaRefusal('not-a-service-account', `username ${username ?? '(none)'}`);
  }
  return toCallerIdentity(parts[2], parts[3]);
}

/**
 * The identity in verified JWT claims: the `kubernetes.io` claim of bound tokens, or the `sub` of
 * the form `system:serviceaccount:<ns>:<name>`. When both are present they must agree.
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): CallerIdentity {
  const kube = claims['kubernetes.io'] as
    { namespace?: unknown; serviceaccount?: { name?: unknown } } | undefined;
  const fromKube =
    kube && typeof kube === 'object'
      ? toCallerIdentity(kube.namespace, kube.serviceaccount?.name)
      : undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  const fromSub = sub?.startsWith('system:serviceaccount:') ? identityFromUsername(sub) : undefined;
  if (
    fromKube &&
    fromSub &&
    (fromKube.namespace !== fromSub.namespace || fromKube.serviceAccount !== fromSub.serviceAccount)
  ) {
    throw new CaRefusal('not-a-service-account', 'the kubernetes.io claim and sub disagree');
  }
  const identity = fromKube ?? fromSub;
  if (!identity) throw new CaRefusal('not-a-service-account', `sub ${sub ?? '(none)'}`);
  return typeof claims.exp === 'number'
    ? { ...identity, expiresAtMs: claims.exp * 1000 }
    : identity;
}
