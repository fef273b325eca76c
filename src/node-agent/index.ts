/** The node agent and the shared redirect rule builder: what other layers use of this feature. */
export {
  buildRedirectRules,
  buildRedirectRuleSet,
  REDIRECT_CHAINS,
  type IpFamily,
  type RedirectOptions,
  type RedirectRuleSet,
} from './rules/redirect-rules.js';
export { parseInstalledRedirect, planRedirect, planRemoval } from './rules/installed-rules.js';
export {
  parseTrafficArgs,
  resolveTrafficFlags,
  TRAFFIC_FLAGS,
  type RedirectSpec,
} from './traffic-args.js';
export {
  createRedirectProgrammer,
  detectIptablesBackend,
  iptablesTools,
  type CommandRunner,
  type IptablesBackend,
  type RedirectProgrammer,
} from './iptables.js';
export { findPodNetns, type PodNetns, type ProcReader } from './netns.js';
export { planPod, AgentPodSchema, type AgentPod, type PodPlan } from './pod-plan.js';
export { createNodeAgent, type NodeAgent, type NodeAgentContext } from './node-agent.js';
export { startNodeAgentService, type RunningNodeAgent } from './service.js';
export { createNodeAgentMetrics, type NodeAgentMetrics } from './metrics.js';
export { waitForRedirect, DEFAULT_PROBE, type RedirectProbeResult } from './redirect-probe.js';
export { redirectFailureMessages, type RedirectFailureReason } from './reasons.js';
export type { PodSource, PodEvents } from './pod-source.js';
