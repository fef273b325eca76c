import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { diffJson } from './diff.js';
import { seededRandom } from '../../test/helpers/seeded-random.js';

/** What fast-json-patch's compare produces, serialised: diffJson must print the same bytes. */
function expectSameAsCompare(before: object, after: object): void {
  const expected = JSON.stringify(fastJsonPatch.compare(before, after));
  expect(JSON.stringify(diffJson(before, after))).toBe(expected);
  const applied = fastJsonPatch.applyPatch(structuredClone(before), diffJson(before, after));
  expect(JSON.stringify(applied.newDocument)).toBe(JSON.stringify(after));
}

describe('diffJson', () => {
  it('produces no operation for equal values, shared or not', () => {
    const pod = { spec: { containers: [{ name: 'a' }] } };
    expect(diffJson(pod, pod)).toEqual([]);
    expect(diffJson(pod, structuredClone(pod))).toEqual([]);
  });

  it.each([
    ['an added member', { a: 1 }, { a: 1, b: { c: [1] } }],
    ['a removed member', { a: 1, b: 2 }, { a: 1 }],
    ['a replaced scalar', { a: 1 }, { a: '1' }],
    ['a scalar replaced by an object', { a: 1 }, { a: { b: 1 } }],
    ['an object replaced by an array', { a: { b: 1 } }, { a: [1] }],
    ['an array grown at the end', { a: [1, 2] }, { a: [1, 2, 3, 4] }],
    ['an array grown at the start', { a: [1, 2] }, { a: [0, 1, 2] }],
    ['an array shrunk', { a: [1, 2, 3, 4] }, { a: [1, 3] }],
    ['keys needing escapes', { 'a/b': { '~c': 1 } }, { 'a/b': { '~c': 2, 'd/~': 3 } }],
    ['null values', { a: null, b: 1 }, { a: 1, b: null }],
    ['an emptied object', { a: { b: 1, c: 2 } }, { a: {} }],
    ['a member set to undefined', { a: 1, b: 2 }, { a: 1, b: undefined }],
    ['an array item set to undefined', { a: [1, 2] }, { a: [1, undefined] }],
    ['a root array', [1, { a: 1 }], [{ a: 2 }, { a: 1 }, 3]],
  ])('matches fast-json-patch for %s', (_name, before, after) => {
    expectSameAsCompare(before, after);
  });

  it('replaces the whole value when an array becomes an object, as fast-json-patch does', () => {
    expectSameAsCompare({ a: [1, 2] }, { a: { 0: 1 } });
  });

  it.each([
    ['an array root becomes an object', [1, { a: 1 }, 3], { 0: 1, 1: { a: 2 }, x: 4 }],
    ['an object root becomes an array', { 0: 'a', b: 2 }, ['a', 'c']],
  ])('matches fast-json-patch when %s', (_name, before, after) => {
    const expected = JSON.stringify(fastJsonPatch.compare(before, after));
    expect(JSON.stringify(diffJson(before, after))).toBe(expected);
  });

  it('shares values with the mutated object instead of copying them', () => {
    const container = { name: 'proxy', env: [{ name: 'A', value: '1' }] };
    const [operation] = diffJson({ spec: {} }, { spec: { proxy: container } });
    expect(operation).toEqual({ op: 'add', path: '/spec/proxy', value: container });
    expect((operation as { value: unknown }).value).toBe(container);
  });

  it('matches fast-json-patch on seeded random mutations of a pod', () => {
    const random = seededRandom(6902);
    for (let round = 0; round < 300; round++) {
      const before = samplePod();
      const after = structuredClone(before);
      for (let step = 0; step < 1 + Math.floor(random() * 6); step++) mutate(after, random);
      expectSameAsCompare(before, after);
    }
  });
});

function samplePod(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'x', 'c~d': 'y' } },
    spec: {
      containers: [
        { name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }], env: [] },
        { name: 'log', args: ['--tail', '/var/log'] },
      ],
      volumes: [{ name: 'logs', emptyDir: {} }],
    },
  };
}

const VALUES: readonly unknown[] = [0, 1, 'x', 'a/b~c', true, null, {}, [], { k: [1, { z: 2 }] }];

/** Applies one random change somewhere in a JSON tree: add, remove, replace, insert or drop. */
function mutate(root: Record<string, unknown>, random: () => number): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let node: Record<string, unknown> | unknown[] = root;
  while (random() < 0.7) {
    const children: (Record<string, unknown> | unknown[])[] = Object.values(node).filter(
      (child): child is Record<string, unknown> | unknown[] =>
        typeof child === 'object' && child !== null,
    );
    if (children.length === 0) break;
    node = pick(children);
  }
  const value = structuredClone(pick(VALUES));
  if (Array.isArray(node)) {
    const index = Math.floor(random() * (node.length + 1));
    if (random() < 0.5) node.splice(index, 0, value);
    else if (node.length > 0) node.splice(Math.min(index, node.length - 1), 1);
    return;
  }
  const keys = Object.keys(node);
  if (keys.length > 0 && random() < 0.4) delete node[pick(keys)];
  else
    node[keys.length > 0 && random() < 0.5 ? pick(keys) : `k${Math.floor(random() * 5)}/x`] = value;
}
