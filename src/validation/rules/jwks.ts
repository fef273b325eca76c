import type { Reporter } from '../findings.js';
import { show } from '../findings.js';

// Members that only private (or symmetric) JWKs carry: RSA/EC/OKP private exponents and parts,
// and the octet-sequence secret `k`.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keysOf(parsed: unknown): unknown[] | undefined {
  if (isRecord(parsed) && Array.isArray(parsed.keys)) return parsed.keys as unknown[];
  // A single JWK is accepted too, as Istio's parser does.
  return isRecord(parsed) && typeof parsed.kty === 'string' ? [parsed] : undefined;
}

/** Checks an inline JWKS: JSON, a key set (or single key) whose keys have a kty, no private keys. */
export function checkJwks(text: string, at: Reporter): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    at.report(
      'GW-RA-JWKS-PARSE',
      `jwks is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  const keys = keysOf(parsed);
  if (!keys) {
    at.report(
      'GW-RA-JWKS-PARSE',
      'jwks must be a JSON Web Key Set ({"keys": [...]}) or a single JWK',
    );
    return;
  }
  keys.forEach((key, i) => {
    if (!isRecord(key) || typeof key.kty !== 'string') {
      at.report('GW-RA-JWKS-PARSE', `jwks key ${i} has no "kty"`);
      return;
    }
    const secret = PRIVATE_MEMBERS.filter((m) => key[m] !== undefined);
    if (secret.length > 0) {
      at.report(
        'GW-RA-JWKS-PRIVATE-KEY',
        `jwks key ${i} (kid ${show(key.kid ?? '')}) contains private material (${secret.join(', ')}); publish public keys only`,
      );
    }
  });
}

/** Checks a jwksUri: an http or https URL with a host. */
export function checkJwksUri(uri: string, at: Reporter): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    at.report('GW-RA-JWKS-URI-INVALID', `${show(uri)} is not a URL`);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    at.report(
      'GW-RA-JWKS-URI-INVALID',
      `URI scheme ${show(url.protocol.replace(/:$/, ''))} is not supported; use http or https`,
    );
  } else if (url.hostname === '') {
    at.report('GW-RA-JWKS-URI-INVALID', `${show(uri)} has no host`);
  }
}
