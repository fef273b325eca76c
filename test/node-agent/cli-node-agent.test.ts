import { afterAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostProcReader, resolveNodeAgentConfig } from '../../src/cli/node-agent.js';
import { findPodNetns } from '../../src/node-agent/netns.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('gangway node-agent config', () => {
  it('takes the node name from NODE_NAME, flags winning over the environment', () => {
    expect(resolveNodeAgentConfig([], { NODE_NAME: 'n1' })).toMatchObject({
      nodeName: 'n1',
      healthPort: 15014,
      iptablesBackend: 'auto',
      procDir: '/proc',
    });
    expect(
      resolveNodeAgentConfig(['--node-name', 'n2', '--health-port', '0'], { NODE_NAME: 'n1' }),
    ).toMatchObject({ nodeName: 'n2', healthPort: 0 });
  });

  it('refuses a missing node name and a bad backend as usage errors', () => {
    expect(() => resolveNodeAgentConfig([], {})).toThrow(/the node name is required/);
    expect(() =>
      resolveNodeAgentConfig(['--iptables-backend', 'ebpf'], { NODE_NAME: 'n' }),
    ).toThrow();
    expect(() => resolveNodeAgentConfig(['--bogus'], { NODE_NAME: 'n' })).toThrow();
  });
});

describe('host /proc reader', () => {
  it('finds a pod namespace in a /proc-shaped directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gangway-proc-'));
    dirs.push(dir);
    const uid = 'aaaaaaaa-1111-2222-3333-444444444444';
    const make = async (pid: number, cgroup: string, netns: string): Promise<void> => {
      await mkdir(join(dir, String(pid), 'ns'), { recursive: true });
      await writeFile(join(dir, String(pid), 'cgroup'), cgroup);
      await symlink(netns, join(dir, String(pid), 'ns', 'net'));
    };
    await make(1, '0::/init.scope\n', 'net:[4026531840]');
    await make(
      812,
      `0::/kubepods.slice/kubepods-pod${uid.replace(/-/g, '_')}.slice/cri-x.scope\n`,
      'net:[4026532999]',
    );
    await mkdir(join(dir, 'sys'));
    const reader = createHostProcReader(dir);
    expect((await reader.listPids()).sort()).toEqual([1, 812]);
    expect(await reader.readCgroup(999)).toBeUndefined();
    expect((await findPodNetns(reader, [uid])).get(uid)).toEqual({
      pid: 812,
      netnsId: 'net:[4026532999]',
      path: `${dir}/812/ns/net`,
    });
  });
});
