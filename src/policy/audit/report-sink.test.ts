import { describe, expect, it } from 'vitest';
import type { ReportObject } from '../report/policy-report.js';
import type { ReportStore } from './report-sink.js';
import { applyReports } from './report-sink.js';

function report(namespace?: string): ReportObject {
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: namespace ? 'PolicyReport' : 'ClusterPolicyReport',
    metadata: { name: 'gangway-audit', ...(namespace ? { namespace } : {}), labels: {} },
    summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    results: [],
  };
}

describe('applyReports', () => {
  it('creates missing reports, replaces existing ones with their resourceVersion, and reports failures', async () => {
    const calls: string[] = [];
    const store: ReportStore = {
      read: async (o) => (o.metadata.namespace === 'old' ? { resourceVersion: '42' } : undefined),
      create: async (o) => {
        if (o.metadata.namespace === 'locked') throw new Error('forbidden');
        calls.push(`create ${o.metadata.namespace ?? ''}`);
      },
      replace: async (o, rv) =>
        void calls.push(`replace ${o.metadata.namespace ?? ''} ${rv ?? ''}`),
    };
    const outcome = await applyReports(store, [
      report('new'),
      report('old'),
      report('locked'),
      report(),
    ]);
    expect(calls).toEqual(['create new', 'replace old 42', 'create ']);
    expect(outcome).toEqual({
      created: 2,
      updated: 1,
      failed: ['PolicyReport locked/gangway-audit: forbidden'],
    });
  });
});
