/**
 * Pod Security: upstream Pod Security Admission's checks, levels and versions as a pure evaluator,
 * the webhook handlers built on it (validation and secure defaults), and the offline evaluation the
 * CLI uses.
 */
export type { CheckId } from './check.js';
export type { PodSecurityConfig } from './config.js';
export { PodSecurityConfigSchema, defaultPolicyOf } from './config.js';
export type { SecureDefaultsOptions, SecureDefaultsResult } from './defaults.js';
export {
  POD_SECURITY_DEFAULTED_ANNOTATION,
  POD_SECURITY_DEFAULTS_LABEL,
  applySecureDefaults,
  isNonRootImage,
} from './defaults.js';
export type { PodSecurityDefaultsDeps } from './defaults-handler.js';
export { createPodSecurityDefaultsHandler } from './defaults-handler.js';
export type { Violation } from './evaluate.js';
export {
  evaluatePod,
  formatViolationDetail,
  formatViolations,
  formatWouldViolate,
} from './evaluate.js';
export { createPodSecurityHandler } from './handler.js';
export type { Level, LevelVersion, Parsed, PolicyVersion } from './levels.js';
export {
  LEVELS,
  formatLevelVersion,
  formatVersion,
  parseLevel,
  parseLevelVersion,
  parseVersion,
} from './levels.js';
export type { LabelError, Policy, ResolvedPolicy } from './namespace-policy.js';
export {
  AUDIT_LEVEL_LABEL,
  AUDIT_VERSION_LABEL,
  AUDIT_VIOLATIONS_KEY,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_POLICY_KEY,
  ENFORCE_VERSION_LABEL,
  EXEMPT_KEY,
  WARN_LEVEL_LABEL,
  WARN_VERSION_LABEL,
  resolveNamespacePolicy,
} from './namespace-policy.js';
export { NAMESPACE_MAX_PODS_TO_CHECK, NAMESPACE_POD_CHECK_TIMEOUT_MS } from './namespace-pods.js';
export type { ManifestResult } from './offline.js';
export { evaluateManifests } from './offline.js';
export type { ContainerInput, PodMetadataInput, PodObjectInput, PodSpecInput } from './pod-spec.js';
export {
  PodSecurityObjectSchema,
  PodSecuritySpecSchema,
  applyApiServerDefaults,
} from './pod-spec.js';
export type { PodSecurityReason } from './reasons.js';
export { podSecurityReasons } from './reasons.js';
export type { PodLister, PodSecurityHandlerDeps } from './runtime.js';
