import { error, warning } from './define.js';

/** PeerAuthentication, RequestAuthentication and AuthorizationPolicy codes. */
export const securityCodes = {
  'GW-PA-PORT-MTLS-WITHOUT-SELECTOR': error(
    'portLevelMtls is set on a mesh- or namespace-wide policy (no selector labels)',
  ),
  'GW-PA-PORT-MTLS-EMPTY': error('portLevelMtls is present but empty'),
  'GW-PA-PORT-INVALID': error('a portLevelMtls key is not a port number in 1..65535'),
  'GW-RA-ISSUER-OR-JWKS-URI-REQUIRED': error('a JWT rule has neither issuer nor jwksUri'),
  'GW-RA-AUDIENCE-EMPTY': error('a JWT rule lists an empty audience'),
  'GW-RA-JWKS-URI-INVALID': error('jwksUri is not an http(s) URL'),
  'GW-RA-JWKS-PARSE': error('jwks is not a JSON Web Key Set'),
  'GW-RA-JWKS-PRIVATE-KEY': warning('jwks contains private key material; publish public keys only'),
  'GW-RA-LOCATION-EMPTY': error('a fromHeaders name, fromParams or fromCookies entry is empty'),
  'GW-RA-OUTPUT-CLAIM-EMPTY': error('an outputClaimToHeaders entry has an empty header or claim'),
  'GW-AP-CUSTOM-NO-RULES': error('CUSTOM action without rules never triggers; add `rules: [{}]`'),
  'GW-AP-CUSTOM-PROVIDER-REQUIRED': error('CUSTOM action needs provider.name'),
  'GW-AP-CUSTOM-UNSUPPORTED-FIELD': error('a field is not supported with CUSTOM action'),
  'GW-AP-PROVIDER-NON-CUSTOM': error('provider is set for an action other than CUSTOM'),
  'GW-AP-DENY-NO-RULES': error('DENY action without rules never triggers; add `rules: [{}]`'),
  'GW-AP-FROM-EMPTY': error('`from` is present but empty'),
  'GW-AP-SOURCE-REQUIRED': error('a `from` entry has no source'),
  'GW-AP-SOURCE-EMPTY': error('a source sets no field'),
  'GW-AP-TO-EMPTY': error('`to` is present but empty'),
  'GW-AP-OPERATION-REQUIRED': error('a `to` entry has no operation'),
  'GW-AP-OPERATION-EMPTY': error('an operation sets no field'),
  'GW-AP-EMPTY-VALUE': error('a list holds an empty string'),
  'GW-AP-PORT-INVALID': error('a port is not a number in 0..65535'),
  'GW-AP-PATH-TEMPLATE-INVALID': error('a path template uses named variables, `/*`, `/**` or `{}`'),
  'GW-AP-PATH-NOT-ABSOLUTE': warning(
    'a path neither starts with `/` nor is a wildcard; it never matches',
  ),
  'GW-AP-WILDCARD-POSITION': warning(
    'a `*` in the middle of a value is matched literally, not as a wildcard',
  ),
  'GW-AP-METHOD-UNKNOWN': warning('a method is not an upper-case HTTP method'),
  'GW-AP-PRINCIPAL-SPIFFE': warning(
    'a principal starts with spiffe://, which is never part of the matched value',
  ),
  'GW-AP-NAMESPACE-INVALID': warning(
    'a namespace is neither a DNS-1123 label nor a wildcard pattern',
  ),
  'GW-AP-WHEN-KEY-EMPTY': error('a condition has no key'),
  'GW-AP-WHEN-VALUES-REQUIRED': error('a condition has neither values nor notValues'),
  'GW-AP-WHEN-KEY-UNKNOWN': error('a condition key is not a known attribute'),
  'GW-AP-WHEN-KEY-REPLACED': error(
    'a condition key was replaced (use metadata.namespace / the selector)',
  ),
  'GW-AP-WHEN-KEY-FORMAT': error('a condition key must have the form `name[sub]`'),
  'GW-AP-WHEN-VALUE-INVALID': error(
    'a condition value is not valid for its key (IP, CIDR or port)',
  ),
  'GW-AP-DENY-HTTP-ONLY': warning(
    'a DENY rule with only HTTP attributes denies all TCP traffic in scope',
  ),
  'GW-AP-DRY-RUN-VALUE': error('the istio.io/dry-run annotation is not true or false'),
  'GW-AP-DRY-RUN-ACTION': error(
    'the istio.io/dry-run annotation is only supported with ALLOW and DENY',
  ),
} as const;

/** Telemetry and WasmPlugin codes. */
export const extensionCodes = {
  'GW-TM-PROVIDER-NAME-EMPTY': error('a provider reference has no name'),
  'GW-TM-TRACING-MULTIPLE': warning('more than one tracing entry or provider; only one is used'),
  'GW-TM-SAMPLING-RANGE': error('randomSamplingPercentage is outside 0..100'),
  'GW-TM-TAG-INVALID': error('a custom tag has an empty name or value'),
  'GW-TM-TAG-OVERRIDE-NAME-EMPTY': warning('a tagOverrides key is empty'),
  'GW-TM-TAG-OVERRIDE-VALUE': error('tagOverrides value is missing for UPSERT or set for REMOVE'),
  'GW-TM-CUSTOM-METRIC-EMPTY': error('match.customMetric is empty'),
  'GW-WP-URL-REQUIRED': error('url is not set'),
  'GW-WP-URL-INVALID': error(
    'url does not parse or has an unsupported scheme (file, http, https, oci)',
  ),
  'GW-WP-SHA256-INVALID': error('sha256 is not 64 lower-case hex characters'),
  'GW-WP-PULL-SECRET-LENGTH': error('imagePullSecret is longer than 253 characters'),
  'GW-WP-PLUGIN-NAME-LENGTH': error('pluginName is longer than 256 characters'),
  'GW-WP-ENV-INVALID': error('a vmConfig.env entry has an empty, overlong or duplicate name'),
  'GW-WP-ENV-HOST-VALUE': error('an env value is set while valueFrom is HOST'),
} as const;
