import { expect } from 'vitest';
import type { FindingCode } from '../../src/validation/codes/index.js';
import type { Finding } from '../../src/validation/findings.js';
import { validateMeshObject } from '../../src/validation/validate-object.js';

/** A mesh object with the given apiVersion, kind and spec, named `x` in `default`. */
export function meshObject(
  apiVersion: string,
  kind: string,
  spec: unknown,
  metadata: Record<string, unknown> = {},
): Record<string, unknown> {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default', ...metadata }, spec };
}

/** The findings of an object that must be a mesh kind. */
export function findingsOf(object: unknown): Finding[] {
  const findings = validateMeshObject(object);
  if (!findings) throw new Error('not a mesh kind');
  return findings;
}

/** Renders findings as `severity code path` lines for readable assertion failures. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.code} ${f.path}: ${f.message}`).join('\n');
}

/** Asserts an object has no error findings (warnings are allowed). */
export function expectNoErrors(object: unknown): void {
  const findings = findingsOf(object);
  expect(
    findings.filter((f) => f.severity === 'error'),
    describeFindings(findings),
  ).toEqual([]);
}

/** Asserts an object has a finding with the code at the path. */
export function expectFinding(object: unknown, code: FindingCode, path: string): void {
  const findings = findingsOf(object);
  const hit = findings.some((f) => f.code === code && f.path === path);
  expect(hit, `expected ${code} at ${path}, got:\n${describeFindings(findings)}`).toBe(true);
}

/** One invalid case of a kind's table: a description, a spec, and the finding it must produce. */
export type InvalidCase = readonly [
  description: string,
  spec: unknown,
  code: FindingCode,
  path: string,
];
