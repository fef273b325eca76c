/**
 * The sidecar injection feature: a pure core ({@link injectPod}) and its two front doors, the
 * webhook handler ({@link createInjectionHandler}) and the offline manifest injector
 * ({@link injectManifests}) that `gangway inject` uses.
 */
export { injectPod } from './inject.js';
export type { InjectionContext, InjectionResult } from './inject.js';
export { createInjectionHandler } from './webhook.js';
export type { InjectionHandlerDeps } from './webhook.js';
export { injectManifests, POD_TEMPLATE_PATHS } from './workloads.js';
export type { InjectManifestsOptions, ManifestOutcome, ManifestResult } from './workloads.js';
export {
  BASELINE_CAPABILITIES,
  ENFORCE_LABEL,
  RESTRICTED_CAPABILITIES,
  createDefaultPodSecurityGate,
  enforcedLevel,
} from './pod-security-gate.js';
export type {
  PodSecurityGate,
  PodSecurityLevel,
  PodSecurityNamespace,
  PodSecurityVerdict,
} from './pod-security-gate.js';
export { refusalStatusCode, skipMessages } from './report.js';
export type {
  InjectedReport,
  InjectionReport,
  RefusalCode,
  RefusedReport,
  SelectionReason,
  SkipReason,
  SkippedReport,
} from './report.js';
export { NATIVE_SIDECAR_MIN_VERSION, supportsNativeSidecars } from './settings.js';
export type { KubeVersion } from './settings.js';
export { InjectionStatusSchema, formatStatus, parseStatus } from './status.js';
export type { InjectionStatus } from './status.js';
export {
  SIDECAR_ANNOTATION_NAMES,
  TRAFFIC_ANNOTATION_NAMES,
  parseSidecarAnnotations,
  parseTrafficAnnotations,
} from './annotations.js';
export {
  TrafficSettingsSchema,
  buildTrafficArgs,
  defaultTrafficSettings,
  parseIpRangeList,
  parsePortList,
} from './traffic.js';
export type { TrafficSettings } from './traffic.js';
export { INIT_CONTAINER_NAME, PROXY_CONTAINER_NAME } from './constants.js';
