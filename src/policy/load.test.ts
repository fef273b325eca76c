import { describe, expect, it } from 'vitest';
import { createPolicyCelEnvironment } from './cel/environment.js';
import { loadPolicies } from './load.js';
import { formatLoadProblem } from './problems.js';
import { yamlDocuments } from './test-support.js';

const environment = createPolicyCelEnvironment();

const GOOD = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: good
  annotations: {gangway.io/severity: critical, gangway.io/category: Testing, gangway.io/description: A good one.}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
    - expression: "true"
`;

const BROKEN = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: broken}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  variables:
    - {name: a, expression: "variables.b"}
    - {name: b, expression: "1"}
  validations:
    - expression: "object.spec.containers.all(c, c.image.nosuch())"
    - expression: "true"
      messageExpression: "'unterminated"
`;

function binding(name: string, policyName: string, actions = '[Deny]'): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec: {policyName: ${policyName}, validationActions: ${actions}}
`;
}

function load(...docs: string[]): ReturnType<typeof loadPolicies> {
  return loadPolicies(yamlDocuments(docs.join('---\n'), 'policies/test.yaml'), environment);
}

describe('loadPolicies', () => {
  it('loads policies, their gangway metadata and bindings', () => {
    const set = load(GOOD, binding('good', 'good'));
    expect(set.problems).toEqual([]);
    expect(set.policies[0]?.metadata).toMatchObject({
      severity: 'critical',
      category: 'Testing',
      description: 'A good one.',
    });
    expect(set.policies[0]?.metadata.docsUrl).toMatch(/policies\.md#good$/);
    expect(set.bindings.map((b) => b.actions)).toEqual([['Deny']]);
  });

  it('reports every expression that does not compile, with file, line and source; others still load', () => {
    const set = load(GOOD, BROKEN, binding('good', 'good'), binding('broken', 'broken'));
    expect(set.policies.map((p) => p.name)).toEqual(['good']);
    const problems = set.problems.filter((p) => p.code === 'expression-invalid');
    expect(problems.map((p) => [p.name, p.path, p.file])).toEqual([
      ['broken', 'spec.variables[0].expression', 'policies/test.yaml'],
      ['broken', 'spec.validations[0].expression', 'policies/test.yaml'],
      ['broken', 'spec.validations[1].messageExpression', 'policies/test.yaml'],
    ]);
    expect(problems[0]?.line).toBeGreaterThan(10);
    expect(problems[1]?.expression).toBe('object.spec.containers.all(c, c.image.nosuch())');
    expect(formatLoadProblem(problems[1]!)).toMatch(
      /^policies\/test\.yaml:\d+: broken: spec\.validations\[0\]\.expression: a CEL expression does not compile: .*nosuch/,
    );
    // The binding of a policy that failed is dropped without a second problem.
    expect(set.bindings.map((b) => b.name)).toEqual(['good']);
    expect(set.problems.some((p) => p.code === 'binding-unknown-policy')).toBe(false);
  });

  it('reports schema errors, duplicates, unknown policies and bad metadata', () => {
    const set = load(
      GOOD,
      GOOD,
      GOOD.replace('name: good', 'name: typo').replace('validations:', 'validatoins:'),
      GOOD.replace('name: good', 'name: sev').replace('critical', 'urgent'),
      binding('orphan', 'nobody'),
      binding('both', 'good', '[Deny, Warn]'),
    );
    const codes = set.problems.map((p) => [p.code, p.name]);
    expect(codes).toEqual([
      ['duplicate-name', 'good'],
      ['policy-invalid', 'typo'],
      ['metadata-invalid', 'sev'],
      ['binding-invalid', 'both'],
      ['binding-unknown-policy', 'orphan'],
    ]);
    expect(set.policies.find((p) => p.name === 'sev')?.metadata.severity).toBe('medium');
  });

  it('keeps other kinds as parameter objects and expands Lists', () => {
    const set = load(`apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: x}, data: {}}
`);
    expect(set.params.map((p) => p['kind'])).toEqual(['ConfigMap']);
  });
});
