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
