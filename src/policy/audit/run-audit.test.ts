import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../analyzers/index.js';
import { buildPolicyEngine } from '../engine.js';
import { podObject, yamlDocuments } from '../test-support.js';
import { auditSnapshot } from './run-audit.js';
import { snapshotFromManifests } from './snapshot.js';

const POLICIES = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: needs-team, annotations: {gangway.io/severity: low, gangway.io/category: Ownership}}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
    - expression: "object.metadata.labels.team != ''"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: needs-team}
spec: {policyName: needs-team, validationActions: [Audit]}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: with-params}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
    - expression: "true"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: with-params}
spec:
  policyName: with-params
  validationActions: [Deny]
  paramRef: {name: missing, parameterNotFoundAction: Allow}
`;

describe('auditSnapshot', () => {
  it('reports runtime errors as error results and missing params as skip, never crashing', () => {
    const { engine } = buildPolicyEngine(yamlDocuments(POLICIES));
    const labelled = podObject('a', 'shop', {
      metadata: { name: 'a', namespace: 'shop', labels: { team: 'x' } },
    });
    const snapshot = snapshotFromManifests(
      [
        { source: 'pods.yaml', line: 1, object: labelled },
        { source: 'pods.yaml', line: 9, object: podObject('b', 'shop') },
      ],
      'dir:pods.yaml',
    );
    const report = auditSnapshot(snapshot, {
      engine,
      analyzers: ANALYZERS,
      now: 1_700_000_000_123,
    });
    expect(report.summary).toEqual({ pass: 1, fail: 0, warn: 0, error: 1, skip: 2 });
    const error = report.results.find((r) => r.result === 'error');
    expect(error).toMatchObject({
      policy: 'needs-team',
      rule: 'validations[0]',
      severity: 'low',
      category: 'Ownership',
    });
    expect(error?.properties).toMatchObject({
      file: 'pods.yaml',
      line: '9',
      binding: 'needs-team',
      expression: "object.metadata.labels.team != ''",
    });
    expect(error?.timestamp).toEqual({ seconds: 1_700_000_000, nanos: 123_000_000 });
    expect(
      report.results.filter((r) => r.result === 'skip').every((r) => r.rule === 'paramRef'),
    ).toBe(true);
    expect(report.results[0]?.result).toBe('error');
    expect(report.policies.map((p) => p.name)).toContain('GW0101');
  });
});
