import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PodSchema } from '../kube/types.js';
import { PodSecurityObjectSchema } from '../podsecurity/pod-spec.js';
import { certainlyPasses } from './schema-check.js';
import { seededRandom } from '../../test/helpers/seeded-random.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: { a: 'b' } },
  spec: {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      {
        name: 'web',
        image: 'web:1',
        ports: [{ containerPort: 8080, name: 'http', hostPort: 0 }],
        env: [{ name: 'A', value: '1' }],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
        securityContext: { capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false },
      },
    ],
    volumes: [{ name: 'logs', emptyDir: {} }],
  },
};

const schemas = { PodSchema, PodSecurityObjectSchema } as const;

describe('certainlyPasses', () => {
  it.each(Object.entries(schemas))('passes a valid pod without zod (%s)', (_name, schema) => {
    expect(schema.safeParse(pod).success).toBe(true);
    expect(certainlyPasses(schema, pod)).toBe(true);
  });

  it.each([
    ['a container without a name', { spec: { containers: [{ image: 'x' }] } }],
    ['an empty container name', { spec: { containers: [{ name: '' }] } }],
    ['no containers', { spec: { containers: [] } }],
    [
      'a string port number',
      { spec: { containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] } },
    ],
    [
      'a fractional uid',
      { spec: { containers: [{ name: 'a' }], securityContext: { runAsUser: 1.5 } } },
    ],
    ['a numeric label', { metadata: { labels: { a: 1 } }, spec: { containers: [{ name: 'a' }] } }],
    ['no spec', { metadata: {} }],
    ['an array for an object', { spec: [] }],
  ])('is not certain of %s, which zod refuses', (_name, value) => {
    expect(PodSchema.safeParse(value).success).toBe(false);
    expect(certainlyPasses(PodSchema, value)).toBe(false);
  });

  it('is never certain of a schema it does not understand', () => {
    const refined = z.looseObject({ a: z.string() }).refine((v) => v.a === 'yes');
    expect(certainlyPasses(refined, { a: 'no' })).toBe(false);
    expect(certainlyPasses(z.strictObject({ a: z.string() }), { a: 'x' })).toBe(false);
    expect(certainlyPasses(z.string().default('x'), 'x')).toBe(false);
  });

  it.each(Object.entries(schemas))(
    'agrees with zod on seeded random corruptions of a pod (%s)',
    (_name, schema) => {
      const random = seededRandom(42);
      let certain = 0;
      for (let round = 0; round < 2000; round++) {
        const value = structuredClone(pod) as Record<string, unknown>;
        corrupt(value, random);
        const fast = certainlyPasses(schema, value);
        if (fast) certain++;
        // Certain must mean valid; not certain may be either, and then zod decides.
        if (fast) expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
        else expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
      }
      expect(certain).toBeGreaterThan(100);
    },
  );
});

const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  '',
  'x',
  0,
  -1,
  1.5,
  2 ** 31,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  [1],
  { name: 'n' },
];

/** Replaces or deletes one member somewhere in the tree. */
function corrupt(root: Record<string, unknown>, random: () => number): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let node: Record<string, unknown> | unknown[] = root;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = pick(keys);
    const child: unknown = node[key];
    if (typeof child === 'object' && child !== null && random() < 0.75) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (random() < 0.2 && !Array.isArray(node)) delete node[key];
    else node[key] = structuredClone(pick(REPLACEMENTS));
    return;
  }
}
