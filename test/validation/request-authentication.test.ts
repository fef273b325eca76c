import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const ra = (spec: unknown) =>
  meshObject('security.istio.io/v1beta1', 'RequestAuthentication', spec);
const jwt = (rule: Record<string, unknown>) => ({
  jwtRules: [{ issuer: 'https://example.com', ...rule }],
});
const RSA_PUBLIC = {
  kty: 'RSA',
  kid: 'k1',
  n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
  e: 'AQAB',
};

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['an issuer with jwksUri', jwt({ jwksUri: 'https://example.com/.well-known/jwks.json' })],
  ['an issuer only (OIDC discovery)', jwt({})],
  ['a jwksUri only', { jwtRules: [{ jwksUri: 'https://example.com/jwks.json' }] }],
  ['an inline public JWKS', jwt({ jwks: JSON.stringify({ keys: [RSA_PUBLIC] }) })],
  [
    'token locations',
    jwt({
      fromHeaders: [{ name: 'x-jwt-assertion', prefix: 'Bearer ' }],
      fromParams: ['my_token'],
      fromCookies: ['auth-token'],
    }),
  ],
  [
    'claims to headers',
    jwt({
      outputClaimToHeaders: [{ header: 'x-jwt-sub', claim: 'sub' }],
      forwardOriginalToken: true,
      outputPayloadToHeader: 'x-jwt-payload',
    }),
  ],
  [
    'audiences and a timeout',
    jwt({ audiences: ['bookstore_android.apps.example.com'], timeout: '5s' }),
  ],
  ['a selector', { selector: { matchLabels: { app: 'httpbin' } }, ...jwt({}) }],
  [
    'a targetRef to a Gateway',
    { targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }, ...jwt({}) },
  ],
];

const invalid: readonly InvalidCase[] = [
  [
    'neither issuer nor jwksUri',
    { jwtRules: [{ audiences: ['a'] }] },
    'GW-RA-ISSUER-OR-JWKS-URI-REQUIRED',
    'spec.jwtRules[0]',
  ],
  [
    'an empty audience',
    jwt({ audiences: [''] }),
    'GW-RA-AUDIENCE-EMPTY',
    'spec.jwtRules[0].audiences[0]',
  ],
  [
    'a jwksUri with an ftp scheme',
    jwt({ jwksUri: 'ftp://example.com/jwks' }),
    'GW-RA-JWKS-URI-INVALID',
    'spec.jwtRules[0].jwksUri',
  ],
  [
    'a jwksUri that is not a URL',
    jwt({ jwksUri: 'example.com/jwks' }),
    'GW-RA-JWKS-URI-INVALID',
    'spec.jwtRules[0].jwksUri',
  ],
  [
    'jwks that is not JSON',
    jwt({ jwks: '{keys: nope' }),
    'GW-RA-JWKS-PARSE',
    'spec.jwtRules[0].jwks',
  ],
  ['jwks without keys', jwt({ jwks: '{"foo": []}' }), 'GW-RA-JWKS-PARSE', 'spec.jwtRules[0].jwks'],
  [
    'a jwks key without kty',
    jwt({ jwks: '{"keys": [{"kid": "a"}]}' }),
    'GW-RA-JWKS-PARSE',
    'spec.jwtRules[0].jwks',
  ],
  [
    'an empty fromHeaders name',
    jwt({ fromHeaders: [{ prefix: 'Bearer ' }] }),
    'GW-RA-LOCATION-EMPTY',
    'spec.jwtRules[0].fromHeaders[0].name',
  ],
  [
    'an empty fromParams entry',
    jwt({ fromParams: [''] }),
    'GW-RA-LOCATION-EMPTY',
    'spec.jwtRules[0].fromParams[0]',
  ],
  [
    'an empty fromCookies entry',
    jwt({ fromCookies: [''] }),
    'GW-RA-LOCATION-EMPTY',
    'spec.jwtRules[0].fromCookies[0]',
  ],
  [
    'an output claim without claim',
    jwt({ outputClaimToHeaders: [{ header: 'x-a' }] }),
    'GW-RA-OUTPUT-CLAIM-EMPTY',
    'spec.jwtRules[0].outputClaimToHeaders[0]',
  ],
  [
    'an output header with a space',
    jwt({ outputClaimToHeaders: [{ header: 'x a', claim: 'sub' }] }),
    'GW-HEADER-NAME-INVALID',
    'spec.jwtRules[0].outputClaimToHeaders[0].header',
  ],
  [
    'a timeout that is not a duration',
    jwt({ timeout: '5 seconds' }),
    'GW-DUR-FORMAT',
    'spec.jwtRules[0].timeout',
  ],
  [
    'selector and targetRef together',
    {
      selector: { matchLabels: { app: 'a' } },
      targetRef: { kind: 'Service', name: 's' },
      ...jwt({}),
    },
    'GW-SEL-AND-TARGETREF',
    'spec',
  ],
  [
    'a targetRef without name',
    { targetRef: { kind: 'Service' }, ...jwt({}) },
    'GW-TARGETREF-NAME-MISSING',
    'spec.targetRef.name',
  ],
  ['jwtRules given as a mapping', { jwtRules: { issuer: 'a' } }, 'GW-SCHEMA-TYPE', 'spec.jwtRules'],
  [
    'forwardOriginalToken given as a string',
    jwt({ forwardOriginalToken: 'yes' }),
    'GW-SCHEMA-TYPE',
    'spec.jwtRules[0].forwardOriginalToken',
  ],
];

describe('RequestAuthentication', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(ra(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(ra(spec), code, path));
  it('warns about private key material in jwks', () => {
    const jwks = JSON.stringify({ keys: [{ ...RSA_PUBLIC, d: 'private-exponent' }] });
    expectFinding(ra(jwt({ jwks })), 'GW-RA-JWKS-PRIVATE-KEY', 'spec.jwtRules[0].jwks');
    expectFinding(
      ra(jwt({ jwks: JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }) })),
      'GW-RA-JWKS-PRIVATE-KEY',
      'spec.jwtRules[0].jwks',
    );
  });
});
