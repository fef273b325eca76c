import { isDns1123Label } from '../checks/dns.js';
import { checkHeaderName, isJwtClaimHeader } from '../checks/headers.js';
import { checkLabels } from '../checks/labels.js';
import { checkPort } from '../checks/ports.js';
import type { StringMatch } from '../checks/string-match.js';
import { checkStringMatch, isRegexMatch } from '../checks/string-match.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { HttpMatchRequest } from '../schemas/virtual-service.js';
import { checkGatewayNames } from './destinations.js';

const SINGLE_MATCHES = ['uri', 'scheme', 'method', 'authority'] as const;
const MAP_MATCHES = ['headers', 'queryParams', 'withoutHeaders'] as const;

function checkHeaderKeys(
  map: Readonly<Record<string, StringMatch>> | undefined,
  at: Reporter,
  allowClaims: boolean,
): void {
  for (const name of Object.keys(map ?? {})) {
    if (allowClaims && isJwtClaimHeader(name)) continue;
    at.at(name).reportProblem(checkHeaderName(name));
  }
}

function checkRegexes(match: HttpMatchRequest, at: Reporter): void {
  for (const field of SINGLE_MATCHES) checkStringMatch(match[field], at.at(field));
  for (const field of MAP_MATCHES) {
    for (const [key, value] of Object.entries(match[field] ?? {}))
      checkStringMatch(value, at.at(field, key));
  }
}

function forbidRegexes(match: HttpMatchRequest, at: Reporter): void {
  const forbid = (where: Reporter): void => {
    where.report(
      'GW-VS-DELEGATE-REGEX',
      'regex matches are not supported in delegate or delegating routes',
    );
  };
  for (const field of SINGLE_MATCHES) if (isRegexMatch(match[field])) forbid(at.at(field, 'regex'));
  for (const field of MAP_MATCHES) {
    for (const [key, value] of Object.entries(match[field] ?? {}))
      if (isRegexMatch(value)) forbid(at.at(field, key, 'regex'));
  }
}

/**
 * Checks the match requests of one HTTP route (reporter at the `match` list). Routes of a delegate
 * VirtualService, and routes that delegate, must not use regexes (they are merged by prefix).
 */
export function checkHttpMatches(
  matches: readonly HttpMatchRequest[],
  at: Reporter,
  delegating: boolean,
): void {
  matches.forEach((match, i) => {
    const here = at.at(i);
    if (delegating) forbidRegexes(match, here);
    else checkRegexes(match, here);
    checkHeaderKeys(match.headers, here.at('headers'), true);
    checkHeaderKeys(match.withoutHeaders, here.at('withoutHeaders'), true);
    if (match.port !== undefined) here.at('port').reportProblem(checkPort(match.port));
    checkLabels(match.sourceLabels, here.at('sourceLabels'));
    checkGatewayNames(match.gateways, here.at('gateways'));
    if (match.sourceNamespace !== undefined && !isDns1123Label(match.sourceNamespace)) {
      here
        .at('sourceNamespace')
        .report(
          'GW-VS-SOURCE-NAMESPACE-INVALID',
          `invalid sourceNamespace ${show(match.sourceNamespace)}`,
        );
    }
  });
}

/** The paths of header matches that route on JWT claims (`@request.auth.claims.*`). */
export function jwtClaimMatches(matches: readonly HttpMatchRequest[], at: Reporter): Reporter[] {
  const found: Reporter[] = [];
  matches.forEach((match, i) => {
    for (const field of ['headers', 'withoutHeaders'] as const) {
      for (const key of Object.keys(match[field] ?? {}))
        if (isJwtClaimHeader(key)) found.push(at.at(i, field, key));
    }
  });
  return found;
}
