import { RE2JS } from 're2js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { ConfigPatch } from '../schemas/extensions.js';

const HCM = 'envoy.filters.network.http_connection_manager';
/** Deprecated Envoy filter names and their replacements. */
export const DEPRECATED_FILTER_NAMES: Readonly<Record<string, string>> = {
  'envoy.http_connection_manager': HCM,
  'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
  'envoy.router': 'envoy.filters.http.router',
  'envoy.cors': 'envoy.filters.http.cors',
  'envoy.fault': 'envoy.filters.http.fault',
  'envoy.lua': 'envoy.filters.http.lua',
  'envoy.gzip': 'envoy.filters.http.gzip',
  'envoy.buffer': 'envoy.filters.http.buffer',
  'envoy.csrf': 'envoy.filters.http.csrf',
  'envoy.grpc_web': 'envoy.filters.http.grpc_web',
  'envoy.health_check': 'envoy.filters.http.health_check',
  'envoy.rate_limit': 'envoy.filters.http.ratelimit',
  'envoy.ext_authz': 'envoy.filters.http.ext_authz',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
};

const LISTENER_CLASS = new Set(['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER']);
const ROUTE_CLASS = new Set(['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE']);

function checkFilterName(name: string, at: Reporter): void {
  const replacement = DEPRECATED_FILTER_NAMES[name];
  if (replacement !== undefined) {
    at.report(
      'GW-EF-DEPRECATED-FILTER-NAME',
      `using deprecated filter name ${show(name)}; use ${show(replacement)}`,
    );
  }
}

function checkListenerMatch(patch: ConfigPatch, at: Reporter): void {
  const filter = patch.match?.listener?.filterChain?.filter;
  if (!filter) return;
  const here = at.at('match', 'listener', 'filterChain', 'filter');
  if (patch.applyTo === 'LISTENER' || patch.applyTo === 'FILTER_CHAIN') {
    here.report(
      'GW-EF-FILTER-MATCH-NO-EFFECT',
      `a filter match has no effect with applyTo ${patch.applyTo ?? ''}`,
    );
  }
  if ((filter.name ?? '') === '') {
    here.at('name').report('GW-EF-FILTER-NAME-MISSING', 'filter match has no name to match on');
    return;
  }
  checkFilterName(filter.name ?? '', here.at('name'));
  if (!filter.subFilter) return;
  if (patch.applyTo !== 'HTTP_FILTER')
    here
      .at('subFilter')
      .report(
        'GW-EF-SUBFILTER-APPLY-TO',
        'a subFilter match can be used with applyTo HTTP_FILTER only',
      );
  else if (filter.name !== HCM && filter.name !== 'envoy.http_connection_manager') {
    here
      .at('subFilter')
      .report('GW-EF-SUBFILTER-HCM', `a subFilter match requires the filter match ${show(HCM)}`);
  } else if ((filter.subFilter.name ?? '') === '') {
    here
      .at('subFilter', 'name')
      .report('GW-EF-FILTER-NAME-MISSING', 'subFilter match has no name to match on');
  } else checkFilterName(filter.subFilter.name ?? '', here.at('subFilter', 'name'));
}

function checkMatchKind(patch: ConfigPatch, at: Reporter): void {
  const match = patch.match;
  const kind = match?.listener
    ? 'listener'
    : match?.routeConfiguration
      ? 'routeConfiguration'
      : match?.cluster
        ? 'cluster'
        : undefined;
  if (kind === undefined) return;
  const applyTo = patch.applyTo ?? 'INVALID';
  const expected = LISTENER_CLASS.has(applyTo)
    ? 'listener'
    : ROUTE_CLASS.has(applyTo)
      ? 'routeConfiguration'
      : applyTo === 'CLUSTER'
        ? 'cluster'
        : kind;
  if (expected !== kind)
    at.at('match', kind).report(
      'GW-EF-MATCH-MISMATCH',
      `applyTo ${applyTo} needs a ${expected} match, not ${kind}`,
    );
  else if (kind === 'listener') checkListenerMatch(patch, at);
}

function findV2Types(
  value: unknown,
  path: Array<string | number>,
  found: Array<{ path: Array<string | number>; type: string }>,
): void {
  if (Array.isArray(value)) value.forEach((v, i) => findV2Types(v, [...path, i], found));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (
        (k === '@type' || k === 'type_url' || k === 'typeUrl') &&
        typeof v === 'string' &&
        /\.v2(?:alpha\d*)?\./.test(v)
      )
        found.push({ path: [...path, k], type: v });
      else findV2Types(v, [...path, k], found);
    }
  }
}

/** Checks one config patch (reporter at `spec.configPatches[i]`). */
export function checkConfigPatch(patch: ConfigPatch, at: Reporter): void {
  if ((patch.applyTo ?? 'INVALID') === 'INVALID')
    return void at.at('applyTo').report('GW-EF-APPLY-TO-MISSING', 'applyTo is required');
  if (!patch.patch) return void at.at('patch').report('GW-EF-PATCH-MISSING', 'patch is required');
  const operation = patch.patch.operation ?? 'INVALID';
  if (operation === 'INVALID')
    return void at
      .at('patch', 'operation')
      .report('GW-EF-OPERATION-MISSING', 'patch operation is required');
  if (operation !== 'REMOVE' && patch.patch.value === undefined) {
    return void at
      .at('patch', 'value')
      .report('GW-EF-VALUE-MISSING', `patch value is required for operation ${operation}`);
  }
  const version = patch.match?.proxy?.proxyVersion ?? '';
  if (version !== '') {
    try {
      RE2JS.compile(version);
    } catch (error) {
      at.at('match', 'proxy', 'proxyVersion').report(
        'GW-EF-PROXY-VERSION-REGEX',
        `invalid regex for proxy version: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  checkMatchKind(patch, at);
  const found: Array<{ path: Array<string | number>; type: string }> = [];
  findV2Types(patch.patch.value, [], found);
  for (const f of found)
    at.at('patch', 'value', ...f.path).report(
      'GW-EF-V2-TYPE',
      `referenced type ${show(f.type)} is unknown (hint: use the v3 xDS API)`,
    );
}
