import { checkDuration } from '../checks/durations.js';
import { checkHeaderName } from '../checks/headers.js';
import { checkPolicySelection } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import type { KindContext } from '../kind.js';
import { SECURITY_VERSIONS, defineKind } from '../kind.js';
import { checkJwks, checkJwksUri } from '../rules/jwks.js';
import type { JwtRule, RequestAuthenticationSpec } from '../schemas/security.js';
import { requestAuthenticationSpec } from '../schemas/security.js';

function checkLocations(rule: JwtRule, at: Reporter): void {
  (rule.fromHeaders ?? []).forEach((h, i) => {
    if ((h.name ?? '') === '')
      at.at('fromHeaders', i, 'name').report(
        'GW-RA-LOCATION-EMPTY',
        'location header name must be non-empty',
      );
  });
  for (const field of ['fromParams', 'fromCookies'] as const) {
    (rule[field] ?? []).forEach((v, i) => {
      if (v === '')
        at.at(field, i).report('GW-RA-LOCATION-EMPTY', `${field} entries must be non-empty`);
    });
  }
  (rule.outputClaimToHeaders ?? []).forEach((o, i) => {
    if ((o.header ?? '') === '' || (o.claim ?? '') === '') {
      at.at('outputClaimToHeaders', i).report(
        'GW-RA-OUTPUT-CLAIM-EMPTY',
        'outputClaimToHeaders header and claim must be non-empty',
      );
    } else
      at.at('outputClaimToHeaders', i, 'header').reportProblem(checkHeaderName(o.header ?? ''));
  });
}

function checkJwtRule(rule: JwtRule, at: Reporter): void {
  if ((rule.issuer ?? '') === '' && (rule.jwksUri ?? '') === '') {
    at.report('GW-RA-ISSUER-OR-JWKS-URI-REQUIRED', 'a JWT rule needs an issuer or a jwksUri');
  }
  (rule.audiences ?? []).forEach((a, i) => {
    if (a === '')
      at.at('audiences', i).report('GW-RA-AUDIENCE-EMPTY', 'audience must be a non-empty string');
  });
  if ((rule.jwksUri ?? '') !== '') checkJwksUri(rule.jwksUri ?? '', at.at('jwksUri'));
  if ((rule.jwks ?? '') !== '') checkJwks(rule.jwks ?? '', at.at('jwks'));
  checkLocations(rule, at);
  if (rule.timeout !== undefined) at.at('timeout').reportProblem(checkDuration(rule.timeout));
}

function validateRequestAuthentication(
  spec: RequestAuthenticationSpec,
  context: KindContext,
): void {
  checkPolicySelection(spec, context.spec);
  (spec.jwtRules ?? []).forEach((rule, i) => checkJwtRule(rule, context.spec.at('jwtRules', i)));
}

/** RequestAuthentication: which JWTs a workload accepts (security.istio.io). */
export const requestAuthenticationKind = defineKind({
  group: 'security.istio.io',
  kind: 'RequestAuthentication',
  plural: 'requestauthentications',
  singular: 'requestauthentication',
  shortNames: ['ra'],
  versions: SECURITY_VERSIONS,
  storageVersion: 'v1beta1',
  spec: requestAuthenticationSpec,
  validate: validateRequestAuthentication,
});
