import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPodSecurityEvaluatorGate } from '../../src/injection/pod-security-evaluator-gate.js';
import { PodSecurityConfigSchema } from '../../src/podsecurity/index.js';
import { join } from 'node:path';
import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { AdmissionContext } from '../../src/admission/handler.js';
import { completeResponse } from '../../src/admission/response.js';
import { createStaticNamespaceLookup } from '../../src/kube/namespaces.js';
import type { Pod } from '../../src/kube/types.js';
import {
  createDefaultPodSecurityGate,
  createInjectionHandler,
  injectManifests,
  injectPod,
  parseStatus,
  type ManifestResult,
} from '../../src/injection/index.js';
import {
  CASES_DIR,
  loadCase,
  outcomeOf,
  parseDocs,
  podFor,
  renderGolden,
  type GoldenCase,
} from './injection/support.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const admission: AdmissionContext = { signal: new AbortController().signal, dryRun: false };
const files = readdirSync(CASES_DIR);
const names = files
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

interface Outcome {
  readonly golden: GoldenCase;
  readonly results: ManifestResult[];
  readonly expected: unknown[];
}

const outcomes = new Map<string, Outcome>();

/** Runs a case through injectManifests and compares (or, with UPDATE_GOLDEN=1, writes) its golden. */
function runCase(name: string): Outcome {
  const cached = outcomes.get(name);
  if (cached) return cached;
  const golden = loadCase(name);
  const input = structuredClone(golden.docs);
  const { docs, results } = injectManifests(input, golden.options);
  expect(input, 'injectManifests must not mutate its input').toEqual(golden.docs);
  const text = renderGolden(name, results, docs);
  const path = join(CASES_DIR, `${name}.injected`);
  if (UPDATE) writeFileSync(path, text);
  expect(existsSync(path), `${name}.injected is missing: run UPDATE_GOLDEN=1`).toBe(true);
  expect(readFileSync(path, 'utf8'), `${name}.injected is stale: run UPDATE_GOLDEN=1`).toBe(text);
  const outcome = { golden, results, expected: parseDocs(text, `${name}.injected`) };
  outcomes.set(name, outcome);
  return outcome;
}

function handlerFor(golden: GoldenCase, namespace: string) {
  const namespaces = createStaticNamespaceLookup({ [namespace]: golden.options.namespaceLabels });
  return createInjectionHandler({
    mesh: golden.options.mesh,
    namespaces,
    clusterVersion: golden.options.clusterVersion,
  });
}

async function checkWebhook(outcome: Outcome, result: ManifestResult): Promise<void> {
  const { golden, expected } = outcome;
  const original = podFor(golden.docs[result.index], result);
  const request = {
    uid: 'golden',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: result.namespace,
    operation: 'CREATE' as const,
    object: original,
  };
  const decision = await handlerFor(golden, result.namespace).handle(request, admission);
  if (result.outcome === 'refused') {
    expect(decision).toMatchObject({
      allowed: false,
      reasonCode: result.code,
      status: { message: result.message },
    });
    return;
  }
  expect(decision.allowed).toBe(true);
  if (result.outcome === 'skipped') {
    expect(decision.reasonCode).toBe(`skip:${result.reason}`);
    expect(decision.patch).toBeUndefined();
    return;
  }
  const patch = completeResponse('golden', decision).response.patch;
  const ops = JSON.parse(
    Buffer.from(patch ?? '', 'base64').toString(),
  ) as fastJsonPatch.Operation[];
  const patched = fastJsonPatch.applyPatch(structuredClone(original), ops, true, false).newDocument;
  expect(patched).toEqual(podFor(expected[result.index], result));
}

const webhookOutcomes: readonly string[] = ['injected', 'skipped', 'refused'];

