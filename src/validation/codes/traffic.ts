import { error, warning } from './define.js';

/** VirtualService codes. */
export const virtualServiceCodes = {
  'GW-VS-NO-ROUTES': error('none of http, tcp or tls is given'),
  'GW-VS-HOST-WILDCARD-MESH': error(
    'the host `*` is used by a VirtualService bound to the mesh (sidecars)',
  ),
  'GW-VS-HOST-DUPLICATE': error('two hosts overlap (literally or through a wildcard)'),
  'GW-VS-DELEGATE-GATEWAYS': error('a delegate VirtualService (no hosts) names gateways'),
  'GW-VS-DELEGATE-TLS': error('a delegate VirtualService has tls routes'),
  'GW-VS-DELEGATE-TCP': error('a delegate VirtualService has tcp routes'),
  'GW-VS-DELEGATE-NESTED': error('a route of a delegate VirtualService delegates again'),
  'GW-VS-DELEGATE-NAME-MISSING': error('a delegate reference has no name'),
  'GW-VS-DELEGATE-WITH-ROUTE': error('a delegating route also has route or redirect'),
  'GW-VS-DELEGATE-REGEX': error('a delegate or delegating route matches with a regex'),
  'GW-VS-GATEWAY-REF-INVALID': error(
    'a gateway reference is not `mesh`, `name` or `namespace/name`',
  ),
  'GW-VS-GATEWAY-REF-LEGACY': warning('a gateway reference uses the legacy `name.namespace` form'),
  'GW-VS-JWT-CLAIM-NO-GATEWAY': error(
    'JWT claim based routing is used by a VirtualService not bound to a gateway',
  ),
  'GW-VS-HTTP-NO-ACTION': error(
    'an HTTP route has none of route, redirect, directResponse, delegate',
  ),
  'GW-VS-REDIRECT-WITH-ROUTE': error('an HTTP route has both route and redirect'),
  'GW-VS-REDIRECT-WITH-FAULT': error('an HTTP route has both fault and redirect'),
  'GW-VS-REDIRECT-WITH-REWRITE': error('an HTTP route has both rewrite and redirect'),
  'GW-VS-DIRECT-RESPONSE-CONFLICT': error(
    'an HTTP route has directResponse together with route or redirect',
  ),
  'GW-VS-DESTINATION-REQUIRED': error('a route entry has no destination'),
  'GW-VS-DESTINATION-HOST-REQUIRED': error('a destination has no host'),
  'GW-VS-DESTINATION-HOST-WILDCARD': error('a destination host is `*`'),
  'GW-VS-WEIGHT-NEGATIVE': error('a route weight is negative'),
  'GW-VS-WEIGHT-TOTAL-ZERO': error('several destinations whose weights add up to 0'),
  'GW-VS-SOURCE-NAMESPACE-INVALID': error('sourceNamespace is not a DNS-1123 label'),
  'GW-VS-RETRY-ATTEMPTS-NEGATIVE': error('retries.attempts is negative'),
  'GW-VS-RETRY-DISABLED-WITH-POLICY': error(
    'retry settings are given while attempts is 0 (retries disabled)',
  ),
  'GW-VS-RETRY-ON-INVALID': error(
    'a retryOn entry is neither an Envoy retry policy nor an HTTP status code',
  ),
  'GW-VS-FAULT-EMPTY': error('a fault has neither abort nor delay'),
  'GW-VS-FAULT-PERCENT-RANGE': error('a fault percentage is neither 0 nor within 0.0001..100'),
  'GW-VS-FAULT-ABORT-STATUS': error('an abort httpStatus is outside 200..599'),
  'GW-VS-FAULT-ABORT-GRPC-STATUS': error('an abort grpcStatus is not a gRPC status name'),
  'GW-VS-FAULT-ABORT-HTTP2': error('http2Error aborts are not supported'),
  'GW-VS-FAULT-ABORT-NO-TYPE': warning('an abort sets no error type'),
  'GW-VS-FAULT-DELAY-EXPONENTIAL': error('exponentialDelay is not supported'),
  'GW-VS-FAULT-DELAY-NO-TYPE': warning('a delay sets neither fixedDelay nor exponentialDelay'),
  'GW-VS-MIRROR-PERCENT-RANGE': error('a mirror percentage is outside 0..100'),
  'GW-VS-MIRROR-PERCENT-DEPRECATED': warning('mirrorPercent is deprecated; use mirrorPercentage'),
  'GW-VS-MIRROR-AND-MIRRORS': error('mirror and mirrors are both set'),
  'GW-VS-MIRROR-DESTINATION-REQUIRED': error('a mirrors entry has no destination'),
  'GW-VS-CORS-ORIGIN-EMPTY': error('a CORS allowOrigins entry matches nothing'),
  'GW-VS-CORS-METHOD-INVALID': error('a CORS allowMethods entry is not an HTTP method'),
  'GW-VS-CORS-MAX-AGE-PRECISION': error('CORS maxAge is not a whole number of seconds'),
  'GW-VS-CORS-ALLOW-ORIGIN-DEPRECATED': warning('allowOrigin is deprecated; use allowOrigins'),
  'GW-VS-REDIRECT-EMPTY': error('a redirect changes none of uri, authority, scheme, port'),
  'GW-VS-REDIRECT-CODE': error('a redirectCode is not a 3xx status'),
  'GW-VS-REDIRECT-SCHEME': error('a redirect scheme is neither http nor https'),
  'GW-VS-DIRECT-RESPONSE-STATUS': error('a directResponse status is outside 200..599'),
  'GW-VS-DIRECT-RESPONSE-BODY-LARGE': warning('a directResponse body is larger than 100KB'),
  'GW-VS-DIRECT-RESPONSE-BODY-TOO-LARGE': error('a directResponse body is larger than 1MB'),
  'GW-VS-DIRECT-RESPONSE-BYTES-INVALID': error('a directResponse body.bytes value is not base64'),
  'GW-VS-REWRITE-EMPTY': error('a rewrite changes none of uri, uriRegexRewrite, authority'),
  'GW-VS-REWRITE-URI-CONFLICT': error('a rewrite has both uri and uriRegexRewrite'),
  'GW-VS-REWRITE-REGEX-INCOMPLETE': error('uriRegexRewrite needs both match and rewrite'),
  'GW-VS-TLS-MATCH-REQUIRED': error('a TLS route has no match'),
  'GW-VS-TLS-SNI-REQUIRED': error('a TLS match has no sniHosts'),
  'GW-VS-TLS-SNI-NOT-IN-HOSTS': error(
    'an SNI host is not covered by any host of the VirtualService',
  ),
  'GW-VS-TLS-SNI-IP': warning('an SNI host is an IP address, which most clients never send'),
  'GW-VS-TLS-ROUTE-REQUIRED': error('a TLS route has no route'),
  'GW-VS-TCP-ROUTE-REQUIRED': error('a TCP route has no route'),
  'GW-VS-RULE-UNREACHABLE': warning(
    'a rule can never match because earlier rules catch all its traffic',
  ),
  'GW-VS-MATCH-INEFFECTIVE': warning('a match duplicates the match of an earlier rule'),
} as const;

