import { describe, expect, it } from 'vitest';
import {
  KIND_TYPE_URLS,
  RESOURCE_KINDS,
  messageNameOf,
} from '../../src/xds/resources/type-urls.js';
import { translateProxy } from '../../src/xds/translate/translate-proxy.js';
import { loadGoldenCases } from './helpers/golden-cases.js';
import { roundTripProblems } from './helpers/proto-check.js';

const cases = await loadGoldenCases();

/**
 * Every resource every golden case generates encodes with the Envoy protos and decodes back to the
 * same value: no misspelt field is silently dropped, no value changes on the way.
 */
describe('proto round trip of every generated resource', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, golden) => {
    const problems: string[] = [];
    let count = 0;
    for (const proxy of golden.proxies) {
      const { resources } = translateProxy(golden.index, proxy);
      for (const kind of RESOURCE_KINDS) {
        for (const item of resources[kind]) {
          count += 1;
          const found = roundTripProblems(messageNameOf(KIND_TYPE_URLS[kind]), item.value);
          problems.push(...found.map((p) => `${proxy.id} ${kind} ${item.name}${p}`));
        }
      }
    }
    expect(count).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

describe('the round-trip check itself', () => {
  it('reports a misspelt field and a misplaced one', () => {
    const problems = roundTripProblems('envoy.config.cluster.v3.Cluster', {
      name: 'c',
      lb_polcy: 'RING_HASH',
      eds_cluster_config: { service_name: 'c', cluster_name: 'x' },
    });
    expect(problems).toEqual([
      '.lb_polcy: unknown field',
      '.eds_cluster_config.cluster_name: unknown field',
    ]);
  });
});
