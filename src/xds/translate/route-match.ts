import type { HttpMatch, StringMatch } from '../model/istio-networking.js';
import { compact } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import type { Flavor } from './traffic-policy.js';
import { labelsMatch, type ProxyInfo } from './types.js';

/** An Envoy StringMatcher from an Istio StringMatch, or undefined when it sets nothing. */
export function stringMatcher(match: StringMatch, ignoreCase = false): ProtoObject | undefined {
  const base = ignoreCase ? { ignore_case: true } : {};
  if (match.exact !== undefined) return { exact: match.exact, ...base };
  if (match.prefix !== undefined) return { prefix: match.prefix, ...base };
  if (match.regex !== undefined) return { safe_regex: { regex: match.regex } };
  return undefined;
}

function headerMatcher(name: string, match: StringMatch, invert: boolean): ProtoObject {
  const matcher = stringMatcher(match);
  return compact({
    name: name.toLowerCase(),
    string_match: matcher,
    present_match: matcher ? undefined : true,
    invert_match: invert || undefined,
  });
}

/** Whether a match applies to this proxy and port: source labels, namespace, gateways, port. */
export function matchApplies(match: HttpMatch, proxy: ProxyInfo, port: number): boolean {
  if (match.port !== undefined && match.port !== port) return false;
  if (match.sourceLabels && !labelsMatch(match.sourceLabels, proxy.labels)) return false;
  if (match.sourceNamespace !== undefined && match.sourceNamespace !== proxy.namespace)
    return false;
  const gateways = match.gateways ?? [];
  return gateways.length === 0 || gateways.includes('mesh');
}

/** Why a match cannot be expressed for this flavor, or undefined when it can. */
export function unsupportedMatch(match: HttpMatch, flavor: Flavor): string | undefined {
  if (flavor === 'grpc' && match.queryParams && Object.keys(match.queryParams).length > 0)
    return 'query parameter matches are not supported by proxyless gRPC';
  return undefined;
}

/** An Envoy RouteMatch from one Istio HTTPMatchRequest (undefined: match everything). */
export function routeMatch(match: HttpMatch | undefined): ProtoObject {
  if (!match) return { prefix: '/' };
  const uri = match.uri ?? {};
  const path: ProtoObject =
    uri.exact !== undefined
      ? { path: uri.exact }
      : uri.regex !== undefined
        ? { safe_regex: { regex: uri.regex } }
        : { prefix: uri.prefix ?? '/' };
  const headers = [
    ...Object.entries(match.headers ?? {}).map(([name, m]) => headerMatcher(name, m, false)),
    ...Object.entries(match.withoutHeaders ?? {}).map(([name, m]) => headerMatcher(name, m, true)),
    ...(match.authority ? [headerMatcher(':authority', match.authority, false)] : []),
    ...(match.method ? [headerMatcher(':method', match.method, false)] : []),
  ];
  const query = Object.entries(match.queryParams ?? {}).map(([name, m]) =>
    compact({
      name,
      string_match: stringMatcher(m),
      present_match: stringMatcher(m) ? undefined : true,
    }),
  );
  return compact({
    ...path,
    case_sensitive: match.ignoreUriCase ? { value: false } : undefined,
    headers: headers.length > 0 ? headers : undefined,
    query_parameters: query.length > 0 ? query : undefined,
  });
}
