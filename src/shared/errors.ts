/**
 * The one table of coded errors. Every error gangway reports to a user carries a stable code of the
 * form `GANGWAY_ERR_<AREA>_<WHAT>`; tests assert codes, not prose.
 */
export const errorMessages = {
  GANGWAY_ERR_REVIEW_NOT_JSON: 'request body is not valid JSON',
  GANGWAY_ERR_REVIEW_INVALID: 'request body is not an admission.k8s.io/v1 AdmissionReview',
  GANGWAY_ERR_REVIEW_NO_UID: 'AdmissionReview has no request.uid',
  GANGWAY_ERR_REVIEW_TOO_LARGE: 'request body exceeds the size limit',
  GANGWAY_ERR_REVIEW_UNSUPPORTED_MEDIA: 'request content-type must be application/json',
  GANGWAY_ERR_OBJECT_INVALID: 'the object in the request is not usable',
  GANGWAY_ERR_OBJECT_WRONG_KIND: 'the object in the request is of the wrong kind for this webhook',
  GANGWAY_ERR_INTERNAL: 'internal error while processing the review',
  GANGWAY_ERR_INJECT_ANNOTATION: 'an injection annotation has an invalid value',
  GANGWAY_ERR_INJECT_LABEL: 'an injection label has an invalid value',
  GANGWAY_ERR_INJECT_NAMESPACE_UNKNOWN: 'the labels of the pod namespace are not known yet; retry',
  GANGWAY_ERR_INJECT_POD_SECURITY:
    'the injected pod would violate the namespace Pod Security level',
  GANGWAY_ERR_CONFIG_INVALID: 'configuration is invalid',
  GANGWAY_ERR_CLI_USAGE: 'invalid command-line usage',
  GANGWAY_ERR_CLI_INPUT: 'an input document could not be read',
  GANGWAY_ERR_TLS_LOAD: 'the serving certificate or key could not be loaded',
  GANGWAY_ERR_PODSECURITY_NAMESPACE_UNKNOWN:
    'the namespace is not known, so its Pod Security policy cannot be read',
  GANGWAY_ERR_CA_SIGNER_INVALID: 'the CA signing certificate, key or chain is unusable',
  GANGWAY_ERR_CA_ROOT_STORE: 'the CA root could not be read from or written to its store',
  GANGWAY_ERR_CA_PLUGIN_FILES: 'the plug-in CA files are missing or inconsistent',
  GANGWAY_ERR_CA_AUTH_CONFIG: 'the CA caller authentication is misconfigured',
  GANGWAY_ERR_AGENT_CA_CALL: 'the CA could not be reached or refused the certificate request',
  GANGWAY_ERR_AGENT_CHAIN_INVALID: 'the certificate chain returned by the CA does not verify',
  GANGWAY_ERR_AGENT_TOKEN_READ: 'the service-account token could not be read',
  GANGWAY_ERR_AGENT_PROBERS_INVALID: 'the app prober map (GANGWAY_KUBE_APP_PROBERS) is invalid',
  GANGWAY_ERR_AGENT_PROMETHEUS_INVALID:
    'the app scrape settings (GANGWAY_PROMETHEUS_ANNOTATIONS) are invalid',
} as const;

/** A stable error code from the table above. */
export type ErrorCode = keyof typeof errorMessages;

/** An error carrying a stable code and, optionally, the field path it is about. */
export class GangwayError extends Error {
  /** The stable code. */
  readonly code: ErrorCode;
  /** A JSON path such as `spec.containers[0].image`, when the error is about one field. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { field?: string; cause?: unknown }) {
    super(detail ? `${errorMessages[code]}: ${detail}` : errorMessages[code], {
      cause: options?.cause,
    });
    this.name = 'GangwayError';
    this.code = code;
    this.field = options?.field;
  }
}

/** Whether a value is a GangwayError (across module copies too). */
export function isGangwayError(value: unknown): value is GangwayError {
  return value instanceof GangwayError;
}