describe('injection golden files', () => {
  it('has at least 25 cases and no orphan goldens', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
    const orphans = files.filter(
      (f) => f.endsWith('.injected') && !names.includes(f.slice(0, -'.injected'.length)),
    );
    expect(orphans, 'goldens without an input').toEqual([]);
  });

  describe.each(names)('%s', (name) => {
    it('matches its golden through injectManifests, with the expected outcomes', () => {
      const { golden, results } = runCase(name);
      expect(results.map(outcomeOf)).toEqual(golden.header.expect);
    });

    it('matches its golden through the webhook handler', async () => {
      const outcome = runCase(name);
      const checked = outcome.results.filter(
        (r) => webhookOutcomes.includes(r.outcome) && r.code !== 'GANGWAY_ERR_OBJECT_INVALID',
      );
      for (const result of checked) await checkWebhook(outcome, result);
    });

    it('changes nothing when injected again, through both front doors', async () => {
      const { golden, results, expected } = runCase(name);
      const again = injectManifests(structuredClone(expected), golden.options);
      expect(again.docs).toEqual(expected);
      for (const result of results.filter((r) => r.outcome === 'injected')) {
        const pod = podFor(expected[result.index], result);
        const request = {
          uid: 'again',
          kind: { group: '', version: 'v1', kind: 'Pod' },
          resource: { group: '', version: 'v1', resource: 'pods' },
          namespace: result.namespace,
          operation: 'CREATE' as const,
          object: pod,
        };
        const decision = await handlerFor(golden, result.namespace).handle(request, admission);
        expect(decision).toMatchObject({ allowed: true, reasonCode: 'skip:already-injected' });
        expect(decision.patch).toBeUndefined();
      }
    });

    it('merges instead of duplicating when the status annotation is gone', () => {
      const { golden, results, expected } = runCase(name);
      for (const result of results.filter((r) => r.outcome === 'injected')) {
        const pod = podFor(expected[result.index], result) as Pod;
        const stripped = structuredClone(pod);
        delete stripped.metadata!.annotations!['sidecar.gangway.io/status'];
        const context = {
          ...golden.options,
          namespace: result.namespace,
          podSecurityGate: createDefaultPodSecurityGate(),
        };
        expect(injectPod(stripped, context).pod).toEqual(pod);
      }
    });
  });
});

describe.each([
  ['the default gate', createDefaultPodSecurityGate()],
  [
    'the full Pod Security evaluator',
    createPodSecurityEvaluatorGate(PodSecurityConfigSchema.parse({})),
  ],
])('cni-mode injected pods and Pod Security restricted (%s)', (_gateName, gate) => {
  const restricted = {
    namespace: 'golden',
    labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
  };
  const own = (list: Pod['spec']['containers'] | null | undefined) =>
    (list ?? []).filter((c) => c.name.startsWith('gangway-'));
  let wholePods = 0;

  it.each(names)('%s: every cni-mode pod passes restricted through the PodSecurityGate', (name) => {
    const { golden, results, expected } = runCase(name);
    for (const result of results.filter((r) => r.outcome === 'injected')) {
      const injected = podFor(expected[result.index], result) as Pod;
      const status = parseStatus(
        injected.metadata?.annotations?.['sidecar.gangway.io/status'] ?? '',
      );
      if (status?.mode !== 'cni') continue;
      const sidecars: Pod = {
        spec: {
          containers: own(injected.spec.containers),
          initContainers: own(injected.spec.initContainers),
          volumes: injected.spec.volumes ?? [],
        },
      };
      expect(gate.check(sidecars, restricted), `${name}: the injected containers`).toEqual({
        allowed: true,
      });
      const original = podFor(golden.docs[result.index], result) as Pod;
      if (!gate.check(original, restricted).allowed) continue;
      expect(gate.check(injected, restricted), `${name}: the whole pod`).toEqual({ allowed: true });
      wholePods++;
    }
  });

  it('checked at least one whole restricted-compliant pod', () => {
    expect(wholePods).toBeGreaterThan(0);
  });
});
