import { z } from 'zod';
import {
  bool,
  duration,
  int32,
  message,
  percent,
  protoEnum,
  str,
  stringMap,
  strings,
  uint32,
} from './common.js';

/** istio.networking.v1alpha3.StringMatch. */
export const stringMatch = message(
  { exact: str, prefix: str, regex: str },
  { oneOf: [['exact', 'prefix', 'regex']] },
);

/** PortSelector. */
export const portSelector = message({ number: uint32 });

/** Destination. */
export const destination = message(
  { host: str, subset: str, port: portSelector },
  { required: ['host'] },
);

const headerOperations = message({ set: stringMap, add: stringMap, remove: strings });

/** Headers: request and response header operations. */
export const headers = message({ request: headerOperations, response: headerOperations });

const httpMatchRequest = message({
  name: str,
  uri: stringMatch,
  scheme: stringMatch,
  method: stringMatch,
  authority: stringMatch,
  headers: z.record(z.string(), stringMatch),
  port: uint32,
  sourceLabels: stringMap,
  gateways: strings,
  queryParams: z.record(z.string(), stringMatch),
  ignoreUriCase: bool,
  withoutHeaders: z.record(z.string(), stringMatch),
  sourceNamespace: str,
  statPrefix: str,
});

const httpRouteDestination = message(
  { destination, weight: int32, headers },
  { required: ['destination'] },
);

const httpRedirect = message(
  {
    uri: str,
    authority: str,
    port: uint32,
    derivePort: protoEnum(['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT']),
    scheme: str,
    redirectCode: uint32,
  },
  { oneOf: [['port', 'derivePort']] },
);

const httpBody = message({ string: str, bytes: str }, { oneOf: [['string', 'bytes']] });
const httpDirectResponse = message({ status: uint32, body: httpBody }, { required: ['status'] });

const regexRewrite = message({ match: str, rewrite: str });
const httpRewrite = message({ uri: str, authority: str, uriRegexRewrite: regexRewrite });

const httpRetry = message({
  attempts: int32,
  perTryTimeout: duration,
  retryOn: str,
  retryRemoteLocalities: bool,
  retryIgnorePreviousHosts: bool,
  backoff: duration,
});

const delay = message(
  { fixedDelay: duration, exponentialDelay: duration, percentage: percent, percent: int32 },
  { oneOf: [['fixedDelay', 'exponentialDelay']] },
);
const abort = message(
  { httpStatus: int32, grpcStatus: str, http2Error: str, percentage: percent },
  { oneOf: [['httpStatus', 'grpcStatus', 'http2Error']] },
);
const httpFaultInjection = message({ delay, abort });

const corsPolicy = message({
  allowOrigin: strings,
  allowOrigins: z.array(stringMatch),
  allowMethods: strings,
  allowHeaders: strings,
  exposeHeaders: strings,
  maxAge: duration,
  allowCredentials: bool,
  unmatchedPreflights: protoEnum(['UNSPECIFIED', 'FORWARD', 'IGNORE']),
});

const httpMirrorPolicy = message(
  { destination, percentage: percent },
  { required: ['destination'] },
);
const delegate = message({ name: str, namespace: str });

const httpRoute = message({
  name: str,
  match: z.array(httpMatchRequest),
  route: z.array(httpRouteDestination),
  redirect: httpRedirect,
  directResponse: httpDirectResponse,
  delegate,
  rewrite: httpRewrite,
  timeout: duration,
  retries: httpRetry,
  fault: httpFaultInjection,
  mirror: destination,
  mirrors: z.array(httpMirrorPolicy),
  mirrorPercent: uint32,
  mirrorPercentage: percent,
  corsPolicy,
  headers,
});

const routeDestination = message({ destination, weight: int32 }, { required: ['destination'] });

const l4Match = message({
  destinationSubnets: strings,
  port: uint32,
  sourceSubnet: str,
  sourceLabels: stringMap,
  gateways: strings,
  sourceNamespace: str,
});

const tlsMatch = message(
  {
    sniHosts: strings,
    destinationSubnets: strings,
    port: uint32,
    sourceLabels: stringMap,
    gateways: strings,
    sourceNamespace: str,
  },
  { required: ['sniHosts'] },
);

const tlsRoute = message(
  { match: z.array(tlsMatch), route: z.array(routeDestination) },
  { required: ['match'] },
);
const tcpRoute = message({ match: z.array(l4Match), route: z.array(routeDestination) });

/** The spec of a VirtualService (networking.istio.io v1alpha3, v1beta1, v1). */
export const virtualServiceSpec = message({
  hosts: strings,
  gateways: strings,
  http: z.array(httpRoute),
  tls: z.array(tlsRoute),
  tcp: z.array(tcpRoute),
  exportTo: strings,
});

/** A VirtualService spec as the validators see it. */
export type VirtualServiceSpec = z.infer<typeof virtualServiceSpec>;
/** One HTTP route. */
export type HttpRoute = z.infer<typeof httpRoute>;
/** One HTTP match request. */
export type HttpMatchRequest = z.infer<typeof httpMatchRequest>;
/** A destination of a route, mirror or egress proxy. */
export type Destination = z.infer<typeof destination>;
/** A weighted destination of a TCP or TLS route. */
export type RouteDestination = z.infer<typeof routeDestination>;
/** A weighted destination of an HTTP route. */
export type HttpRouteDestination = z.infer<typeof httpRouteDestination>;
/** A TLS route. */
export type TlsRoute = z.infer<typeof tlsRoute>;
/** A TCP route. */
export type TcpRoute = z.infer<typeof tcpRoute>;
/** An HTTP fault injection. */
export type HttpFaultInjection = z.infer<typeof httpFaultInjection>;
/** A CORS policy. */
export type CorsPolicy = z.infer<typeof corsPolicy>;

/** The percentage type used by fault injection and mirroring. */
export type Percent = z.infer<typeof percent>;
