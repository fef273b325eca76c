import { describe, expect, it } from 'vitest';
import type { JsonObject } from './cel/values.js';
import { createClusterState } from './cluster/cluster-state.js';
import { buildPolicyEngine } from './engine.js';
import type { Decision } from './evaluate.js';
import { requestForObject } from './request.js';
import { podObject, yamlDocuments } from './test-support.js';

function policy(name: string, spec: string, binding = 'validationActions: [Deny]'): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}}
spec:
${spec.replace(/^/gm, '  ')}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}-binding}
spec:
  policyName: ${name}
${binding.replace(/^/gm, '  ')}
`;
}

const PODS = `matchConstraints:
  resourceRules:
    - {apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}`;

function evaluate(
  text: string,
  object: JsonObject,
  namespace: JsonObject | null = null,
  cluster?: JsonObject[],
): Decision[] {
  const { engine, problems } = buildPolicyEngine(yamlDocuments(text));
  expect(problems).toEqual([]);
  const state = cluster ? createClusterState(cluster) : undefined;
  return engine.evaluate(requestForObject(object, namespace), { cluster: state });
}

describe('policy evaluation', () => {
  it('passes, fails with message, messageExpression and reason', () => {
    const text = policy(
      'p',
      `${PODS}
validations:
  - expression: "object.metadata.name.startsWith('ok')"
    messageExpression: "'name ' + object.metadata.name + ' must start with ok'"
    reason: Forbidden
  - expression: "false"
    message: static message
  - expression: "object.spec.containers.size() == 0"`,
    );
    const [d] = evaluate(text, podObject('bad', 'shop'));
    expect(d?.outcome).toBe('violations');
    expect(d?.violations.map((v) => [v.kind, v.rule, v.message, v.reason])).toEqual([
      ['fail', 'validations[0]', 'name bad must start with ok', 'Forbidden'],
      ['fail', 'validations[1]', 'static message', 'Invalid'],
      [
        'fail',
        'validations[2]',
        'failed expression: object.spec.containers.size() == 0',
        'Invalid',
      ],
    ]);
    const [ok] = evaluate(
      text.replace('"false"', '"true"').replace('size() == 0', 'size() == 1'),
      podObject('okay', 'shop'),
    );
    expect(ok?.outcome).toBe('pass');
    expect(ok?.passed).toEqual(['validations[0]', 'validations[1]', 'validations[2]']);
  });

  it('falls back to message when messageExpression fails', () => {
    const text = policy(
      'p',
      `${PODS}
validations:
  - expression: "false"
    message: fallback
    messageExpression: "object.nope + 'x'"`,
    );
    expect(evaluate(text, podObject('a', 'ns'))[0]?.violations[0]?.message).toBe('fallback');
  });

  it('turns runtime errors into error violations, enforced only under failurePolicy Fail', () => {
    const body = `${PODS}
validations:
  - expression: "object.metadata.labels['team'] == 'x'"`;
    const [fail] = evaluate(policy('p', body), podObject('a', 'ns'));
    expect(fail?.violations[0]).toMatchObject({
      kind: 'error',
      enforced: true,
      rule: 'validations[0]',
    });
    expect(fail?.violations[0]?.message).toContain(
      "expression 'object.metadata.labels['team'] == 'x'' resulted in error",
    );
    const [ignore] = evaluate(policy('p', `failurePolicy: Ignore\n${body}`), podObject('a', 'ns'));
    expect(ignore?.violations[0]).toMatchObject({ kind: 'error', enforced: false });
    const [notBool] = evaluate(
      policy('p', `${PODS}\nvalidations:\n  - expression: "'yes'"`),
      podObject('a', 'ns'),
    );
    expect(notBool?.violations[0]?.message).toContain('must evaluate to bool');
  });

  it('matches resource rules, exclusions, and namespace and object selectors', () => {
    const text = policy(
      'p',
      `matchConstraints:
  resourceRules:
    - {apiGroups: [''], apiVersions: ['*'], operations: ['*'], resources: ['*']}
  excludeResourceRules:
    - {apiGroups: [''], apiVersions: ['*'], operations: ['*'], resources: [services]}
  namespaceSelector: {matchLabels: {env: prod}}
  objectSelector: {matchExpressions: [{key: skip, operator: DoesNotExist}]}
validations:
  - expression: "false"`,
    );
    const prod = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { env: 'prod' } },
    };
    expect(evaluate(text, podObject('a', 'shop'), prod)).toHaveLength(1);
    expect(evaluate(text, podObject('a', 'shop'), null)).toHaveLength(0);
    expect(
      evaluate(
        text,
        podObject('a', 'shop', {
          metadata: { name: 'a', namespace: 'shop', labels: { skip: 'y' } },
        }),
        prod,
      ),
    ).toHaveLength(0);
    expect(
      evaluate(
        text,
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' } },
        prod,
      ),
    ).toHaveLength(0);
    // A Namespace is matched against its own labels.
    expect(evaluate(text, prod, null)).toHaveLength(1);
  });

  it('skips when a matchCondition is false, errs when one fails', () => {
    const text = policy(
      'p',
      `${PODS}
