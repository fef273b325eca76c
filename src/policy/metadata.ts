/** The severities of findings, most severe first (the PolicyReport severity enum). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** A finding's severity. */
export type Severity = (typeof SEVERITIES)[number];

/** Annotation giving a policy's severity. */
export const SEVERITY_ANNOTATION = 'gangway.io/severity';
/** Annotation giving a policy's category, e.g. `Workloads`. */
export const CATEGORY_ANNOTATION = 'gangway.io/category';
/** Annotation giving a one-sentence description. */
export const DESCRIPTION_ANNOTATION = 'gangway.io/description';
/** Annotation overriding the link to a policy's documentation. */
export const DOCS_ANNOTATION = 'gangway.io/docs-url';

/** Where the documentation of the built-in policies and analyzers lives. */
export const DOCS_BASE_URL = 'https://github.com/gangway-mesh/gangway/blob/main/docs';

/** What gangway reads from a policy's annotations, with defaults filled in. */
export interface PolicyMetadata {
  readonly severity: Severity;
  readonly category: string;
  readonly description: string;
  readonly docsUrl: string;
}

/** Whether a string is a severity. */
export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Ranks a severity: 0 for critical, 4 for info. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is at least as severe as `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** The anchor docs/policies.md uses for a policy (GitHub's heading slug). */
export function policyDocsUrl(name: string): string {
  return `${DOCS_BASE_URL}/policies.md#${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
}

/**
 * Reads the gangway.io annotations of a policy. An unknown severity falls back to `medium` and
 * is returned as a problem, so a typo is reported rather than silently downgrading a rule.
 */
export function readPolicyMetadata(
  name: string,
  annotations: Readonly<Record<string, string>>,
): { metadata: PolicyMetadata; problem?: string } {
  const raw = annotations[SEVERITY_ANNOTATION];
  const valid = raw !== undefined && isSeverity(raw);
  const metadata: PolicyMetadata = {
    severity: valid ? raw : 'medium',
    category: annotations[CATEGORY_ANNOTATION] ?? 'General',
    description: annotations[DESCRIPTION_ANNOTATION] ?? '',
    docsUrl: annotations[DOCS_ANNOTATION] ?? policyDocsUrl(name),
  };
  if (raw === undefined || valid) return { metadata };
  return {
    metadata,
    problem: `${SEVERITY_ANNOTATION} must be one of ${SEVERITIES.join(', ')} (got "${raw}")`,
  };
}
