import { describe, expect, it } from 'vitest';
import { validateMeshObject } from '../../src/validation/validate-object.js';
import { listExamples, loadYamlDocuments } from './load-examples.js';
import { seededRandom as random } from '../helpers/seeded-random.js';

const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  2 ** 40,
  '',
  '*',
  'x'.repeat(300),
  '(?=a)',
  true,
  [],
  {},
  [null],
  { '': 1 },
  '1ms',
  'unix://',
  '::',
  NaN,
];

type Container = Record<string, unknown> | unknown[];

function containers(value: unknown, out: Container[] = []): Container[] {
  if (typeof value === 'object' && value !== null) {
    out.push(value as Container);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

/** A fresh copy of a replacement value, so no object is shared (or nested into itself). */
function replacement(rnd: () => number): unknown {
  const value = pick(REPLACEMENTS, rnd);
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** Applies one random mutation: replace, delete or add a key somewhere in the object. */
function mutate(object: unknown, rnd: () => number): void {
  const target = pick(containers(object), rnd);
  const keys = Object.keys(target);
  const action = rnd();
  if (keys.length === 0 || action < 0.15) {
    (target as Record<string, unknown>)[
      Array.isArray(target) ? target.length : `k${Math.floor(rnd() * 5)}`
    ] = replacement(rnd);
  } else if (action < 0.3 && !Array.isArray(target)) {
    delete target[pick(keys, rnd)];
  } else {
    (target as Record<string, unknown>)[pick(keys, rnd)] = replacement(rnd);
  }
}

const seeds = listExamples()
  .flatMap(([, , path]) => loadYamlDocuments(path))
  .map((d) => d.object)
  .filter((o) => validateMeshObject(o) !== undefined);

describe('fuzzing mutated valid objects', () => {
  it('never throws, and every error carries a path and a known severity', () => {
    const rnd = random(20240611);
    let errors = 0;
    for (let round = 0; round < 1500; round++) {
      const object: unknown = structuredClone(pick(seeds, rnd));
      const mutations = 1 + Math.floor(rnd() * 4);
      for (let m = 0; m < mutations; m++) mutate(object, rnd);
      const findings = validateMeshObject(object) ?? [];
      for (const f of findings) {
        expect(f.path, JSON.stringify(object)).toMatch(/\S/);
        expect(['error', 'warning']).toContain(f.severity);
        expect(f.message).not.toBe('');
        if (f.severity === 'error') errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('survives hostile top-level shapes', () => {
    for (const value of [
      null,
      1,
      'x',
      [],
      {},
      { apiVersion: 7, kind: [] },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: 'x', spec: [] },
    ]) {
      expect(() => validateMeshObject(value)).not.toThrow();
    }
  });
});

describe('pathological input', () => {
  it('reports instead of overflowing on very deep or cyclic objects', () => {
    let deep: Record<string, unknown> = {};
    const spec = deep;
    for (let i = 0; i < 100_000; i++) deep = deep.a = {};
    const object = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'x' },
      spec,
    };
    expect(validateMeshObject(object)?.[0]?.code).toBe('GW-SCHEMA-INVALID');
    const cyclic: Record<string, unknown> = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'x' },
    };
    cyclic.spec = { hosts: ['a'], self: cyclic };
    expect(validateMeshObject(cyclic)?.[0]?.code).toBe('GW-SCHEMA-INVALID');
  });
});
