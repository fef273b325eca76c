import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { AdmissionDecision } from './response.js';
import {
  allowed,
  completeResponse,
  completeResponseJson,
  denied,
  errored,
  patched,
  withGatheredWarnings,
  withWarnings,
} from './response.js';

const before = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } };
const after = {
  metadata: { labels: { app: 'web', team: 'équipe' }, annotations: { note: 'ünïcode ✓' } },
  spec: { containers: [{ name: 'web' }, { name: 'proxy', args: ['--x'] }] },
};
const asciiAfter = { ...before, spec: { containers: [{ name: 'web' }, { name: 'proxy' }] } };

const decisions: Record<string, AdmissionDecision> = {
  allowed: allowed(),
  'allowed with a message': allowed('skip:x', 'skipped: "quoted"'),
  denied: denied('no', 'pods "web" is forbidden', 403),
  errored: errored('internal', 'internal error'),
  'patched, ASCII': patched('injected', before, asciiAfter),
  'patched, non-ASCII': patched('injected', before, after),
  'patched with warnings and audit annotations': withWarnings(
    patched('injected', before, asciiAfter),
    ['w1', 'w "2"'],
    { 'gangway.io/k': 'v' },
  ),
  'patched with audit annotations only': withWarnings(patched('x', before, after), [], { a: 'b' }),
  'denied with warnings': withWarnings(denied('no', 'nope'), ['w']),
};

describe('completeResponseJson', () => {
  it.each(Object.entries(decisions))('prints what JSON.stringify prints: %s', (_name, decision) => {
    const text = completeResponseJson('uid-1', decision);
    expect(text).toBe(JSON.stringify(completeResponse('uid-1', decision)));
  });

  it('carries a base64 JSONPatch that turns the original into the mutated object, UTF-8 intact', () => {
    const review = JSON.parse(completeResponseJson('u', decisions['patched, non-ASCII']!)) as {
      response: { patchType: string; patch: string };
    };
    expect(review.response.patchType).toBe('JSONPatch');
    const patch = JSON.parse(Buffer.from(review.response.patch, 'base64').toString('utf8'));
    const result = fastJsonPatch.applyPatch(structuredClone(before), patch).newDocument;
    expect(result).toEqual(after);
  });
});

describe('withWarnings', () => {
  it('appends to the warnings the decision has and merges audit annotations, later keys winning', () => {
    const first = withWarnings(denied('no', 'nope'), ['w1'], { a: '1', b: '1' });
    const second = withWarnings(first, ['w2'], { b: '2' });
    expect(second).toEqual({
      ...denied('no', 'nope'),
      warnings: ['w1', 'w2'],
      auditAnnotations: { a: '1', b: '2' },
    });
  });

  it('keeps the patch and status of the decision it adds to', () => {
    const decision = withWarnings(patched('injected', before, asciiAfter), ['w']);
    expect(decision.patch).toEqual(patched('injected', before, asciiAfter).patch);
    expect(withWarnings(allowed('skip:x', 'm'), ['w']).status).toEqual({ code: 200, message: 'm' });
  });

  it('returns the decision itself when there is nothing to add', () => {
    const decision = denied('no', 'nope');
    expect(withWarnings(decision, [], {})).toBe(decision);
    expect(withWarnings(decision, [])).toBe(decision);
  });

  it('keeps an audit annotation named __proto__ as data', () => {
    const audit = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
    const decision = withWarnings(allowed(), [], audit);
    expect(Object.keys(decision.auditAnnotations ?? {})).toEqual(['__proto__']);
  });
});

describe('withGatheredWarnings', () => {
  it("replaces the decision's own warnings with the gathered ones and merges audit annotations", () => {
    const decision = withWarnings(denied('no', 'nope'), ['own'], { a: '1' });
    expect(withGatheredWarnings(decision, ['own', 'other'], { b: '2' })).toEqual({
      ...denied('no', 'nope'),
      warnings: ['own', 'other'],
      auditAnnotations: { a: '1', b: '2' },
    });
  });

  it('leaves out warnings and audit annotations when none were gathered', () => {
    const decision = withWarnings(allowed(), ['own']);
    expect(withGatheredWarnings(decision, [], {})).toEqual(allowed());
  });
});
