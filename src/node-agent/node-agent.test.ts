import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../shared/clock.js';
import { createSilentLogger } from '../shared/logger.js';
import type { ProgramResult, RedirectProgrammer } from './iptables.js';
import { createNodeAgentMetrics, type NodeAgentMetrics } from './metrics.js';
import type { ProcReader } from './netns.js';
import { createNodeAgent, type NodeAgent } from './node-agent.js';
import { AgentPodSchema, type AgentPod } from './pod-plan.js';

const UID_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const UID_B = 'bbbbbbbb-0000-0000-0000-000000000002';
const UID_C = 'cccccccc-0000-0000-0000-000000000003';

function pod(uid: string, mode = 'cni', extra: { phase?: string } = {}): AgentPod {
  return AgentPodSchema.parse({
    metadata: {
      uid,
      name: `pod-${uid.slice(0, 4)}`,
      namespace: 'shop',
      annotations: { 'sidecar.gangway.io/status': JSON.stringify({ mode }) },
    },
    spec: { nodeName: 'node-1' },
    status: { phase: extra.phase ?? 'Running', podIP: '10.0.0.9', startTime: new Date(10_000) },
  });
}

/** A process table the test edits: pid -> [pod uid, netns id]. */
function createProc(): ProcReader & { table: Map<number, [string, string]> } {
  const table = new Map<number, [string, string]>([[1, ['init', 'net:[1]']]]);
  return {
    table,
    listPids: async () => [...table.keys()],
    readCgroup: async (pid) => {
      const entry = table.get(pid);
      return entry && `0::/kubepods/pod${entry[0]}/c`;
    },
    readNetnsId: async (pid) => table.get(pid)?.[1],
    netnsPath: (pid) => `/proc/${pid}/ns/net`,
  };
}

type Call = { op: 'apply' | 'remove'; path: string | undefined };

function createProgrammer(): RedirectProgrammer & { calls: Call[]; next: ProgramResult[] } {
  const calls: Call[] = [];
  const next: ProgramResult[] = [];
  const answer = (): ProgramResult => next.shift() ?? { ok: true, changed: true };
  return {
    calls,
    next,
    read: async () => ({ chains: [], rules: [], hooks: [] }),
    apply: async (target) => (calls.push({ op: 'apply', path: target.path }), answer()),
    remove: async (target) => (calls.push({ op: 'remove', path: target.path }), answer()),
  };
}

