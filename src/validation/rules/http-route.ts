import { checkDuration } from '../checks/durations.js';
import { checkHeaderOperations } from '../checks/headers.js';
import type { Reporter } from '../findings.js';
import type { HttpRoute } from '../schemas/virtual-service.js';
import { checkHttpRouteDestinations } from './destinations.js';
import {
  checkAuthorityRewrite,
  checkDirectResponse,
  checkRedirect,
  checkRetries,
  checkRewrite,
} from './http-actions.js';
import { checkHttpMatches } from './http-match.js';
import { checkCors, checkFault, checkMirrors } from './http-policies.js';

function hasRoute(route: HttpRoute): boolean {
  return (route.route ?? []).length > 0;
}

function checkDelegation(route: HttpRoute, at: Reporter, inDelegate: boolean): void {
  if (route.delegate === undefined) return;
  if (inDelegate) {
    at.at('delegate').report(
      'GW-VS-DELEGATE-NESTED',
      'a route of a delegate VirtualService cannot delegate again',
    );
    return;
  }
  if ((route.delegate.name ?? '') === '')
    at.at('delegate', 'name').report('GW-VS-DELEGATE-NAME-MISSING', 'delegate name is required');
  if (hasRoute(route) || route.redirect !== undefined || route.directResponse !== undefined) {
    at.report(
      'GW-VS-DELEGATE-WITH-ROUTE',
      'a delegating HTTP route must not specify route, redirect or directResponse',
    );
  }
}

function checkActions(route: HttpRoute, at: Reporter): void {
  if (route.redirect !== undefined) {
    if (hasRoute(route))
      at.report('GW-VS-REDIRECT-WITH-ROUTE', 'HTTP route cannot contain both route and redirect');
    if (route.fault !== undefined)
      at.report('GW-VS-REDIRECT-WITH-FAULT', 'HTTP route cannot contain both fault and redirect');
    if (route.rewrite !== undefined)
      at.report(
        'GW-VS-REDIRECT-WITH-REWRITE',
        'HTTP route cannot contain both rewrite and redirect',
      );
  }
  if (route.directResponse !== undefined && (hasRoute(route) || route.redirect !== undefined)) {
    at.report(
      'GW-VS-DIRECT-RESPONSE-CONFLICT',
      'directResponse cannot be combined with route or redirect',
    );
  }
  const acts =
    hasRoute(route) ||
    route.redirect !== undefined ||
    route.directResponse !== undefined ||
    route.delegate !== undefined;
  if (!acts)
    at.report(
      'GW-VS-HTTP-NO-ACTION',
      'HTTP route needs one of route, redirect, directResponse or delegate',
    );
}

function checkParts(route: HttpRoute, at: Reporter): void {
  checkHeaderOperations(route.headers?.request, at.at('headers', 'request'), true);
  checkHeaderOperations(route.headers?.response, at.at('headers', 'response'), false);
  if (route.corsPolicy) checkCors(route.corsPolicy, at.at('corsPolicy'));
  if (route.fault) checkFault(route.fault, at.at('fault'));
  checkMirrors(route, at);
  if (route.redirect) checkRedirect(route.redirect, at.at('redirect'));
  if (route.directResponse) checkDirectResponse(route.directResponse, at.at('directResponse'));
  if (route.retries) checkRetries(route.retries, at.at('retries'));
  if (route.rewrite) checkRewrite(route.rewrite, at.at('rewrite'));
  checkAuthorityRewrite(route, at);
  checkHttpRouteDestinations(route.route ?? [], at.at('route'));
  if (route.timeout !== undefined) at.at('timeout').reportProblem(checkDuration(route.timeout));
}

/**
 * Checks one HTTP route of a VirtualService (reporter at `spec.http[i]`). `inDelegate` is true for
 * the routes of a delegate VirtualService (one without hosts).
 */
export function checkHttpRoute(route: HttpRoute, at: Reporter, inDelegate: boolean): void {
  checkDelegation(route, at, inDelegate);
  checkActions(route, at);
  checkHttpMatches(route.match ?? [], at.at('match'), inDelegate || route.delegate !== undefined);
  checkParts(route, at);
}
