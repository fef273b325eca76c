import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTrafficAnnotations } from '../../src/injection/annotations.js';
import { createHostProcReader } from '../../src/cli/node-agent.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createCommandRunner } from '../../src/node-agent/command-runner.js';
import {
  createRedirectProgrammer,
  detectIptablesBackend,
  iptablesTools,
  type IptablesBackend,
  type RedirectProgrammer,
} from '../../src/node-agent/iptables.js';
import { createNodeAgentMetrics } from '../../src/node-agent/metrics.js';
import { createNodeAgent, type NodeAgent } from '../../src/node-agent/node-agent.js';
import { AgentPodSchema } from '../../src/node-agent/pod-plan.js';
import { buildRedirectRuleSet } from '../../src/node-agent/rules/redirect-rules.js';
import {
  buildScripts,
  createNamespaces,
  deleteNamespaces,
  dial,
  inNetns,
  kernelTestBlocker,
  natTable,
  sh,
  startServers,
} from './kernel-helpers.js';

/**
 * The redirect on a real kernel, loopback only: a namespace with a veth pair stands in for a pod,
 * with an echo "app" (8080, 8081) and a "sidecar" (15001 outbound, 15006 inbound) inside, and a
 * peer namespace on the other end of the veth (8080, 9090 on 10.251.0.1 and .3).
 */

const blocker = await kernelTestBlocker();
if (blocker) console.warn(`node agent real-kernel test skipped: ${blocker}`);

const POD = `gwk-pod-${process.pid}`;
const PEER = `gwk-peer-${process.pid}`;
const POD_UID = '0c0ffee0-0000-4000-8000-00000000cafe';
const annotations = {
  'traffic.gangway.io/excludeOutboundPorts': '9090',
  'traffic.gangway.io/excludeOutboundIPRanges': '10.251.0.3/32',
  'traffic.gangway.io/excludeInboundPorts': '8081',
};
const spec = { settings: parseTrafficAnnotations(annotations, false), options: {} };
const status = { mode: 'cni', traffic: spec.settings };
const pod = AgentPodSchema.parse({
  metadata: {
    uid: POD_UID,
    name: 'stand-in',
    namespace: 'test',
    annotations: {
      'sidecar.gangway.io/status': JSON.stringify(status),
    },
  },
  status: { phase: 'Running', podIP: '10.251.0.2' },
});

let scripts: { dir: string; cleanup: () => Promise<void> };
let servers: ChildProcess[] = [];
let backend: IptablesBackend;
let programmer: RedirectProgrammer;
let agent: NodeAgent;
const target = { path: `/run/netns/${POD}` };

async function runInit(uid: number | undefined, args: string[]) {
  const command = [process.execPath, join(scripts.dir, 'init-driver.mjs'), ...args];
  return sh('ip', inNetns(POD, uid, command), 30_000);
}

const app = (host: string, port: number, uid = 1000) => dial(scripts.dir, POD, host, port, uid);
const fromPeer = (port: number) => dial(scripts.dir, PEER, '10.251.0.2', port);
const nat = () => natTable(POD, iptablesTools(backend, 4).save);

