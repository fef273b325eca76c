/** The workload agent: certificates, SDS, the xDS proxy and gRPC bootstrap, app probes, metrics. */
export { runAgent, type AgentHandle, type AgentXdsHandle } from './run-agent.js';
export {
  AGENT_DEFAULTS,
  type AgentOptions,
  type AgentXdsOptions,
  type AgentPodInfo,
} from './agent-options.js';
export { parseDownwardLabels } from './pod-labels.js';
export { CERT_FILES } from './cert-files.js';
export type { WorkloadCertificate } from './cert-manager.js';
export { parseAppProbers, type AppProbe } from './health/app-probers.js';
export { parsePrometheusAnnotations, type AppScrapeTarget } from './health/app-metrics.js';
export { HEALTH_PATHS } from './health/health-server.js';
export { WORKLOAD_SECRET, ROOT_SECRET } from './sds/sds-resources.js';
export { loadSdsService, SECRET_TYPE_URL } from './sds/sds-proto.js';
export { createManualTimers, systemTimers, type Timers, type ManualTimers } from './timers.js';
export {
  DEFAULT_REFRESH_POLICY,
  DEFAULT_BACKOFF_POLICY,
  type RefreshPolicy,
  type BackoffPolicy,
} from './schedule.js';
