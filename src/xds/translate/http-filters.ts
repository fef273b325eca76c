import { ADS_CONFIG_SOURCE, anyOf, compact } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import { FAULT_FILTER_NAME } from './route-action.js';

/** The router filter: always last in an HTTP connection manager. */
export const ROUTER_FILTER: ProtoObject = {
  name: 'envoy.filters.http.router',
  typed_config: anyOf(EMBEDDED_TYPE_URLS.router),
};

/** The fault filter with no default fault: routes switch it on through per-route config. */
export const FAULT_FILTER: ProtoObject = {
  name: FAULT_FILTER_NAME,
  typed_config: anyOf(EMBEDDED_TYPE_URLS.fault),
};

/** Options of {@link httpConnectionManager}. */
export interface HcmOptions {
  readonly statPrefix: string;
  /** RDS name, or an inline route configuration. */
  readonly rds?: string;
  readonly routeConfig?: ProtoObject;
  /** Filters before the router. */
  readonly filters?: readonly ProtoObject[];
}

/** An HttpConnectionManager as an `Any`, with the router last. */
export function httpConnectionManager(options: HcmOptions): ProtoObject {
  return anyOf(
    EMBEDDED_TYPE_URLS.httpConnectionManager,
    compact({
      stat_prefix: options.statPrefix,
      rds: options.rds
        ? { config_source: ADS_CONFIG_SOURCE, route_config_name: options.rds }
        : undefined,
      route_config: options.routeConfig,
      http_filters: [...(options.filters ?? []), ROUTER_FILTER],
    }),
  );
}

/** The HCM as a network filter of a filter chain. */
export function hcmNetworkFilter(options: HcmOptions): ProtoObject {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: httpConnectionManager(options),
  };
}
