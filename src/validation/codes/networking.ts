import { error, warning } from './define.js';

/** Gateway and server TLS codes. */
export const gatewayCodes = {
  'GW-GTW-NAME-INVALID': error('a Gateway name is not a DNS-1123 label (no dots)'),
  'GW-GTW-NO-SERVERS': error('a Gateway has no servers'),
  'GW-GTW-SERVER-NO-HOSTS': error('a server has no hosts'),
  'GW-GTW-PORT-REQUIRED': error('a server has no port'),
  'GW-GTW-PORT-NAME-REQUIRED': error('a server port has no name'),
  'GW-GTW-PORT-NAME-DUPLICATE': error('two servers use the same port name'),
  'GW-GTW-TARGET-PORT': error('targetPort has no effect on Gateways'),
  'GW-GTW-UDS-PORT': error('a server bound to a unix domain socket has a non-zero port number'),
  'GW-GTW-TLS-REQUIRED': error('an HTTPS or TLS server has no tls settings'),
  'GW-GTW-TLS-ON-PLAINTEXT': error(
    'a plain-text server has tls settings (other than httpsRedirect)',
  ),
  'GW-GTW-HTTPS-REDIRECT-NON-HTTP': warning(
    'tls.httpsRedirect is set on a server that is not HTTP',
  ),
  'GW-TLS-ISTIO-MUTUAL-CERTS': error(
    'ISTIO_MUTUAL server TLS carries certificates or a credentialName',
  ),
  'GW-TLS-PASSTHROUGH-CERTS': warning(
    'PASSTHROUGH/AUTO_PASSTHROUGH ignore the certificates that are set',
  ),
  'GW-TLS-CERT-SOURCE-CONFLICT': error('more than one certificate source is set'),
  'GW-TLS-SIMPLE-CERT-REQUIRED': error('SIMPLE TLS needs serverCertificate (or a credentialName)'),
  'GW-TLS-SIMPLE-KEY-REQUIRED': error('SIMPLE TLS needs privateKey (or a credentialName)'),
  'GW-TLS-MUTUAL-CERT-REQUIRED': error('MUTUAL TLS needs serverCertificate (or a credentialName)'),
  'GW-TLS-MUTUAL-KEY-REQUIRED': error('MUTUAL TLS needs privateKey (or a credentialName)'),
  'GW-TLS-MUTUAL-CA-REQUIRED': error('MUTUAL TLS needs caCertificates (or a credentialName)'),
  'GW-TLS-CRL-WITH-CREDENTIAL': error('caCrl is set together with credentialName'),
  'GW-TLS-CRL-SIMPLE': error('caCrl is set for SIMPLE TLS'),
  'GW-TLS-CIPHER-INVALID': warning('a cipher suite is unknown and will be ignored'),
  'GW-TLS-CIPHER-DUPLICATE': warning('a cipher suite is listed twice'),
  'GW-TLS-OLD-VERSION-CIPHERS': warning(
    'TLS 1.0/1.1 as minimum without cipherSuites has no compatible ciphers',
  ),
  'GW-TLS-VERSION-ORDER': error('minProtocolVersion is above maxProtocolVersion'),
} as const;

/** ServiceEntry, WorkloadEntry and WorkloadGroup codes. */
export const serviceEntryCodes = {
  'GW-SE-NO-HOSTS': error('a ServiceEntry has no hosts'),
  'GW-SE-HOST-PARTIAL-WILDCARD': warning(
    'a partial wildcard host such as `*foo.com` is unlikely to work',
  ),
  'GW-SE-SELECTOR-AND-ENDPOINTS': error('workloadSelector and endpoints are both set'),
  'GW-SE-CIDR-RESOLUTION': error(
    'CIDR addresses are used with a resolution other than NONE or STATIC',
  ),
  'GW-SE-PORT-NAME-DUPLICATE': error('two ports have the same name'),
  'GW-SE-PORT-NUMBER-DUPLICATE': error('two ports have the same number'),
  'GW-SE-TARGET-PORT-NONE': warning('targetPort has no effect with resolution NONE'),
  'GW-SE-TCP-NO-ADDRESS': warning(
    'a TCP (or unset protocol) port without addresses needs DNS auto-allocation',
  ),
  'GW-SE-NONE-WITH-ENDPOINTS': error('endpoints are given with resolution NONE'),
  'GW-SE-SELECTOR-WITH-RESOLUTION': warning(
    'workloadSelector is set with resolution NONE, where it has no effect',
  ),
  'GW-SE-STATIC-NO-ENDPOINTS': warning(
    'STATIC resolution with neither endpoints nor workloadSelector',
  ),
  'GW-SE-ENDPOINT-ADDRESS-INVALID': error('an endpoint address is not valid for the resolution'),
  'GW-SE-ENDPOINT-PORT-UNKNOWN': error(
    'an endpoint maps a port name the ServiceEntry does not define',
  ),
  'GW-SE-UNIX-SERVICE-PORTS': error('unix domain socket endpoints need exactly one service port'),
  'GW-SE-DNS-HOST-NOT-FQDN': error(
    'with DNS resolution and no endpoints, every host must be a FQDN',
  ),
  'GW-SE-DNS-RR-ENDPOINTS': error('DNS_ROUND_ROBIN allows at most one endpoint'),
  'GW-SE-MULTI-HOST-TCP': error(
    'several hosts with plain TCP ports (only HTTP and TLS can tell hosts apart)',
  ),
  'GW-SE-MULTI-HOST-ADDRESS-TCP': warning('several hosts with addresses and a TCP port'),
  'GW-WE-ADDRESS-REQUIRED': error('a workload entry has neither address nor network'),
  'GW-WE-ADDRESS-UNSET': warning('a workload entry has no address but a network'),
  'GW-WE-ADDRESS-INVALID': error(
    'a workload entry address is neither an IP, a FQDN nor unix://path',
  ),
  'GW-WE-UNIX-PORTS': error('a unix domain socket workload entry maps ports'),
  'GW-WG-TEMPLATE-REQUIRED': error('a WorkloadGroup has no template'),
  'GW-WG-PROBE-NEGATIVE': error('a probe timing or threshold is negative'),
  'GW-WG-PROBE-SCHEME': error('httpGet.scheme is neither HTTP nor HTTPS'),
  'GW-WG-PROBE-EXEC-COMMAND': error('exec probe has no command'),
  'GW-WG-PROBE-NO-METHOD': error('a probe sets none of httpGet, tcpSocket, exec'),
} as const;