describe.skipIf(blocker !== undefined)(
  `node agent on a real kernel${blocker ? ` (skipped: ${blocker})` : ''}`,
  () => {
    beforeAll(async () => {
      await deleteNamespaces(POD, PEER);
      await createNamespaces(POD, PEER);
      scripts = await buildScripts();
      const server = join(scripts.dir, 'server.mjs');
      // The sidecar's listeners start later: gangway-init runs (and listens) before the proxy.
      servers.push(await startServers(POD, server, ['8080=app', '8081=app']));
      servers.push(await startServers(PEER, server, ['8080=peer', '9090=peer']));
      const runner = createCommandRunner();
      backend = (await detectIptablesBackend(runner))!;
      programmer = createRedirectProgrammer(runner, backend);
      agent = createNodeAgent(agentContext());
    }, 60_000);

    afterAll(async () => {
      agent?.stop();
      for (const child of servers) child.kill('SIGKILL');
      servers = [];
      await deleteNamespaces(POD, PEER);
      await scripts?.cleanup();
    });

    it('connects directly before any redirect', async () => {
      expect(await app('10.251.0.1', 8080)).toBe('peer');
      expect(await fromPeer(8080)).toBe('app');
    });

    it('the init container times out naming the node agent when the redirect never appears', async () => {
      const result = await runInit(1337, ['--mode', 'cni', '--validate', '--timeout-seconds', '2']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('not in place after 2 s');
      expect(result.stderr).toContain('gangway node agent');
    });

    it('the agent programs the pod namespace found through /proc', async () => {
      const waiting = runInit(1337, ['--mode', 'cni', '--validate', '--timeout-seconds', '20']);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await agent.reconcileAll([pod]);
      expect(agent.redirected().get(POD_UID)?.netns.pid).toBe(servers[0]!.pid);
      const init = await waiting;
      expect(init.stdout, init.stderr).toContain('redirect verified');
      expect(init.code).toBe(0);
    });

    it('sends outbound to 15001 and inbound to 15006', async () => {
      const sidecar = ['15001=sidecar-outbound', '15006=sidecar-inbound'];
      servers.push(await startServers(POD, join(scripts.dir, 'server.mjs'), sidecar));
      expect(await app('10.251.0.1', 8080)).toBe('sidecar-outbound');
      expect(await fromPeer(8080)).toBe('sidecar-inbound');
    });

    it('lets uid 1337, loopback and the excluded ports and ranges through', async () => {
      expect(await app('10.251.0.1', 8080, 1337)).toBe('peer');
      expect(await app('10.251.0.1', 9090)).toBe('peer');
      expect(await app('10.251.0.3', 8080)).toBe('peer');
      expect(await fromPeer(8081)).toBe('app');
      expect(await app('127.0.0.1', 8080)).toBe('app');
    });

    it('holds exactly the built rules, and re-applying changes nothing', async () => {
      const before = await nat();
      const wanted = buildRedirectRuleSet(spec.settings);
      for (const rule of [...wanted.rules, ...wanted.hooks]) expect(before).toContain(rule);
      expect(await programmer.apply(target, spec, [4])).toEqual({ ok: true, changed: false });
      const fresh = createNodeAgent(agentContext());
      await fresh.reconcileAll([pod]);
      expect(await nat()).toBe(before);
    });

    it('accepts every golden file in iptables-restore --test', async () => {
      const dir = join(import.meta.dirname, 'golden');
      const files = (await readdir(dir)).filter((f) => f.endsWith('.rules'));
      const check = async (file: string): Promise<string> => {
        const restore = iptablesTools(backend, file.includes('.ipv6.') ? 6 : 4).restore;
        const input = await readFile(join(dir, file), 'utf8');
        const args = [`--net=${target.path}`, '--', restore, '--test', '--noflush'];
        const result = await createCommandRunner().run('nsenter', args, { input });
        return result.code === 0 ? '' : `${file}: ${result.stderr.trim()}`;
      };
      const failures: string[] = [];
      for (let i = 0; i < files.length; i += 8) {
        failures.push(...(await Promise.all(files.slice(i, i + 8).map(check))));
      }
      expect(files.length).toBeGreaterThan(0);
      expect(failures.filter(Boolean)).toEqual([]);
    }, 120_000);

    it('removal restores direct traffic and leaves no gangway chain', async () => {
      agent.remove(pod);
      await agent.idle();
      expect(await nat()).not.toContain('GANGWAY');
      expect(await app('10.251.0.1', 8080)).toBe('peer');
      expect(await fromPeer(8080)).toBe('app');
      expect(await programmer.remove(target, [4])).toEqual({ ok: true, changed: false });
    });

    it('gangway init --mode iptables programs the same rules from inside the pod', async () => {
      const args = Object.entries(annotations).map(([key, value]) => `--${toFlag(key)}=${value}`);
      const result = await runInit(undefined, ['--mode', 'iptables', ...args]);
      expect(result.code, result.stderr).toBe(0);
      expect(await app('10.251.0.1', 8080)).toBe('sidecar-outbound');
      expect(await app('10.251.0.1', 9090)).toBe('peer');
      const installed = await programmer.read(target, 4);
      expect(installed).toMatchObject({ rules: buildRedirectRuleSet(spec.settings).rules });
      expect(await programmer.remove(target, [4])).toEqual({ ok: true, changed: true });
    });

    it('programs and removes the same way with the other iptables backend', async () => {
      const other: IptablesBackend = backend === 'nft' ? 'legacy' : 'nft';
      const runner = createCommandRunner();
      if ((await runner.run(iptablesTools(other, 4).save, ['-t', 'nat'])).code !== 0) return;
      const programmer2 = createRedirectProgrammer(runner, other);
      expect(await programmer2.apply(target, spec, [4])).toEqual({ ok: true, changed: true });
      expect(await programmer2.apply(target, spec, [4])).toEqual({ ok: true, changed: false });
      expect(await app('10.251.0.1', 8080)).toBe('sidecar-outbound');
      expect(await programmer2.remove(target, [4])).toEqual({ ok: true, changed: true });
      expect(await app('10.251.0.1', 8080)).toBe('peer');
    });
  },
);

/** The agent over the real /proc, except that the stand-in is in no pod cgroup: say it is. */
function agentContext(): Parameters<typeof createNodeAgent>[0] {
  const host = createHostProcReader('/proc');
  const sandboxPid = servers[0]!.pid!;
  return {
    proc: {
      ...host,
      readCgroup: async (pid: number) =>
        pid === sandboxPid ? `0::/kubepods/pod${POD_UID}/x` : host.readCgroup(pid),
    },
    programmer,
    metrics: createNodeAgentMetrics({ processMetrics: false }),
    logger: createSilentLogger(),
    clock: createManualClock(),
  };
}

/** `traffic.gangway.io/excludeOutboundPorts` -> `exclude-outbound-ports`. */
function toFlag(key: string): string {
  const name = key.slice(key.indexOf('/') + 1).replace('IPRanges', 'IpRanges');
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