async function counter(metrics: NodeAgentMetrics, reason: string): Promise<number> {
  const values = (await metrics.failures.get()).values;
  return values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

let proc: ReturnType<typeof createProc>;
let programmer: ReturnType<typeof createProgrammer>;
let metrics: NodeAgentMetrics;
let tasks: { task: () => void; delayMs: number }[];
let agent: NodeAgent;
const clock = createManualClock(12_500);

beforeEach(() => {
  proc = createProc();
  programmer = createProgrammer();
  metrics = createNodeAgentMetrics({ processMetrics: false });
  tasks = [];
  agent = createNodeAgent({
    proc,
    programmer,
    metrics,
    clock,
    logger: createSilentLogger(),
    schedule: (task, delayMs) => (tasks.push({ task, delayMs }), () => undefined),
  });
});

describe('node agent', () => {
  it('redirects every cni pod of the node on start, and leaves the others alone', async () => {
    proc.table
      .set(100, [UID_A, 'net:[100]'])
      .set(200, [UID_B, 'net:[200]'])
      .set(300, [UID_C, 'net:[300]']);
    await agent.reconcileAll([pod(UID_A), pod(UID_B), pod(UID_C, 'iptables')]);
    expect(programmer.calls).toEqual([
      { op: 'apply', path: '/proc/100/ns/net' },
      { op: 'apply', path: '/proc/200/ns/net' },
    ]);
    expect((await metrics.podsRedirected.get()).values[0]!.value).toBe(2);
    const histogram = (await metrics.timeToRedirect.get()).values;
    expect(histogram.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(5);
  });

  it('does nothing for a repeated event while the sandbox is the same', async () => {
    proc.table.set(100, [UID_A, 'net:[100]']);
    agent.upsert(pod(UID_A));
    agent.upsert(pod(UID_A));
    await agent.idle();
    expect(programmer.calls).toHaveLength(1);
  });

  it('re-applies when the pod got a new sandbox', async () => {
    proc.table.set(100, [UID_A, 'net:[100]']);
    agent.upsert(pod(UID_A));
    await agent.idle();
    proc.table.delete(100);
    proc.table.set(150, [UID_A, 'net:[150]']);
    agent.upsert(pod(UID_A));
    await agent.idle();
    expect(programmer.calls.map((c) => c.path)).toEqual(['/proc/100/ns/net', '/proc/150/ns/net']);
  });

  it('retries with backoff until the namespace appears, counting the failure once', async () => {
    agent.upsert(pod(UID_A));
    await agent.idle();
    expect(tasks.map((t) => t.delayMs)).toEqual([500]);
    tasks.shift()!.task();
    await agent.idle();
    expect(tasks.map((t) => t.delayMs)).toEqual([1000]);
    expect(await counter(metrics, 'netns-not-found')).toBe(1);
    proc.table.set(100, [UID_A, 'net:[100]']);
    tasks.shift()!.task();
    await agent.idle();
    expect(programmer.calls).toEqual([{ op: 'apply', path: '/proc/100/ns/net' }]);
    expect(agent.redirected().has(UID_A)).toBe(true);
  });

  it('counts an iptables failure and retries', async () => {
    proc.table.set(100, [UID_A, 'net:[100]']);
    programmer.next.push({ ok: false, detail: 'iptables-nft-restore exited 1' });
    agent.upsert(pod(UID_A));
    await agent.idle();
    expect(await counter(metrics, 'iptables-failed')).toBe(1);
    expect(agent.redirected().size).toBe(0);
    tasks.shift()!.task();
    await agent.idle();
    expect(agent.redirected().size).toBe(1);
  });

  it('gives up after the last attempt until the next event', async () => {
    agent.upsert(pod(UID_A));
    await agent.idle();
    for (let i = 0; i < 10 && tasks.length > 0; i++) {
      tasks.shift()!.task();
      await agent.idle();
    }
    expect(tasks).toHaveLength(0);
  });

  it('removes the redirect when the pod is deleted, terminated or leaves cni mode', async () => {
    proc.table
      .set(100, [UID_A, 'net:[100]'])
      .set(200, [UID_B, 'net:[200]'])
      .set(300, [UID_C, 'net:[300]']);
    await agent.reconcileAll([pod(UID_A), pod(UID_B), pod(UID_C)]);
    agent.remove(pod(UID_A));
    agent.upsert(pod(UID_B, 'cni', { phase: 'Succeeded' }));
    agent.upsert(pod(UID_C, 'none'));
    await agent.idle();
    expect(programmer.calls.filter((c) => c.op === 'remove').map((c) => c.path)).toEqual([
      '/proc/100/ns/net',
      '/proc/200/ns/net',
      '/proc/300/ns/net',
    ]);
    expect(agent.redirected().size).toBe(0);
    expect((await metrics.podsRedirected.get()).values[0]!.value).toBe(0);
  });

  it('has nothing to remove once the namespace is gone', async () => {
    proc.table.set(100, [UID_A, 'net:[100]']);
    await agent.reconcileAll([pod(UID_A)]);
    proc.table.delete(100);
    agent.remove(pod(UID_A));
    await agent.idle();
    expect(programmer.calls.map((c) => c.op)).toEqual(['apply']);
  });

  it('forgets on reconcile the pods that disappeared while it was not watching', async () => {
    proc.table.set(100, [UID_A, 'net:[100]']);
    await agent.reconcileAll([pod(UID_A)]);
    await agent.reconcileAll([]);
    expect(agent.redirected().size).toBe(0);
    expect(programmer.calls.map((c) => c.op)).toEqual(['apply', 'remove']);
  });

  it('counts an unreadable status annotation and programs nothing', async () => {
    const bad = AgentPodSchema.parse({
      metadata: { uid: UID_A, annotations: { 'sidecar.gangway.io/status': 'not json' } },
      status: { podIP: '10.0.0.9' },
    });
    agent.upsert(bad);
    agent.upsert(bad);
    await agent.idle();
    expect(await counter(metrics, 'status-invalid')).toBe(1);
    expect(programmer.calls).toHaveLength(0);
  });
});
