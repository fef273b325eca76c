import type { HttpRoute } from '../model/istio-networking.js';
import { compact, fractionalPercent, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { clusterName } from '../resources/names.js';
import { resolveHost } from './mesh-index.js';
import type { ClusterContext } from './clusters.js';
import { matchApplies, routeMatch, unsupportedMatch } from './route-match.js';
import {
  FAULT_FILTER_NAME,
  faultConfig,
  redirectAction,
  retryPolicy,
  rewriteFields,
  timeoutFields,
} from './route-action.js';
import { effectivePolicy, hashPolicies } from './traffic-policy.js';
import type { MeshService, MeshServicePort } from './types.js';

/** The routes of one service port, and whether any injects faults (the listener then needs the filter). */
export interface ServiceRoutes {
  readonly routes: ProtoObject[];
  readonly usesFault: boolean;
}

type Destination = NonNullable<HttpRoute['route']>[number];

/** One VirtualService route being translated for one service port. */
interface RouteScope {
  readonly ctx: ClusterContext;
  readonly service: MeshService;
  readonly port: MeshServicePort;
  /** The VirtualService's namespace, where its short host names resolve. */
  readonly namespace: string;
  /** Records why part of the route was skipped. */
  readonly note: (message: string) => void;
}

/**
 * Routes for one service port from its VirtualServices (in precedence order), or the default route
 * to the service's own cluster when none applies. Routes a flavor cannot express are skipped with a
 * note, never half-translated; destinations that do not resolve are dropped the same way.
 */
export function buildRoutes(
  service: MeshService,
  port: MeshServicePort,
  ctx: ClusterContext,
): ServiceRoutes {
  const virtualServices = ctx.scope.virtualServicesFor(service);
  if (virtualServices.length === 0)
    return { routes: [defaultRoute(service, port, ctx)], usesFault: false };
  const routes: ProtoObject[] = [];
  for (const vs of virtualServices) {
    const namespace = vs.metadata.namespace ?? 'default';
    for (const [i, route] of (vs.spec.http ?? []).entries()) {
      const name = route.name ?? `${namespace}/${vs.metadata.name}[${i}]`;
      const object = `VirtualService ${namespace}/${vs.metadata.name}`;
      const note = (message: string): void =>
        void ctx.notes.push({ object, message: `route ${name}: ${message}` });
      routes.push(...buildRoute(route, name, { ctx, service, port, namespace, note }));
    }
  }
  return { routes, usesFault: routes.some((r) => r['typed_per_filter_config'] !== undefined) };
}

function defaultRoute(
  service: MeshService,
  port: MeshServicePort,
  ctx: ClusterContext,
): ProtoObject {
  const cluster = clusterName({
    direction: 'outbound',
    port: port.port,
    subset: '',
    host: service.hostname,
  });
  const policy = effectivePolicy(ctx.scope.destinationRuleFor(service), port.port, '');
  const hash = hashPolicies(policy, ctx.flavor);
  const retry = retryPolicy({}, ctx.flavor);
  return {
    name: 'default',
    match: { prefix: '/' },
    route: compact({
      cluster,
      hash_policy: hash.length > 0 ? hash : undefined,
      retry_policy: retry,
    }),
  };
}

function buildRoute(route: HttpRoute, name: string, scope: RouteScope): ProtoObject[] {
  const { ctx, port } = scope;
  const matches = (route.match ?? []).filter((m) => matchApplies(m, ctx.scope.proxy, port.port));
  if ((route.match ?? []).length > 0 && matches.length === 0) return [];
  const supported = matches.filter((m) => {
    const why = unsupportedMatch(m, ctx.flavor);
    if (why) scope.note(why);
    return !why;
  });
  if (matches.length > 0 && supported.length === 0) return [];
  const action = routeAction(route, scope);
  if (!action) return [];
  const fault = faultConfig(route);
  return (supported.length > 0 ? supported : [undefined]).map((match) =>
    compact({
      name,
      match: routeMatch(match),
      ...action,
      typed_per_filter_config: fault ? { [FAULT_FILTER_NAME]: fault } : undefined,
    }),
  );
}

function routeAction(route: HttpRoute, scope: RouteScope): ProtoObject | undefined {
  const { ctx } = scope;
  if (route.redirect) {
    if (ctx.flavor === 'envoy') return { redirect: redirectAction(route) };
    scope.note('redirects are not supported by proxyless gRPC');
    return undefined;
  }
  if (ctx.flavor === 'grpc' && (route.rewrite || route.mirror))
    scope.note('rewrites and mirroring are not supported by proxyless gRPC; ignored');
  const resolved = (route.route ?? [])
    .map((d) => ({ d, cluster: destinationCluster(d, scope) }))
    .filter((x): x is { d: Destination; cluster: string } => x.cluster !== undefined);
  if (resolved.length === 0) {
    scope.note('no destination resolves to a known cluster; route skipped');
    return undefined;
  }
  const hash = hashPolicies(firstDestinationPolicy(resolved[0]!.d, scope), ctx.flavor);
  const target =
    resolved.length === 1
      ? { cluster: resolved[0]!.cluster }
      : {
          weighted_clusters: {
            clusters: resolved.map((x) => ({ name: x.cluster, weight: wrap(x.d.weight ?? 0) })),
          },
        };
  return {
    route: compact({
      ...target,
      ...timeoutFields(route, ctx.flavor),
      retry_policy: retryPolicy(route, ctx.flavor),
      hash_policy: hash.length > 0 ? hash : undefined,
      ...(ctx.flavor === 'envoy' ? envoyOnly(route, scope) : {}),
    }),
  };
}

/** The traffic policy of the first destination: its consistent hash decides the route's hash policy. */
function firstDestinationPolicy(
  d: Destination,
  scope: RouteScope,
): ReturnType<typeof effectivePolicy> {
  const { ctx } = scope;
  const target = ctx.index.byHost.get(
    resolveHost(d.destination.host, scope.namespace, ctx.index.options.domainSuffix),
  );
  if (!target) return {};
  return effectivePolicy(
    ctx.scope.destinationRuleFor(target),
    scope.port.port,
    d.destination.subset ?? '',
  );
}

function envoyOnly(route: HttpRoute, scope: RouteScope): ProtoObject {
  const mirror = route.mirror
    ? destinationCluster({ destination: route.mirror }, scope)
    : undefined;
  const fraction = { default_value: fractionalPercent(route.mirrorPercentage?.value ?? 100) };
  return compact({
    ...rewriteFields(route),
    request_mirror_policies: mirror ? [{ cluster: mirror, runtime_fraction: fraction }] : undefined,
  });
}

/** The cluster a destination names, if the proxy can see it. */
function destinationCluster(d: Destination, scope: RouteScope): string | undefined {
  const { ctx, service, port } = scope;
  const host = resolveHost(d.destination.host, scope.namespace, ctx.index.options.domainSuffix);
  const target = ctx.index.byHost.get(host);
  const skip = (message: string): undefined => void scope.note(message);
  if (!target || !ctx.scope.sees(host))
    return skip(`destination ${host} is not a service this proxy sees`);
  const number =
    d.destination.port?.number ??
    (target === service
      ? port.port
      : target.ports.length === 1
        ? target.ports[0]!.port
        : port.port);
  if (!target.ports.some((p) => p.port === number))
    return skip(`destination ${host} has no port ${number}`);
  const subset = d.destination.subset ?? '';
  const rule = ctx.scope.destinationRuleFor(target);
  if (subset !== '' && !(rule?.spec.subsets ?? []).some((s) => s.name === subset))
    return skip(`destination ${host} has no subset ${subset}`);
  return clusterName({ direction: 'outbound', port: number, subset, host });
}