matchConditions:
  - name: only-team-a
    expression: "has(object.metadata.labels) && object.metadata.labels.team == 'a'"
validations:
  - expression: "false"`,
    );
    expect(evaluate(text, podObject('x', 'ns'))[0]?.outcome).toBe('not-applicable');
    const teamA = podObject('x', 'ns', {
      metadata: { name: 'x', namespace: 'ns', labels: { team: 'a' } },
    });
    expect(evaluate(text, teamA)[0]?.outcome).toBe('violations');
    const broken = policy(
      'p',
      `${PODS}\nmatchConditions:\n  - {name: c, expression: "object.nope"}\nvalidations:\n  - expression: "true"`,
    );
    expect(evaluate(broken, podObject('x', 'ns'))[0]?.violations[0]?.rule).toBe(
      'matchConditions[c]',
    );
  });

  it('computes only the variables an expression reads, each once', () => {
    const text = policy(
      'p',
      `${PODS}
variables:
  - {name: broken, expression: "object.nope.deeper"}
  - {name: names, expression: "object.spec.containers.map(c, c.name)"}
  - {name: count, expression: "size(variables.names)"}
validations:
  - expression: "variables.count == 1 && variables.names[0] == 'app'"
  - expression: "variables.broken == 1"`,
    );
    const [d] = evaluate(text, podObject('a', 'ns'));
    expect(d?.passed).toEqual(['validations[0]']);
    expect(d?.violations[0]?.message).toContain("variable 'broken' failed");
  });

  it('resolves params by name and selector, and follows parameterNotFoundAction', () => {
    const params = `paramKind: {apiVersion: v1, kind: ConfigMap}
${PODS}
validations:
  - expression: "object.metadata.name in params.data.allowed.split(',')"
    messageExpression: "'not allowed by ' + params.metadata.name"`;
    const config = (name: string, allowed: string, labels = {}): JsonObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'shop', labels },
      data: { allowed },
    });
    const byName = policy(
      'p',
      params,
      'validationActions: [Deny]\nparamRef: {name: allow, parameterNotFoundAction: Deny}',
    );
    const cluster = [
      config('allow', 'a,b'),
      config('other', 'z', { pick: 'me' }),
      config('third', 'a', { pick: 'me' }),
    ];
    expect(evaluate(byName, podObject('a', 'shop'), null, cluster)[0]?.outcome).toBe('pass');
    const bySelector = policy(
      'p',
      params,
      'validationActions: [Deny]\nparamRef: {selector: {matchLabels: {pick: me}}, parameterNotFoundAction: Deny}',
    );
    const decisions = evaluate(bySelector, podObject('a', 'shop'), null, cluster);
    expect(decisions.map((d) => [d.paramName, d.outcome])).toEqual([
      ['other', 'violations'],
      ['third', 'pass'],
    ]);
    expect(decisions[0]?.violations[0]?.message).toBe('not allowed by other');
    const missingDeny = evaluate(byName, podObject('a', 'elsewhere'), null, cluster);
    expect(missingDeny[0]?.violations[0]).toMatchObject({ rule: 'paramRef', kind: 'fail' });
    const allow = policy(
      'p',
      params,
      'validationActions: [Deny]\nparamRef: {name: allow, parameterNotFoundAction: Allow}',
    );
    expect(evaluate(allow, podObject('a', 'elsewhere'), null, cluster)[0]?.outcome).toBe('skip');
  });

  it('uses param objects shipped beside the policies', () => {
    const text = `${policy('p', `paramKind: {apiVersion: gangway.io/v1, kind: Limits}\n${PODS}\nvalidations:\n  - expression: "size(object.spec.containers) <= params.max"`, 'validationActions: [Deny]\nparamRef: {name: limits, namespace: gangway-system}')}---
apiVersion: gangway.io/v1
kind: Limits
metadata: {name: limits, namespace: gangway-system}
max: 0
`;
    expect(evaluate(text, podObject('a', 'shop'))[0]?.outcome).toBe('violations');
  });

  it('evaluates audit annotations and applies binding matchResources', () => {
    const text = policy(
      'p',
      `${PODS}
validations:
  - expression: "true"
auditAnnotations:
  - {key: image, valueExpression: "object.spec.containers[0].image"}
  - {key: skipped, valueExpression: "null"}`,
      'validationActions: [Audit]\nmatchResources: {namespaceSelector: {matchLabels: {audit: "yes"}}}',
    );
    const audited = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns', labels: { audit: 'yes' } },
    };
    expect(evaluate(text, podObject('a', 'ns'), audited)[0]?.auditAnnotations).toEqual({
      'p/image': 'app:1',
    });
    expect(evaluate(text, podObject('a', 'ns'), null)).toHaveLength(0);
  });
});
