import { describe, expect, it } from 'vitest';
import { compileExpression, isCompileFailure } from './compile.js';
import { createPolicyCelEnvironment } from './environment.js';
import { fromCelValue, toCelInput } from './values.js';

const environment = createPolicyCelEnvironment();

function run(source: string, object: unknown): unknown {
  const scope = { environment, declaredVariables: new Set<string>() };
  const compiled = compileExpression(source, 'p', scope);
  if (isCompileFailure(compiled)) throw new Error(compiled.message);
  return compiled.run({ object: toCelInput(object) });
}

describe('toCelInput', () => {
  const object = { b: 1, a: { x: 1.5, list: [1, 'two', { deep: true }] }, n: null, u: undefined };

  it('converts back to the same JSON, keys in order, undefined fields left out', () => {
    const back = fromCelValue(toCelInput(object) as never);
    expect(back).toEqual({ b: 1, a: { x: 1.5, list: [1, 'two', { deep: true }] }, n: null });
    expect(Object.keys(back as object)).toEqual(['b', 'a', 'n']);
  });

  it('answers size, presence, fields and iteration as a map of the object', () => {
    expect(run('size(object)', object)).toBe(3n);
    expect(run("has(object.a) && !has(object.u) && 'b' in object", object)).toBe(true);
    expect(run("'constructor' in object || 'toString' in object", object)).toBe(false);
    expect(run('object.b + 1 == 2 && object.a.x == 1.5', object)).toBe(true);
    expect(run('object.a.list[2].deep', object)).toBe(true);
    expect(fromCelValue(run('object.map(k, k)', object) as never)).toEqual(['b', 'a', 'n']);
    expect(
      run(
        'object == {"b": 1, "a": {"x": 1.5, "list": [1, "two", {"deep": true}]}, "n": null}',
        object,
      ),
    ).toBe(true);
  });

  it('reports a missing key as an error', () => {
    expect(run('object.missing', object)).toBeInstanceOf(Error);
  });
});
