/** The workload agent: certificates, SDS, app probes and merged metrics. */
export { runAgent, type AgentHandle } from './run-agent.js';
export { AGENT_DEFAULTS, type AgentOptions } from './agent-options.js';
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
