import { isCelError, plan, parse } from '@bufbuild/cel';
import type { CelInput } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { createClusterState } from '../cluster/cluster-state.js';
import { createPolicyCelEnvironment } from './environment.js';
import { fromCelValue, toCelInput } from './values.js';

const environment = createPolicyCelEnvironment();

function run(source: string, bindings: Record<string, CelInput> = {}): unknown {
  const result = plan(environment.env, parse(source))(bindings);
  return isCelError(result) ? new Error(result.message) : fromCelValue(result);
}

describe('Kubernetes CEL libraries', () => {
  it('quantity: parse, compare, arithmetic, conversions', () => {
    expect(run("quantity('1Gi').isGreaterThan(quantity('1000Mi'))")).toBe(true);
    expect(run("quantity('500m').isLessThan(quantity('1'))")).toBe(true);
    expect(run("quantity('1.5').compareTo(quantity('1500m'))")).toBe(0);
    expect(run("quantity('1Ki').add(quantity('24')).asInteger()")).toBe(1048);
    expect(run("quantity('2').sub(3).sign()")).toBe(-1);
    expect(run("quantity('1500m').isInteger()")).toBe(false);
    expect(run("quantity('1e3').asApproximateFloat()")).toBe(1000);
    expect(run("isQuantity('12Mi') && !isQuantity('12 Mi')")).toBe(true);
    expect(run("quantity('twelve')")).toBeInstanceOf(Error);
    expect(run("quantity('1.5').asInteger()")).toBeInstanceOf(Error);
  });

  it('url: parts of absolute URLs and paths', () => {
    expect(run("url('https://user@example.com:8443/a%20b?x=1&x=2').getHostname()")).toBe(
      'example.com',
    );
    expect(run("url('https://example.com:8443/').getPort()")).toBe('8443');
    expect(run("url('https://[::1]:80/').getHostname()")).toBe('::1');
    expect(run("url('https://example.com/a%20b').getEscapedPath()")).toBe('/a%20b');
    expect(run("url('https://example.com/?x=1&x=2').getQuery()")).toEqual({ x: ['1', '2'] });
    expect(run("url('/healthz').getScheme()")).toBe('');
    expect(run("isURL('https://example.com') && !isURL('example.com')")).toBe(true);
  });

  it('lists: isSorted, sum, min, max, indexOf, lastIndexOf and ext lists', () => {
    expect(run('[1, 2, 3].isSorted() && ![2, 1].isSorted()')).toBe(true);
    expect(run('[1, 2, 3].sum()')).toBe(6);
    expect(run('[1.5, 2.5].sum()')).toBe(4);
    expect(run("['b', 'a'].min()")).toBe('a');
    expect(run('[3, 9, 4].max()')).toBe(9);
    expect(run("['a', 'b', 'a'].lastIndexOf('a')")).toBe(2);
    expect(run("['a', 'b'].indexOf('z')")).toBe(-1);
    expect(run('[[1], [2, 3]].flatten()')).toEqual([1, 2, 3]);
    expect(run('[1, 1, 2].distinct()')).toEqual([1, 2]);
    expect(run('[3, 1, 2].sort().reverse()')).toEqual([3, 2, 1]);
    expect(run('[1, 2, 3, 4].slice(1, 3)')).toEqual([2, 3]);
    expect(run('[].max()')).toBeInstanceOf(Error);
  });

  it('regex: find and findAll (RE2), matches', () => {
    expect(run("'image:1.2.3'.find('[0-9.]+$')")).toBe('1.2.3');
    expect(run("'a1b22c333'.findAll('[0-9]+')")).toEqual(['1', '22', '333']);
    expect(run("'a1b22c333'.findAll('[0-9]+', 2)")).toEqual(['1', '22']);
    expect(run("'abc'.find('z')")).toBe('');
    expect(run("'nginx:latest'.matches(':latest$')")).toBe(true);
  });

  it('strings extension', () => {
    expect(run("'A,b'.lowerAscii().split(',')")).toEqual(['a', 'b']);
    expect(run("['x', 'y'].join('-')")).toBe('x-y');
    expect(run("'registry:5000/app'.substring('registry:5000/app'.lastIndexOf('/') + 1)")).toBe(
      'app',
    );
  });

  it('JSON integers are CEL ints, so arithmetic with literals works', () => {
    const object = toCelInput({ spec: { replicas: 3, ratio: 0.5 } });
    expect(run('object.spec.replicas + 1', { object })).toBe(4);
    expect(run('object.spec.ratio * 2.0', { object })).toBe(1);
  });

  it('podSecurityViolations runs the Pod Security engine on pods and templates', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { hostNetwork: true, containers: [{ name: 'a', image: 'a' }] },
    };
    const object = environment.bindObject(pod);
    expect(run("podSecurityViolations(object, 'baseline')", { object })).toEqual([
      'host namespaces (hostNetwork=true)',
    ]);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: pod } };
    expect(
      run("size(podSecurityViolations(object, 'restricted')) > 1", {
        object: toCelInput(deployment),
      }),
    ).toBe(true);
    expect(run("podSecurityViolations(object, 'bogus')", { object })).toBeInstanceOf(Error);
    expect(
      run("podSecurityViolations(object, 'baseline')", {
        object: toCelInput({ kind: 'Service', apiVersion: 'v1' }),
      }),
    ).toEqual([]);
  });

  it('clusterResources reads the cluster state of the evaluation, and errs without one', () => {
    const cluster = createClusterState([
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'a', namespace: 'shop' },
      },
    ]);
    const source =
      "clusterResources('security.istio.io', 'AuthorizationPolicy', 'shop').map(p, p.metadata.name)";
    expect(environment.withContext({ cluster }, () => run(source))).toEqual(['a']);
    expect(environment.withContext({ cluster }, () => run(source.replace("'shop'", "''")))).toEqual(
      ['a'],
    );
    expect(run(source)).toBeInstanceOf(Error);
  });
});
