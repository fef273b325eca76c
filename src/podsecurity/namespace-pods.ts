import type { LevelVersion } from './levels.js';
import { formatLevelVersion } from './levels.js';
import { evaluatePod, formatViolationReasons } from './evaluate.js';
import { compareStrings, goQuote } from './format.js';
import type { Policy } from './namespace-policy.js';
import {
  AUDIT_LEVEL_LABEL,
  AUDIT_VERSION_LABEL,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  WARN_LEVEL_LABEL,
  WARN_VERSION_LABEL,
  equivalentPolicies,
  isFullyPrivileged,
} from './namespace-policy.js';
import type { PodObjectInput } from './pod-spec.js';
import type { PodSecurityRuntime } from './runtime.js';
import { parsePodObject } from './workloads.js';

/** Upstream's cap on existing pods checked when a namespace is tightened: bounds the work per request. */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;
/**
 * Upstream's time budget for that check, in ms: a namespace update must not approach the API
 * server's webhook timeout (10 s by default) however many pods the namespace holds.
 */
export const NAMESPACE_POD_CHECK_TIMEOUT_MS = 1000;

/** Warns about existing pods that violate a new enforce policy, as upstream's EvaluatePodsInNamespace. */
export async function checkExistingPods(
  rt: PodSecurityRuntime,
  namespace: string,
  enforce: LevelVersion,
  signal: AbortSignal,
): Promise<string[]> {
  if (!rt.pods) return [];
  const started = rt.clock.now();
  let listed: readonly unknown[];
  try {
    const budget = AbortSignal.timeout(NAMESPACE_POD_CHECK_TIMEOUT_MS);
    listed = await rt.pods.listPods(namespace, AbortSignal.any([signal, budget]));
  } catch {
    return ['failed to list pods while checking new PodSecurity enforce level'];
  }
  const pods = prioritizePods(rt, listed);
  const { checked, counts } = evaluateWithinBudget(rt, pods, enforce, { started, signal });
  const warnings: string[] = [];
  if (checked < pods.length) {
    warnings.push(
      `new PodSecurity enforce level only checked against the first ${checked} of ${pods.length} existing pods`,
    );
  }
  if (counts.size > 0) {
    warnings.push(
      `existing pods in namespace ${goQuote(namespace)} violate the new PodSecurity enforce level ${goQuote(formatLevelVersion(enforce))}`,
    );
  }
  return [...warnings, ...decorate(counts).sort(compareStrings)];
}

type Counts = Map<string, { name: string; count: number }>;

/** Evaluates pods in order until the count cap, the time budget or the request's deadline. */
function evaluateWithinBudget(
  rt: PodSecurityRuntime,
  pods: readonly PodObjectInput[],
  enforce: LevelVersion,
  budget: { readonly started: number; readonly signal: AbortSignal },
): { checked: number; counts: Counts } {
  const counts: Counts = new Map();
  let checked = 0;
  for (const pod of pods.slice(0, NAMESPACE_MAX_PODS_TO_CHECK)) {
    checked++;
    tally(counts, pod, enforce);
    const elapsed = rt.clock.now() - budget.started;
    if (budget.signal.aborted || elapsed > NAMESPACE_POD_CHECK_TIMEOUT_MS) break;
  }
  return { checked, counts };
}

function tally(counts: Counts, pod: PodObjectInput, enforce: LevelVersion): void {
  const violations = evaluatePod(pod.spec, pod.metadata, enforce);
  if (violations.length === 0) return;
  const reasons = formatViolationReasons(violations);
  const name = pod.metadata?.name ?? '';
  const seen = counts.get(reasons);
  if (!seen) counts.set(reasons, { name, count: 1 });
  else counts.set(reasons, { name: name < seen.name ? name : seen.name, count: seen.count + 1 });
}

function decorate(counts: Counts): string[] {
  return [...counts].map(([reasons, { name, count }]) => {
    if (count === 1) return `${name}: ${reasons}`;
    if (count === 2) return `${name} (and 1 other pod): ${reasons}`;
    return `${name} (and ${count - 1} other pods): ${reasons}`;
  });
}

/**
 * Drops unusable pods and pods of exempt runtime classes, and checks one pod per controller first:
 * replicas of one template usually fail alike, so the limits cover more distinct templates.
 */
function prioritizePods(rt: PodSecurityRuntime, listed: readonly unknown[]): PodObjectInput[] {
  const first: PodObjectInput[] = [];
  const replicas: PodObjectInput[] = [];
  const controllers = new Set<string>();
  for (const object of listed) {
    const parsed = parsePodObject(object);
    if (!parsed.ok) continue;
    const runtimeClass = parsed.pod.spec.runtimeClassName;
    if (runtimeClass && rt.exemptRuntimeClasses.has(runtimeClass)) continue;
    const owner = parsed.pod.metadata?.ownerReferences?.find((ref) => ref.controller === true)?.uid;
    if (owner && controllers.has(owner)) replicas.push(parsed.pod);
    else first.push(parsed.pod);
    if (owner) controllers.add(owner);
  }
  return [...first, ...replicas];
}

/** Upstream's warning when an exempt namespace sets a policy that will be ignored; none if it would not matter. */
export function describeExemptNamespace(
  rt: PodSecurityRuntime,
  namespace: string,
  policy: Policy,
  labels: Readonly<Record<string, string>>,
): string[] {
  if (isFullyPrivileged(policy) || equivalentPolicies(policy, rt.defaultPolicy)) return [];
  const parts: string[] = [];
  const modes = [
    ['enforce', policy.enforce, ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL],
    ['audit', policy.audit, AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL],
    ['warn', policy.warn, WARN_LEVEL_LABEL, WARN_VERSION_LABEL],
  ] as const;
  for (const [mode, lv, levelLabel, versionLabel] of modes) {
    const labelled = labels[levelLabel] !== undefined || labels[versionLabel] !== undefined;
    if (lv.level !== 'privileged' && labelled) parts.push(`${mode}=${formatLevelVersion(lv)}`);
  }
  return [
    `namespace ${goQuote(namespace)} is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`,
  ];
}
