import { describe, expect, it } from 'vitest';
import fastJsonPatch from 'fast-json-patch';
import type { AdmissionHandler, KindHandler } from './handler.js';
import type { AdmissionRequest } from './review.js';
import { allowed, denied, patched, withWarnings } from './response.js';
import { chainMutatingHandlers, composeValidatingHandlers, mergeDecisions } from './compose.js';

const request = (object: unknown, kind = 'Pod'): AdmissionRequest => ({
  uid: 'u',
  kind: { group: '', version: 'v1', kind },
  resource: { group: '', version: 'v1', resource: 'pods' },
  operation: 'CREATE',
  object,
});
const context = { signal: new AbortController().signal, dryRun: false };

function setLabel(name: string, key: string, value: string): AdmissionHandler {
  return {
    name,
    async handle(req) {
      const obj = req.object as { metadata: { labels?: Record<string, string> } };
      const next = structuredClone(obj);
      next.metadata.labels = { ...next.metadata.labels, [key]: value };
      return withWarnings(patched(`${name}-done`, obj, next), [`${name} warned`]);
    },
  };
}

describe('mergeDecisions', () => {
  it('lets the first refusal win and keeps every warning and audit annotation', () => {
    const merged = mergeDecisions([
      withWarnings(allowed('a'), ['w1'], { k1: 'v1' }),
      denied('b', 'no', 403),
      withWarnings(denied('c', 'also no', 400), ['w2']),
    ]);
    expect(merged).toMatchObject({
      allowed: false,
      reasonCode: 'b',
      status: { code: 403, message: 'no' },
    });
    expect(merged.warnings).toEqual(['w1', 'w2']);
    expect(merged.auditAnnotations).toEqual({ k1: 'v1' });
  });

  it('allows when every decision allows', () => {
    expect(mergeDecisions([allowed('a'), withWarnings(allowed('b'), ['w'])])).toMatchObject({
      allowed: true,
      warnings: ['w'],
    });
  });
});

describe('composeValidatingHandlers', () => {
  const claims = (kind: string, decision: ReturnType<typeof allowed>): KindHandler => ({
    matches: (_g, k) => k === kind,
    handle: async () => decision,
  });

  it('allows kinds nobody claims and asks every handler that claims the kind', async () => {
    const handler = composeValidatingHandlers('validate', [
      claims('Pod', withWarnings(allowed('ps'), ['from pod security'])),
      claims('Pod', denied('policy', 'policy says no')),
      claims('Gateway', denied('mesh', 'never asked')),
    ]);
    expect(await handler.handle(request({}, 'ConfigMap'), context)).toMatchObject({
      allowed: true,
      reasonCode: 'no-validator',
    });
    const pod = await handler.handle(request({}), context);
    expect(pod).toMatchObject({
      allowed: false,
      reasonCode: 'policy',
      warnings: ['from pod security'],
    });
  });
});

describe('chainMutatingHandlers', () => {
  it('feeds each handler the previous result and returns one diff against the original', async () => {
    const original = { metadata: { name: 'p' } };
    const chain = chainMutatingHandlers('inject', [
      setLabel('first', 'a', '1'),
      setLabel('second', 'b', '2'),
    ]);
    const decision = await chain.handle(request(original), context);
    const result = fastJsonPatch.applyPatch(structuredClone(original), [
      ...(decision.patch ?? []),
    ]).newDocument;
    expect(result).toEqual({ metadata: { name: 'p', labels: { a: '1', b: '2' } } });
    expect(decision.reasonCode).toBe('second-done+first-done');
    expect(decision.warnings).toEqual(['first warned', 'second warned']);
  });

  it('stops at the first refusal, keeping earlier warnings', async () => {
    const refuse: AdmissionHandler = {
      name: 'r',
      handle: async () => denied('nope', 'refused', 400),
    };
    const chain = chainMutatingHandlers('inject', [
      setLabel('first', 'a', '1'),
      refuse,
      setLabel('never', 'c', '3'),
    ]);
    const decision = await chain.handle(request({ metadata: {} }), context);
    expect(decision).toMatchObject({
      allowed: false,
      reasonCode: 'nope',
      warnings: ['first warned'],
    });
    expect(decision.patch).toBeUndefined();
  });

  it('returns no patch when nothing changed, with the last reason', async () => {
    const pass: AdmissionHandler = { name: 'p', handle: async () => allowed('skip:host-network') };
    const decision = await chainMutatingHandlers('inject', [pass, pass]).handle(
      request({ metadata: {} }),
      context,
    );
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'skip:host-network' });
    expect(decision.patch).toBeUndefined();
  });
});
