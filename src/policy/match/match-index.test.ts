import { describe, expect, it } from 'vitest';
import { requestForObject } from '../request.js';
import type { MatchResources } from '../schema.js';
import { createMatchIndex } from './match-index.js';

const PODS: MatchResources = {
  resourceRules: [
    { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
  ],
};
const SERVICES: MatchResources = {
  resourceRules: [
    { apiGroups: [''], apiVersions: ['*'], operations: ['*'], resources: ['services'] },
  ],
};
const ANYTHING: MatchResources = {
  resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }],
};
const NO_RULES: MatchResources = {};

const pod = requestForObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, null);
const service = requestForObject(
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
  null,
);

describe('createMatchIndex', () => {
  it('offers only the entries whose rules include the kind, in their original order', () => {
    const entries = [
      { name: 'services', match: SERVICES },
      { name: 'anything', match: ANYTHING },
      { name: 'pods', match: PODS },
      { name: 'no-rules', match: NO_RULES },
    ];
    const index = createMatchIndex(entries, (e) => e.match);
    expect(index.candidates(pod).map((e) => e.name)).toEqual(['anything', 'pods']);
    expect(index.candidates(service).map((e) => e.name)).toEqual(['services', 'anything']);
    expect(index.candidates({ ...pod, operation: 'DELETE' }).map((e) => e.name)).toEqual([
      'anything',
    ]);
  });

  it('filters the entries once per kind, not once per request', () => {
    const seen: string[] = [];
    const entries = [
      { name: 'pods', match: PODS },
      { name: 'services', match: SERVICES },
    ];
    const index = createMatchIndex(entries, (e) => {
      seen.push(e.name);
      return e.match;
    });
    index.candidates(pod);
    index.candidates({ ...pod, name: 'other' });
    expect(seen).toEqual(['pods', 'services']);
    index.candidates(service);
    expect(seen).toEqual(['pods', 'services', 'pods', 'services']);
  });
});