/** Sidecar, EnvoyFilter and ProxyConfig codes. */
export const proxyCodes = {
  'GW-SC-EMPTY': error(
    'a Sidecar sets none of ingress, egress, outboundTrafficPolicy, inboundConnectionPool',
  ),
  'GW-SC-INGRESS-PORT-REQUIRED': error('an ingress listener has no port'),
  'GW-SC-TARGET-PORT': error('targetPort has no effect on Sidecars'),
  'GW-SC-PORT-DUPLICATE': error('two IP-bound listeners use the same port'),
  'GW-SC-DEFAULT-ENDPOINT-INVALID': error(
    'defaultEndpoint is not 127.0.0.1:port, 0.0.0.0:port, [::1]:port, [::]:port or unix://',
  ),
  'GW-SC-INGRESS-TLS-UNSUPPORTED': error('an ingress tls setting is not supported in a Sidecar'),
  'GW-SC-INGRESS-HTTP-POOL-NON-HTTP': warning(
    'an HTTP connection pool is set for a port that is not HTTP',
  ),
  'GW-SC-EGRESS-CATCH-ALL': error('an egress listener without port is not the single, last one'),
  'GW-SC-EGRESS-UDS-BIND': error('a port-0 egress listener has no unix:// bind'),
  'GW-SC-EGRESS-UDS-CAPTURE-MODE': error(
    'a unix domain socket listener has a captureMode other than DEFAULT/NONE',
  ),
  'GW-SC-EGRESS-UDS-DUPLICATE': error('two unix domain socket listeners bind the same path'),
  'GW-SC-EGRESS-NO-HOSTS': error('an egress listener has no hosts'),
  'GW-SC-EGRESS-HOST-DUPLICATE': warning('an egress host is already covered by another'),
  'GW-SC-EGRESS-ALL-HOSTS-MIXED': warning('`*/*` selects every host; other hosts are redundant'),
  'GW-SC-EGRESS-PROXY-MODE': error(
    'egressProxy is set while outboundTrafficPolicy mode is not ALLOW_ANY',
  ),
  'GW-SC-EGRESS-PROXY-PORT': error('egressProxy has no port'),
  'GW-EF-ALWAYS': warning(
    'EnvoyFilter exposes Envoy internals that change between releases; prefer other APIs',
  ),
  'GW-EF-APPLY-TO-MISSING': error('a configPatch has no applyTo'),
  'GW-EF-PATCH-MISSING': error('a configPatch has no patch'),
  'GW-EF-OPERATION-MISSING': error('a patch has no operation'),
  'GW-EF-VALUE-MISSING': error('a patch other than REMOVE has no value'),
  'GW-EF-PROXY-VERSION-REGEX': error('match.proxy.proxyVersion does not compile as a regex'),
  'GW-EF-MATCH-MISMATCH': error(
    'the match kind (listener/routeConfiguration/cluster) does not fit applyTo',
  ),
  'GW-EF-FILTER-MATCH-NO-EFFECT': warning(
    'a filter match has no effect with applyTo LISTENER or FILTER_CHAIN',
  ),
  'GW-EF-FILTER-NAME-MISSING': error('a filter or subFilter match has no name'),
  'GW-EF-SUBFILTER-APPLY-TO': error(
    'a subFilter match is used with applyTo other than HTTP_FILTER',
  ),
  'GW-EF-SUBFILTER-HCM': error(
    'a subFilter match needs the filter match to be the HTTP connection manager',
  ),
  'GW-EF-DEPRECATED-FILTER-NAME': warning('a filter is matched by its deprecated name'),
  'GW-EF-V2-TYPE': error('a patch value references an Envoy v2 type, which is no longer supported'),
  'GW-PC-CONCURRENCY-NEGATIVE': error('concurrency is negative'),
  'GW-PC-IMAGE-TYPE-UNKNOWN': warning('image.imageType is not one of default, debug, distroless'),
} as const;
