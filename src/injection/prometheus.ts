import { stringifyCanonical } from './canonical-json.js';
import { AGENT_PORT, MERGED_METRICS_PATH } from './constants.js';

/** The pod annotations Prometheus' Kubernetes discovery reads, by role. */
export const PROMETHEUS_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  path: 'prometheus.io/path',
} as const;

type PrometheusRole = keyof typeof PROMETHEUS_ANNOTATIONS;

/** The merged endpoint the pod's annotations point at: the agent serves app and proxy metrics. */
export const MERGED_METRICS: Readonly<Record<PrometheusRole, string>> = {
  scrape: 'true',
  port: String(AGENT_PORT),
  path: MERGED_METRICS_PATH,
};

/** The roles in the order their annotations are written. */
const ROLES = Object.keys(PROMETHEUS_ANNOTATIONS) as PrometheusRole[];

/** The roles in key order: the app's own annotations are captured in it, so need no sort. */
const ROLES_IN_KEY_ORDER = [...ROLES].sort();

function pointsAtMergedEndpoint(annotations: Readonly<Record<string, string>>): boolean {
  return (
    annotations[PROMETHEUS_ANNOTATIONS.port] === MERGED_METRICS.port &&
    annotations[PROMETHEUS_ANNOTATIONS.path] === MERGED_METRICS.path
  );
}

/**
 * Points the pod's prometheus.io annotations at the merged endpoint (in place: pass a clone) and
 * returns the app's own ones as JSON for the agent, or undefined when the app had none. A pod with
 * `prometheus.io/scrape: "false"` is left alone; annotations already pointing at the merged
 * endpoint (an earlier injection) are not captured again.
 */
export function mergePrometheusAnnotations(
  annotations: Record<string, string>,
): string | undefined {
  if (annotations[PROMETHEUS_ANNOTATIONS.scrape] === 'false') return undefined;
  const app: Record<string, string> = {};
  if (!pointsAtMergedEndpoint(annotations)) {
    for (const role of ROLES_IN_KEY_ORDER) {
      const value = annotations[PROMETHEUS_ANNOTATIONS[role]];
      if (value !== undefined) app[role] = value;
    }
  }
  for (const role of ROLES) annotations[PROMETHEUS_ANNOTATIONS[role]] = MERGED_METRICS[role];
  return Object.keys(app).length > 0 ? stringifyCanonical(app) : undefined;
}