/** DestinationRule and traffic policy codes. */
export const destinationRuleCodes = {
  'GW-DR-SUBSET-DUPLICATE': error('two subsets have the same name'),
  'GW-DR-EXPORTTO-WITH-SELECTOR': error(
    'a DestinationRule with workloadSelector is exported beyond its namespace',
  ),
  'GW-TP-EMPTY': error('a traffic policy sets no field'),
  'GW-TP-TUNNEL-AND-PROXY-PROTOCOL': error('tunnel and proxyProtocol are both set'),
  'GW-TP-TUNNEL-PROTOCOL': error('tunnel.protocol is neither CONNECT nor POST'),
  'GW-TP-TUNNEL-TARGET-HOST': error('tunnel.targetHost is neither a FQDN nor an IP address'),
  'GW-TP-PORT-REQUIRED': error('a portLevelSettings entry has no port'),
  'GW-TP-PORT-EMPTY': error('a portLevelSettings entry sets no policy'),
  'GW-TP-PORT-DUPLICATE': warning(
    'two portLevelSettings entries name the same port; the first wins',
  ),
  'GW-TP-POOL-EMPTY': error('a connection pool sets neither tcp nor http'),
  'GW-TP-POOL-NEGATIVE': error('a connection pool limit is negative'),
  'GW-TP-POOL-CLIENT-PROTOCOL': error('useClientProtocol is set while h2UpgradePolicy is UPGRADE'),
  'GW-TP-OUTLIER-CONSECUTIVE-ERRORS': warning(
    'consecutiveErrors is deprecated; use consecutive5xxErrors/GatewayErrors',
  ),
  'GW-TP-OUTLIER-LOCAL-ORIGIN': error(
    'consecutiveLocalOriginFailures is set without splitExternalLocalOriginErrors',
  ),
  'GW-TP-LB-COOKIE-NAME': error('a consistent-hash httpCookie has no name'),
  'GW-TP-LB-MIN-RING-SIZE-DEPRECATED': warning(
    'consistentHash.minimumRingSize is deprecated; use ringHash',
  ),
  'GW-TP-LB-RING-SIZE-CONFLICT': error('minimumRingSize is set together with ringHash or maglev'),
  'GW-TP-LB-MAGLEV-TABLE-SIZE': error('maglev.tableSize is unset, too large, or not prime'),
  'GW-TP-LOCALITY-DISTRIBUTE-AND-FAILOVER': error('locality distribute and failover are both set'),
  'GW-TP-LOCALITY-FAILOVER-PRIORITY': error(
    'failover is set together with a topology label in failoverPriority',
  ),
  'GW-TP-LOCALITY-WEIGHT': error(
    'a locality weight is outside 1..100 or the weights do not add up to 100',
  ),
  'GW-TP-LOCALITY-INVALID': error('a locality is malformed or overlaps an earlier one'),
  'GW-TP-LOCALITY-NO-OUTLIER': warning(
    'locality failover without outlier detection never fails over',
  ),
  'GW-TP-LOCALITY-FAILOVER-REGION': error(
    'a failover entry is not a pair of distinct plain regions',
  ),
  'GW-TP-TLS-INSECURE-WITH-CA': error(
    'insecureSkipVerify is set together with CA certificates or subjectAltNames',
  ),
  'GW-TP-TLS-CREDENTIAL-WITH-FILES': error('credentialName is set together with certificate files'),
  'GW-TP-TLS-MUTUAL-CERT-REQUIRED': error('MUTUAL client TLS needs clientCertificate'),
  'GW-TP-TLS-MUTUAL-KEY-REQUIRED': error('MUTUAL client TLS needs privateKey'),
  'GW-TP-TLS-FIELDS-IGNORED': warning(
    'certificate fields are set for a TLS mode that ignores them',
  ),
} as const;
