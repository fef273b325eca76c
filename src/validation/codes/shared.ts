import { error, warning } from './define.js';

/** Codes about the object as a whole and its structure (schema). */
export const objectCodes = {
  'GW-MESH-NOT-OBJECT': error(
    'the document is not a Kubernetes object (a mapping with apiVersion and kind)',
  ),
  'GW-MESH-UNKNOWN-FIELD': error(
    'a top-level key other than apiVersion, kind, metadata, spec, status',
  ),
  'GW-MESH-VERSION-UNSERVED': error('the apiVersion names a version this kind is not served in'),
  'GW-MESH-METADATA-INVALID': error('metadata is not an object or has fields of the wrong type'),
  'GW-MESH-NAME-MISSING': error('metadata has neither name nor generateName'),
  'GW-MESH-DRY-RUN-UNSUPPORTED': error(
    'the istio.io/dry-run annotation is only supported on AuthorizationPolicy',
  ),
  'GW-SCHEMA-TYPE': error('a field has the wrong type (e.g. a string where a number belongs)'),
  'GW-SCHEMA-ENUM': error('a field holds a value outside its enum'),
  'GW-SCHEMA-RANGE': error('a number is outside the range its type allows'),
  'GW-SCHEMA-ONEOF': error('more than one field of a one-of group is set'),
  'GW-SCHEMA-INVALID': error('a field is invalid in a way the schema describes'),
  'GW-SCHEMA-UNKNOWN-FIELD': warning(
    'a field inside spec that the API does not define; it is ignored',
  ),
} as const;

/** Codes of the shared checks: hosts, labels, selectors, durations, ports, regexes, headers, ... */
export const sharedCodes = {
  'GW-HOST-EMPTY': error('a host is empty'),
  'GW-HOST-TOO-LONG': error('a host is longer than 255 characters'),
  'GW-HOST-LABEL-INVALID': error(
    'a host label is not a DNS-1123 label (wildcards only as the leftmost label)',
  ),
  'GW-HOST-NUMERIC-TLD': error('the top-level domain of a host is all-numeric'),
  'GW-HOST-WILDCARD-NOT-ALLOWED': error('the host `*` is not allowed here'),
  'GW-HOST-PARTIAL-WILDCARD': error('a partial wildcard such as `*foo.com` is not allowed here'),
  'GW-HOST-SHORT-NAME': error('a short name (no dots) is not allowed here; use a FQDN'),
  'GW-HOST-NAMESPACE-INVALID': error('the namespace part of `namespace/host` is invalid'),
  'GW-HOST-NAMESPACE-REQUIRED': error('the host must have the form `namespace/host`'),
  'GW-LABEL-KEY-INVALID': error('a label key is not a valid qualified name'),
  'GW-LABEL-VALUE-INVALID': error('a label value is not a valid label value'),
  'GW-SEL-NO-LABELS': warning('a selector without labels selects every workload in the namespace'),
  'GW-SEL-EMPTY-KEY': error('a selector has an empty label key'),
  'GW-SEL-WILDCARD': error('wildcards are not supported in selectors'),
  'GW-SEL-AND-TARGETREF': error(
    'only one of selector (workloadSelector), targetRef and targetRefs may be set',
  ),
  'GW-TARGETREF-NAME-MISSING': error('a targetRef has no name'),
  'GW-TARGETREF-NAMESPACE-SET': error(
    'a targetRef sets a namespace; cross-namespace references are not supported',
  ),
  'GW-TARGETREF-KIND-UNSUPPORTED': error(
    'a targetRef points to a kind other than Service, ServiceEntry, Gateway or GatewayClass',
  ),
  'GW-DUR-FORMAT': error('a duration is not of the form `1h2m3.5s` / `250ms`'),
  'GW-DUR-TOO-SHORT': error('a duration is shorter than 1ms'),
  'GW-DUR-PRECISION': error('a duration is not a whole number of milliseconds'),
  'GW-PORT-RANGE': error('a port number is outside 1..65535'),
  'GW-PORT-NAME-INVALID': error('a port name is not a DNS-1123 label'),
  'GW-PORT-PROTOCOL-UNSUPPORTED': error('a port protocol is not one Istio knows'),
  'GW-REGEX-EMPTY': error('a regex match is empty'),
  'GW-REGEX-TOO-LONG': error('a regex is longer than 1024 characters'),
  'GW-REGEX-LOOKAROUND': error(
    'a regex uses look-ahead or look-behind, which RE2 does not support',
  ),
  'GW-REGEX-INVALID': error('a regex does not compile as RE2'),
  'GW-MATCH-PREFIX-EMPTY': error('a prefix string match is empty'),
  'GW-HEADER-NAME-INVALID': error('a header name is empty or has characters outside [-_A-Za-z0-9]'),
  'GW-HEADER-PSEUDO': error('a header operation names a `:`-prefixed pseudo-header'),
  'GW-HEADER-HOST': error('a header operation removes or sets the Host header'),
  'GW-HEADER-VALUE-INVALID': error(
    'a header value has control characters or a malformed `%` variable',
  ),
  'GW-HEADER-AUTHORITY-TWICE': error('the authority is rewritten in more than one place'),
  'GW-IP-INVALID': error('an IP address does not parse'),
  'GW-CIDR-INVALID': error('a CIDR block does not parse'),
  'GW-EXPORTTO-INVALID': error(
    'an exportTo entry is neither `.`, `*`, `~` (ServiceEntry) nor a namespace',
  ),
  'GW-EXPORTTO-DUPLICATE': error('an exportTo entry is listed twice'),
  'GW-EXPORTTO-PUBLIC-MIXED': error('exportTo mixes `*` with other entries'),
  'GW-EXPORTTO-NONE-MIXED': error('exportTo mixes `~` with other entries'),
  'GW-PERCENT-RANGE': error('a percentage is outside its allowed range'),
  'GW-UDS-INVALID': error(
    'a unix domain socket address is not an absolute file path or @abstract name',
  ),
  'GW-SUBSET-NAME-INVALID': error('a subset name is empty or not a DNS-1123 label'),
} as const;
