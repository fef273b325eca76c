import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../shared/clock.js';
import { ANALYZERS } from '../analyzers/index.js';
import { buildPolicyEngine } from '../engine.js';
import type { ReportObject } from '../report/policy-report.js';
import { podObject, yamlDocuments } from '../test-support.js';
import { startBackgroundAudit } from './background.js';
import type { ClusterSnapshot, ClusterSnapshotSource } from './snapshot.js';

const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: named, annotations: {gangway.io/severity: high}}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
    - expression: "object.metadata.name != 'bad'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: named}
spec: {policyName: named, validationActions: [Audit]}
`;

function source(snapshots: (ClusterSnapshot | Error)[]): ClusterSnapshotSource & { calls: number } {
  const s = {
    description: 'fake',
    calls: 0,
    fetch: () => {
      const next = snapshots[Math.min(s.calls++, snapshots.length - 1)];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next!);
    },
  };
  return s;
}

const snapshot = (...names: string[]): ClusterSnapshot => ({
  source: 'fake',
  objects: names.map((n) => ({ object: podObject(n, 'shop') })),
});

describe('startBackgroundAudit', () => {
  it('audits at start and on demand, keeps the state, gauges and reports current', async () => {
    const { engine } = buildPolicyEngine(yamlDocuments(POLICY));
    const registry = new Registry();
    const written: ReportObject[] = [];
    const store = {
      read: async () => undefined,
      create: async (o: ReportObject) => void written.push(o),
      replace: async () => undefined,
    };
    const src = source([snapshot('bad', 'good'), snapshot('good'), new Error('API server down')]);
    const audit = startBackgroundAudit({
      engine,
      source: src,
      analyzers: ANALYZERS,
      registry,
      store,
      clock: createManualClock(1_000_000),
      intervalMs: 60_000,
    });
    const first = await audit.runNow();
    expect(first.summary).toMatchObject({ pass: 1, fail: 1 });
    expect(audit.state()?.list('', 'Pod')).toHaveLength(2);
    const metrics = await registry.metrics();
    expect(metrics).toContain(
      'gangway_policy_violations{policy="named",severity="high",namespace="shop"} 1',
    );
    expect(metrics).toContain('gangway_audit_results{result="pass"} 1');
    expect(written.find((r) => r.metadata.namespace === 'shop')?.summary.fail).toBe(1);
    // Pass results are left out of reports written by serve, but still counted.
    expect(written.find((r) => r.metadata.namespace === 'shop')?.results).toHaveLength(1);

    await audit.runNow();
    expect(await registry.metrics()).not.toContain('gangway_policy_violations{policy="named"');
    await expect(audit.runNow()).rejects.toThrow('API server down');
    expect(audit.lastReport()?.summary.pass).toBe(1);
    expect(audit.state()?.list('', 'Pod')).toHaveLength(1);
    await audit.stop();
  });
});
