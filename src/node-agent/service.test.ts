import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../shared/logger.js';
import type { RedirectProgrammer } from './iptables.js';
import { createNodeAgentMetrics } from './metrics.js';
import { AgentPodSchema, type AgentPod } from './pod-plan.js';
import type { PodEvents, PodSource } from './pod-source.js';
import { startNodeAgentService, type RunningNodeAgent } from './service.js';

const uid = 'aaaaaaaa-0000-0000-0000-000000000001';
const cniPod = AgentPodSchema.parse({
  metadata: { uid, annotations: { 'sidecar.gangway.io/status': '{"mode":"cni"}' } },
  status: { podIP: '10.0.0.9' },
});

function fakeSource(
  initial: AgentPod[],
): PodSource & { events: PodEvents | undefined; gate: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const source = {
    gate,
    open: () => open(),
    events: undefined as PodEvents | undefined,
    start: async (events: PodEvents) => {
      source.events = events;
      await gate;
      return initial;
    },
    isSynced: () => true,
    stop: async () => undefined,
  };
  return source;
}

const programmer: RedirectProgrammer = {
  read: async () => ({ chains: [], rules: [], hooks: [] }),
  apply: async () => ({ ok: true, changed: true }),
  remove: async () => ({ ok: true, changed: true }),
};

const proc = {
  listPids: async () => [1, 42],
  readCgroup: async (pid: number) => (pid === 42 ? `0::/kubepods/pod${uid}/x` : '0::/'),
  readNetnsId: async (pid: number) => `net:[${pid}]`,
  netnsPath: (pid: number) => `/proc/${pid}/ns/net`,
};

let running: RunningNodeAgent | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('node agent service', () => {
  it('is live at once, ready after the start-up reconcile, and serves its metrics', async () => {
    const source = fakeSource([cniPod]);
    const metrics = createNodeAgentMetrics({ processMetrics: false });
    const starting = startNodeAgentService({
      source,
      proc,
      programmer,
      metrics,
      logger: createSilentLogger(),
      host: '127.0.0.1',
      healthPort: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    source.open();
    running = await starting;
    const base = `http://127.0.0.1:${running.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('gangway_node_agent_pods_redirected 1');
    expect(text).toContain(
      'gangway_node_agent_redirect_failures_total{reason="netns-not-found"} 0',
    );
    expect(text).toContain('gangway_node_agent_time_to_redirect_seconds_bucket');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('handles watched changes after the start', async () => {
    const source = fakeSource([]);
    source.open();
    running = await startNodeAgentService({
      source,
      proc,
      programmer,
      metrics: createNodeAgentMetrics({ processMetrics: false }),
      logger: createSilentLogger(),
      host: '127.0.0.1',
      healthPort: 0,
    });
    source.events!.upsert(cniPod);
    await running.agent.idle();
    expect(running.agent.redirected().has(uid)).toBe(true);
    source.events!.remove(cniPod);
    await running.agent.idle();
    expect(running.agent.redirected().size).toBe(0);
  });
});
