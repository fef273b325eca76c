import type { CheckId } from './check.js';
import { DEFAULT_CHECKS } from './checks/index.js';
import { goQuote } from './format.js';
import type { LevelVersion } from './levels.js';
import { formatLevelVersion } from './levels.js';
import type { PodMetadataInput, PodSpecInput } from './pod-spec.js';
import type { CheckRegistry } from './registry.js';
import { buildCheckRegistry } from './registry.js';

/** One check a pod fails: the check id, upstream's short reason and the offending values. */
export interface Violation {
  readonly checkId: CheckId;
  readonly reason: string;
  readonly detail: string;
}

/** The registry of every upstream check, built once at module load. */
export const defaultRegistry: CheckRegistry = buildCheckRegistry(DEFAULT_CHECKS);

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

/**
 * Evaluates a pod spec (and its metadata, for the annotation-based checks) against a level and
 * version. Pure; allocates nothing for a pod that passes.
 */
export function evaluatePod(
  spec: PodSpecInput,
  metadata: PodMetadataInput | null | undefined,
  policy: LevelVersion,
  registry: CheckRegistry = defaultRegistry,
): readonly Violation[] {
  const checks = registry.checksFor(policy.level, policy.version);
  let violations: Violation[] | undefined;
  for (let i = 0; i < checks.length; i++) {
    const entry = checks[i];
    if (!entry) continue;
    const forbidden = entry.check(spec, metadata);
    if (forbidden) {
      (violations ??= []).push({
        checkId: entry.id,
        reason: forbidden.reason,
        detail: forbidden.detail,
      });
    }
  }
  return violations ?? NO_VIOLATIONS;
}

/** `reason (detail), reason`: upstream's aggregate detail, used in denials, warnings and audit. */
export function formatViolationDetail(violations: readonly Violation[]): string {
  return violations
    .map((v) => (v.detail === '' ? v.reason : `${v.reason} (${v.detail})`))
    .join(', ');
}

/** `reason, reason`: upstream's aggregate reason, used when many pods are summarised. */
export function formatViolationReasons(violations: readonly Violation[]): string {
  return violations.map((v) => v.reason).join(', ');
}

/** `violates PodSecurity "restricted:v1.30": reason (detail), ...`, upstream's enforce wording. */
export function formatViolations(policy: LevelVersion, violations: readonly Violation[]): string {
  return `violates PodSecurity ${describePolicy(policy, violations)}`;
}

/** `would violate PodSecurity "restricted:latest": ...`, upstream's warn and audit wording. */
export function formatWouldViolate(policy: LevelVersion, violations: readonly Violation[]): string {
  return `would violate PodSecurity ${describePolicy(policy, violations)}`;
}

function describePolicy(policy: LevelVersion, violations: readonly Violation[]): string {
  return `${goQuote(formatLevelVersion(policy))}: ${formatViolationDetail(violations)}`;
}
