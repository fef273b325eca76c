import { z } from 'zod';
import {
  alphaWorkloadSelector,
  bool,
  double,
  duration,
  int32,
  message,
  protoEnum,
  str,
  stringMap,
  struct,
  targetRef,
  uint32,
  workloadSelector,
} from './common.js';

const applyTo = protoEnum([
  'INVALID',
  'LISTENER',
  'FILTER_CHAIN',
  'NETWORK_FILTER',
  'HTTP_FILTER',
  'ROUTE_CONFIGURATION',
  'VIRTUAL_HOST',
  'HTTP_ROUTE',
  'CLUSTER',
  'EXTENSION_CONFIG',
  'BOOTSTRAP',
  'LISTENER_FILTER',
]);

const filterMatch = message({ name: str, subFilter: message({ name: str }) });
const listenerMatch = message({
  portNumber: uint32,
  portName: str,
  filterChain: message({
    name: str,
    sni: str,
    transportProtocol: str,
    applicationProtocols: str,
    filter: filterMatch,
    destinationPort: uint32,
  }),
  listenerFilter: str,
  name: str,
});
const routeConfigurationMatch = message({
  portNumber: uint32,
  portName: str,
  gateway: str,
  vhost: message({
    name: str,
    domainName: str,
    route: message({
      name: str,
      action: protoEnum(['ANY', 'ROUTE', 'REDIRECT', 'DIRECT_RESPONSE']),
    }),
  }),
  name: str,
});
const clusterMatch = message({ portNumber: uint32, service: str, subset: str, name: str });

const patchMatch = message(
  {
    context: protoEnum(['ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY']),
    proxy: message({ proxyVersion: str, metadata: stringMap }),
    listener: listenerMatch,
    routeConfiguration: routeConfigurationMatch,
    cluster: clusterMatch,
  },
  { oneOf: [['listener', 'routeConfiguration', 'cluster']] },
);

const patch = message({
  operation: protoEnum([
    'INVALID',
    'MERGE',
    'ADD',
    'REMOVE',
    'INSERT_BEFORE',
    'INSERT_AFTER',
    'INSERT_FIRST',
    'REPLACE',
  ]),
  value: struct,
  filterClass: protoEnum(['UNSPECIFIED', 'AUTHN', 'AUTHZ', 'STATS']),
});

/** The spec of an EnvoyFilter. */
export const envoyFilterSpec = message({
  workloadSelector: alphaWorkloadSelector,
  targetRefs: z.array(targetRef),
  configPatches: z.array(message({ applyTo, match: patchMatch, patch })),
  priority: int32,
});

/** The spec of a ProxyConfig. */
export const proxyConfigSpec = message({
  selector: workloadSelector,
  concurrency: int32,
  environmentVariables: stringMap,
  image: message({ imageType: str }),
});

const workloadMode = protoEnum(['CLIENT_AND_SERVER', 'CLIENT', 'SERVER']);
const providerRef = message({ name: str }, { required: ['name'] });
const tagValue = message({ name: str, defaultValue: str }, { required: ['name'] });
const customTag = message(
  {
    literal: message({ value: str }, { required: ['value'] }),
    environment: tagValue,
    header: tagValue,
  },
  { oneOf: [['literal', 'environment', 'header']] },
);
const tracing = message({
  match: message({ mode: workloadMode }),
  providers: z.array(providerRef),
  randomSamplingPercentage: double,
  disableSpanReporting: bool,
  customTags: z.record(z.string(), customTag),
  useRequestIdForTraceSampling: bool,
  enableIstioTags: bool,
});
const metricName = protoEnum([
  'ALL_METRICS',
  'REQUEST_COUNT',
  'REQUEST_DURATION',
  'REQUEST_SIZE',
  'RESPONSE_SIZE',
  'TCP_OPENED_CONNECTIONS',
  'TCP_CLOSED_CONNECTIONS',
  'TCP_SENT_BYTES',
  'TCP_RECEIVED_BYTES',
  'GRPC_REQUEST_MESSAGES',
  'GRPC_RESPONSE_MESSAGES',
]);
const metricsOverrides = message({
  match: message(
    { metric: metricName, customMetric: str, mode: workloadMode },
    { oneOf: [['metric', 'customMetric']] },
  ),
  disabled: bool,
  tagOverrides: z.record(
    z.string(),
    message({ operation: protoEnum(['UPSERT', 'REMOVE']), value: str }),
  ),
});
const metrics = message({
  providers: z.array(providerRef),
  overrides: z.array(metricsOverrides),
  reportingInterval: duration,
});
const accessLogging = message({
  match: message({ mode: workloadMode }),
  providers: z.array(providerRef),
  disabled: bool,
  filter: message({ expression: str }),
});

/** The spec of a Telemetry. */
export const telemetrySpec = message({
  selector: workloadSelector,
  targetRef,
  targetRefs: z.array(targetRef),
  tracing: z.array(tracing),
  metrics: z.array(metrics),
  accessLogging: z.array(accessLogging),
});

/** The spec of a WasmPlugin. */
export const wasmPluginSpec = message(
  {
    selector: workloadSelector,
    targetRef,
    targetRefs: z.array(targetRef),
    url: str,
    sha256: str,
    imagePullPolicy: protoEnum(['UNSPECIFIED_POLICY', 'IfNotPresent', 'Always']),
    imagePullSecret: str,
    pluginConfig: struct,
    pluginName: str,
    phase: protoEnum(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']),
    priority: int32,
    failStrategy: protoEnum(['FAIL_CLOSE', 'FAIL_OPEN', 'FAIL_RELOAD']),
    vmConfig: message({
      env: z.array(
        message(
          { name: str, value: str, valueFrom: protoEnum(['INLINE', 'HOST']) },
          { required: ['name'] },
        ),
      ),
    }),
    match: z.array(
      message({
        mode: protoEnum(['UNDEFINED', 'CLIENT', 'SERVER', 'CLIENT_AND_SERVER']),
        ports: z.array(message({ number: uint32 })),
      }),
    ),
    type: protoEnum(['UNSPECIFIED_PLUGIN_TYPE', 'HTTP', 'NETWORK']),
  },
  { required: ['url'] },
);

/** An EnvoyFilter spec as the validators see it. */
export type EnvoyFilterSpec = z.infer<typeof envoyFilterSpec>;
/** One EnvoyFilter config patch. */
export type ConfigPatch = NonNullable<EnvoyFilterSpec['configPatches']>[number];
/** A ProxyConfig spec as the validators see it. */
export type ProxyConfigSpec = z.infer<typeof proxyConfigSpec>;
/** A Telemetry spec as the validators see it. */
export type TelemetrySpec = z.infer<typeof telemetrySpec>;
/** A WasmPlugin spec as the validators see it. */
export type WasmPluginSpec = z.infer<typeof wasmPluginSpec>;
