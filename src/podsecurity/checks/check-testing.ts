import type { CheckDefinition, Forbidden } from '../check.js';
import type { PodMetadataInput, PodSpecInput } from '../pod-spec.js';

/*
 * Test support for the table-driven tests beside each check (imported only by *.test.ts files).
 * Pods are built from plain objects without the zod schema, so a table can use the shapes upstream's
 * own tests use (a pod with no containers, for one).
 */

/** One row of a check table: a pod, the version to evaluate at, and the expected refusal or none. */
export interface CheckCase {
  readonly name: string;
  /** Minor of the policy version; the check's newest revision when omitted. */
  readonly version?: number;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The expected reason and detail; undefined when the pod must be allowed. */
  readonly expected?: Forbidden;
}

/** Runs the revision of a check in force at a version against a plain pod. */
export function runCheck(definition: CheckDefinition, row: CheckCase): Forbidden | undefined {
  const version = row.version ?? Number.MAX_SAFE_INTEGER;
  const revision = definition.versions.filter((v) => v.minVersion <= version).pop();
  if (!revision) return undefined;
  const spec = { containers: [], ...row.spec } as unknown as PodSpecInput;
  const metadata: PodMetadataInput = row.annotations ? { annotations: { ...row.annotations } } : {};
  return revision.check(spec, metadata);
}

/** A container with a name and, optionally, a securityContext. */
export function container(
  name: string,
  securityContext?: Record<string, unknown>,
): Record<string, unknown> {
  return securityContext === undefined ? { name } : { name, securityContext };
}
