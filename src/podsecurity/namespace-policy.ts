import { POD_SECURITY_LABEL_PREFIX } from '../kube/keys.js';
import { goQuote } from './format.js';
import type { Level, LevelVersion, Parsed, PolicyVersion } from './levels.js';
import { equivalentLevelVersions, parseLevel, parseVersion } from './levels.js';

/** The namespace label setting the enforce level. */
export const ENFORCE_LEVEL_LABEL = `${POD_SECURITY_LABEL_PREFIX}enforce`;
/** The namespace label pinning the enforce version. */
export const ENFORCE_VERSION_LABEL = `${POD_SECURITY_LABEL_PREFIX}enforce-version`;
/** The namespace label setting the audit level. */
export const AUDIT_LEVEL_LABEL = `${POD_SECURITY_LABEL_PREFIX}audit`;
/** The namespace label pinning the audit version. */
export const AUDIT_VERSION_LABEL = `${POD_SECURITY_LABEL_PREFIX}audit-version`;
/** The namespace label setting the warn level. */
export const WARN_LEVEL_LABEL = `${POD_SECURITY_LABEL_PREFIX}warn`;
/** The namespace label pinning the warn version. */
export const WARN_VERSION_LABEL = `${POD_SECURITY_LABEL_PREFIX}warn-version`;
/*
 * Audit annotation keys. A webhook's audit annotation keys are prefixed by the API server with the
 * webhook's name (`<webhook>/<key>`) and a key with a slash of its own is dropped, so these are
 * upstream's keys without the `pod-security.kubernetes.io/` prefix: a webhook named
 * `pod-security.kubernetes.io` reproduces upstream's audit keys exactly.
 */

/** Audit annotation key carrying audit-mode violations. */
export const AUDIT_VIOLATIONS_KEY = 'audit-violations';
/** Audit annotation key naming the enforce policy a pod was checked against. */
export const ENFORCE_POLICY_KEY = 'enforce-policy';
/** Audit annotation key naming why a request was exempt: namespace, user or runtimeClass. */
export const EXEMPT_KEY = 'exempt';
/** Audit annotation key for labels or templates that could not be read. */
export const ERROR_KEY = 'error';

/** The policy of a namespace: a level and version for each mode. */
export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

/** An invalid Pod Security label, reported as upstream does. */
export interface LabelError {
  readonly label: string;
  readonly value: string;
  readonly message: string;
}

/** A resolved namespace policy and the labels that could not be parsed. */
export interface ResolvedPolicy {
  readonly policy: Policy;
  readonly errors: readonly LabelError[];
}

type Mode = keyof Policy;

const MODE_LABELS: readonly (readonly [Mode, string, string])[] = [
  ['enforce', ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL],
  ['audit', AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL],
  ['warn', WARN_LEVEL_LABEL, WARN_VERSION_LABEL],
];

/**
 * Resolves namespace labels to a policy, falling back to `defaults` for missing labels. An invalid
 * enforce level becomes restricted (fail closed), an invalid audit or warn level privileged (fail
 * open), an invalid version latest; each is also reported as an error.
 */
export function resolveNamespacePolicy(
  labels: Readonly<Record<string, string>> | null | undefined,
  defaults: Policy,
): ResolvedPolicy {
  if (!labels) return { policy: defaults, errors: [] };
  const errors: LabelError[] = [];
  const resolve = (mode: Mode, levelLabel: string, versionLabel: string): LevelVersion => {
    const level = readLabel(labels, levelLabel, parseLevel, errors);
    const version = readLabel(labels, versionLabel, parseVersion, errors);
    const failOpen = mode !== 'enforce' && level?.error !== undefined;
    return {
      level: failOpen ? 'privileged' : (level?.value ?? defaults[mode].level),
      version: version?.value ?? defaults[mode].version,
    };
  };
  const [enforce, audit, warn] = MODE_LABELS.map(([mode, l, v]) => resolve(mode, l, v)) as [
    LevelVersion,
    LevelVersion,
    LevelVersion,
  ];
  return { policy: { enforce, audit, warn }, errors };
}

function readLabel<T extends Level | PolicyVersion>(
  labels: Readonly<Record<string, string>>,
  label: string,
  parse: (raw: string) => Parsed<T>,
  errors: LabelError[],
): Parsed<T> | undefined {
  const raw = labels[label];
  if (raw === undefined) return undefined;
  const parsed = parse(raw);
  if (parsed.error !== undefined) errors.push({ label, value: raw, message: parsed.error });
  return parsed;
}

/** One label error as apimachinery prints a field error. */
export function formatLabelError(error: LabelError): string {
  return `metadata.labels[${error.label}]: Invalid value: ${goQuote(error.value)}: ${error.message}`;
}

/** Label errors as apimachinery aggregates them: one message, or `[a, b]`. */
export function formatLabelErrors(errors: readonly LabelError[]): string {
  const messages = errors.map(formatLabelError);
  return messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
}

/** Whether every mode is privileged, so nothing needs evaluating. */
export function isFullyPrivileged(policy: Policy): boolean {
  return (
    policy.enforce.level === 'privileged' &&
    policy.audit.level === 'privileged' &&
    policy.warn.level === 'privileged'
  );
}

/** Whether two policies behave the same in every mode. */
export function equivalentPolicies(a: Policy, b: Policy): boolean {
  return (
    equivalentLevelVersions(a.enforce, b.enforce) &&
    equivalentLevelVersions(a.audit, b.audit) &&
    equivalentLevelVersions(a.warn, b.warn)
  );
}
