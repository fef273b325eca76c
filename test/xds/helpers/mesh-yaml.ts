import { stringify } from 'yaml';

/** YAML builders for the interop scenarios: one `echo` service with workloads v1 and v2. */

/** The echo Service (port 7000, selecting app=echo) and its DestinationRule with subsets v1, v2. */
export function echoService(extraPolicy: Record<string, unknown> = {}): string {
  return (
    stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo', namespace: 'default' },
      spec: {
        selector: { app: 'echo' },
        ports: [{ name: 'grpc', port: 7000, targetPort: 'grpc' }],
      },
    }) +
    '---\n' +
    stringify({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'echo', namespace: 'default' },
      spec: {
        host: 'echo',
        ...(Object.keys(extraPolicy).length > 0 ? { trafficPolicy: extraPolicy } : {}),
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    })
  );
}

/** A WorkloadEntry for one echo version listening on a loopback port. */
export function echoWorkload(
  version: string,
  port: number,
  serviceAccount = `echo-${version}`,
): string {
  return stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'WorkloadEntry',
    metadata: { name: `echo-${version}`, namespace: 'default' },
    spec: {
      address: '127.0.0.1',
      ports: { grpc: port },
      labels: { app: 'echo', version },
      serviceAccount,
    },
  });
}

/** A VirtualService for echo with the given HTTP routes. */
export function echoVirtualService(http: unknown[]): string {
  return stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'echo', namespace: 'default' },
    spec: { hosts: ['echo.default.svc.cluster.local'], http },
  });
}

/** A route destination to an echo subset. */
export function toSubset(subset: string, weight?: number): Record<string, unknown> {
  return {
    destination: { host: 'echo', subset, port: { number: 7000 } },
    ...(weight === undefined ? {} : { weight }),
  };
}

/** A route taken when the `x-test` header has this value. */
function testRoute(value: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    name: value,
    match: [{ headers: { 'x-test': { exact: value } } }],
    route: [toSubset('v1')],
    ...extra,
  };
}

/** Fault and timeout routes, selected by the `x-test` header. */
export const FAULT_ROUTES: readonly unknown[] = [
  testRoute('abort', {
    fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 100 } } },
  }),
  testRoute('abort-half', { fault: { abort: { httpStatus: 503, percentage: { value: 50 } } } }),
  testRoute('delay', { fault: { delay: { fixedDelay: '300ms', percentage: { value: 100 } } } }),
  testRoute('timeout', { timeout: '200ms' }),
];

/** The fault routes, a header match to v2, then the weighted split. */
export function splitRoutes(v1: number, v2: number, withHeaderMatch = true): unknown[] {
  const header = {
    name: 'canary',
    match: [{ headers: { 'x-canary': { exact: 'yes' } } }],
    route: [toSubset('v2')],
  };
  return [
    ...FAULT_ROUTES,
    ...(withHeaderMatch ? [header] : []),
    { name: 'split', route: [toSubset('v1', v1), toSubset('v2', v2)] },
  ];
}
