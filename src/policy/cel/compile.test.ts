import type { CelValue } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { compileExpression, isCompileFailure, type CompiledExpression } from './compile.js';
import { createPolicyCelEnvironment } from './environment.js';
import { describeCelValue } from './values.js';

const environment = createPolicyCelEnvironment();
const scope = { environment, declaredVariables: new Set(['known']) };

function compile(source: string): CompiledExpression {
  const result = compileExpression(source, 'spec.validations[0].expression', scope);
  if (isCompileFailure(result)) throw new Error(result.message);
  return result;
}

function failure(source: string): string {
  const result = compileExpression(source, 'p', scope);
  return isCompileFailure(result) ? result.message : 'compiled';
}

describe('compileExpression', () => {
  it('compiles once and runs against bindings', () => {
    const expr = compile('object.spec.replicas + 1 == 4');
    expect(expr.run({ object: { spec: { replicas: 3n } } })).toBe(true);
    expect(expr.run({ object: { spec: { replicas: 5n } } })).toBe(false);
  });

  it('reports syntax errors with a position', () => {
    expect(failure('object.spec. == 1')).toMatch(/^1:\d+: /);
  });

  it('reports unknown functions, methods and identifiers at compile time', () => {
    expect(failure('nosuch(object)')).toContain("undeclared reference to function 'nosuch'");
    expect(failure('object.metadata.name.shout()')).toContain(
      "undeclared reference to method 'shout'",
    );
    expect(failure('objet.spec')).toContain("undeclared reference to 'objet'");
    expect(failure('authorizer.group("")')).toContain('not supported');
  });

  it('reports variables that are not declared, and records those that are read', () => {
    expect(failure('variables.unknown == 1')).toContain("undefined variable 'unknown'");
    expect(compile('variables.known > 1 && variables.known < 5').variables).toEqual(['known']);
  });

  it('allows comprehension variables, type names and the standard macros', () => {
    const expr = compile(
      "object.items.all(i, has(i.name)) && object.items.exists_one(i, i.name == 'a') && type(object) == map",
    );
    expect(expr.run({ object: { items: [{ name: 'a' }, { name: 'b' }] } })).toBe(true);
  });

  it('turns runtime errors into values, never exceptions', () => {
    const expr = compile("object.metadata.labels['missing'] == 'x'");
    const result = expr.run({ object: { metadata: { labels: {} } } });
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/missing/);
    expect(compile('1 / 0 == 1').run({})).toBeInstanceOf(Error);
  });

  it('builds map and filter results as the standard macros do, nested ones included', () => {
    const run = (source: string) => describeCelValue(compile(source).run({}) as CelValue);
    expect(run('[1, 2, 3].map(x, x * 2)')).toBe('[2,4,6]');
    expect(run('[1, 2, 3].filter(x, x != 2)')).toBe('[1,3]');
    expect(run('[1, 2, 3].map(x, x > 1, x * 10)')).toBe('[20,30]');
    expect(run('[[1, 2], [3]].map(l, l.filter(x, x > 1))')).toBe('[[2],[3]]');
    expect(run('[1, 2].map(x, [x, x]).map(l, l.all(y, y > 0))')).toBe('[true,true]');
    expect(run('[1, 2, 3].filter(x, x > 1).map(x, string(x)).join(",")')).toBe('2,3');
    expect(run('[].map(x, x) + [1] == [1] && [1, 2].exists_one(x, x == 2)')).toBe('true');
  });
});
