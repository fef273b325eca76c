import { describe, expect, it } from 'vitest';
import type { JsonObject } from './cel/values.js';
import type { ClusterState } from './cluster/cluster-state.js';
import { createClusterState } from './cluster/cluster-state.js';
import { buildPolicyEngine } from './engine.js';
import { requestForObject } from './request.js';
import { podObject, yamlDocuments } from './test-support.js';

/** A policy on `resources` (pods by default) with the given spec lines after matchConstraints. */
function policy(name: string, spec: string, resources = 'pods'): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}}
spec:
  matchConstraints:
    resourceRules:
      - {apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [${resources}]}
${spec.replace(/^/gm, '  ')}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec: {policyName: ${name}, validationActions: [Deny]}
---
`;
}

/** A cluster state that counts its listings: each counts one evaluation of clusterResources(). */
function countingCluster(): { state: ClusterState; lists: () => number } {
  const inner = createClusterState([]);
  let lists = 0;
  const state: ClusterState = {
    list: (group, kind, namespace) => {
      lists++;
      return inner.list(group, kind, namespace);
    },
    namespace: (name) => inner.namespace(name),
    namespaceNames: () => inner.namespaceNames(),
  };
  return { state, lists: () => lists };
}

const COUNTED = `matchConditions:
  - name: counted
    expression: size(clusterResources('', 'ConfigMap', '')) == 0`;

function engineOf(text: string): ReturnType<typeof buildPolicyEngine>['engine'] {
  const { engine, problems } = buildPolicyEngine(yamlDocuments(text));
  expect(problems).toEqual([]);
  return engine;
}

describe('what one request shares', () => {
  it('never evaluates a policy whose rules do not include the kind', () => {
    const engine = engineOf(
      policy('on-services', `${COUNTED}\nvalidations: [{expression: 'true'}]`, 'services'),
    );
    const { state, lists } = countingCluster();
    expect(
      engine.evaluate(requestForObject(podObject('a', 'shop'), null), { cluster: state }),
    ).toEqual([]);
    expect(lists()).toBe(0);
  });

  it('runs a request-level expression once for every policy repeating it, once per request', () => {
    const text = ['a', 'b', 'c']
      .map((name) => policy(name, `${COUNTED}\nvalidations: [{expression: 'true'}]`))
      .join('');
    const engine = engineOf(text);
    const { state, lists } = countingCluster();
    const request = requestForObject(podObject('a', 'shop'), null);
    const first = engine.evaluate(request, { cluster: state });
    expect(first.map((d) => d.outcome)).toEqual(['pass', 'pass', 'pass']);
    expect(lists()).toBe(1);
    engine.evaluate(request, { cluster: state });
    expect(lists()).toBe(2);
  });

  it('does not share expressions that read params or variables across policies', () => {
    const one = policy(
      'one',
      `variables: [{name: n, expression: "'one'"}]
validations: [{expression: "variables.n == 'x'", messageExpression: "'saw ' + variables.n"}]`,
    );
    const two = policy(
      'two',
      `variables: [{name: n, expression: "'two'"}]
validations: [{expression: "variables.n == 'x'", messageExpression: "'saw ' + variables.n"}]`,
    );
    const decisions = engineOf(one + two).evaluate(requestForObject(podObject('a', 'shop'), null));
    expect(decisions.map((d) => d.violations[0]?.message)).toEqual(['saw one', 'saw two']);
  });

  it('computes request-level values afresh for the next request', () => {
    const engine = engineOf(
      policy(
        'named',
        `validations: [{expression: "object.metadata.name == 'never'", messageExpression: "'name ' + object.metadata.name"}]`,
      ),
    );
    const messages = ['first', 'second'].map(
      (name) =>
        engine.evaluate(requestForObject(podObject(name, 'shop'), null))[0]?.violations[0]?.message,
    );
    expect(messages).toEqual(['name first', 'name second']);
  });

  it('gives every policy of a request the same Pod Security result, and each request its own', () => {
    const check = (name: string, level: string): string =>
      policy(
        name,
        `variables: [{name: v, expression: "podSecurityViolations(object, '${level}')"}]
validations: [{expression: 'size(variables.v) == 0', messageExpression: "variables.v.join(', ')"}]`,
      );
    const engine = engineOf(check('one', 'baseline') + check('two', 'baseline'));
    const privileged: JsonObject = podObject('p', 'shop', {
      spec: {
        containers: [{ name: 'app', image: 'app:1', securityContext: { privileged: true } }],
      },
    });
    const first = engine.evaluate(requestForObject(privileged, null));
    expect(first.map((d) => d.outcome)).toEqual(['violations', 'violations']);
    expect(first[0]?.violations[0]?.message).toContain('privileged');
    expect(first[1]?.violations[0]?.message).toBe(first[0]?.violations[0]?.message);
    const second = engine.evaluate(requestForObject(podObject('q', 'shop'), null));
    expect(second.map((d) => d.outcome)).toEqual(['pass', 'pass']);
  });

  it('binds request, namespaceObject and oldObject for a policy that reads them', () => {
    const engine = engineOf(
      policy(
        'reads-all',
        `validations:
  - expression: "request.operation == 'UPDATE'"
    messageExpression: >-
      request.operation + ' ' + request.name + ' in ' + namespaceObject.metadata.name +
      (oldObject == null ? ', no old object' : ', old object')`,
      ),
    );
    const namespace: JsonObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    };
    const decisions = engine.evaluate(requestForObject(podObject('a', 'shop'), namespace));
    expect(decisions[0]?.violations[0]?.message).toBe('CREATE a in shop, no old object');
  });
});
