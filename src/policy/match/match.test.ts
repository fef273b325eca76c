import { describe, expect, it } from 'vitest';
import { matchesLabelSelector } from './label-selector.js';
import { kindInfo, pluralOf } from './resources.js';
import { parseSelectorText } from './selector-text.js';

describe('label selectors', () => {
  it('matches labels and every operator', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, labels),
    ).toBe(false);
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, labels),
    ).toBe(true);
  });

  it('parses kubectl -l syntax', () => {
    expect(parseSelectorText('app=web,tier!=db,env in (a, b),!legacy,owner')).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'owner', operator: 'Exists' },
      ],
    });
    expect(parseSelectorText('a==b')?.matchLabels).toEqual({ a: 'b' });
    expect(parseSelectorText('a=(b')).toBeUndefined();
  });
});

describe('kinds and resources', () => {
  it('pluralises kinds as the API server does', () => {
    expect(
      [
        'Pod',
        'Ingress',
        'NetworkPolicy',
        'Gateway',
        'ServiceEntry',
        'Endpoints',
        'PeerAuthentication',
      ].map(pluralOf),
    ).toEqual([
      'pods',
      'ingresses',
      'networkpolicies',
      'gateways',
      'serviceentries',
      'endpoints',
      'peerauthentications',
    ]);
    expect(kindInfo('', 'Namespace').namespaced).toBe(false);
    expect(kindInfo('apps', 'Deployment')).toEqual({ resource: 'deployments', namespaced: true });
  });
});
