import { describe, expect, it } from 'vitest';
import { cgroupMatchesPod, findPodNetns, type ProcReader } from './netns.js';

const uid = 'd6f5a3c0-1b2c-4d5e-8f90-123456789abc';

/** A /proc of a few processes: pid -> [cgroup, netns]. */
function fakeProc(table: Record<number, [string, string]>): ProcReader & { reads: number } {
  const proc = {
    reads: 0,
    listPids: async () => Object.keys(table).map(Number),
    readCgroup: async (pid: number) => {
      proc.reads++;
      return table[pid]?.[0];
    },
    readNetnsId: async (pid: number) => table[pid]?.[1],
    netnsPath: (pid: number) => `/proc/${pid}/ns/net`,
  };
  return proc;
}

describe('pod network namespaces', () => {
  it('match cgroupfs (dashes) and systemd (underscores) paths', () => {
    expect(cgroupMatchesPod(`12:memory:/kubepods/besteffort/pod${uid}/abc`, uid)).toBe(true);
    const systemd = `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replace(/-/g, '_')}.slice/cri-containerd-1.scope`;
    expect(cgroupMatchesPod(systemd, uid)).toBe(true);
    expect(cgroupMatchesPod('0::/system.slice/kubelet.service', uid)).toBe(false);
  });

  it('finds several pods in one pass, skipping host-network processes', async () => {
    const other = '11111111-2222-3333-4444-555555555555';
    const proc = fakeProc({
      1: ['0::/init.scope', 'net:[1]'],
      40: [`0::/kubepods/pod${other}/x`, 'net:[1]'],
      77: ['0::/system.slice/containerd.service', 'net:[1]'],
      120: [`0::/kubepods/besteffort/pod${uid}/pause`, 'net:[900]'],
      121: [`0::/kubepods/besteffort/pod${uid}/app`, 'net:[900]'],
    });
    const found = await findPodNetns(proc, [uid, other]);
    expect(found.get(uid)).toEqual({ pid: 120, netnsId: 'net:[900]', path: '/proc/120/ns/net' });
    expect(found.has(other)).toBe(false);
  });

  it('skips processes that vanish while reading', async () => {
    const proc = fakeProc({ 1: ['0::/', 'net:[1]'], 5: [`0::/pod${uid}`, 'net:[9]'] });
    proc.readNetnsId = async (pid) => (pid === 1 ? 'net:[1]' : undefined);
    expect((await findPodNetns(proc, [uid])).size).toBe(0);
  });

  it('reads nothing when no pod is wanted', async () => {
    const proc = fakeProc({ 5: [`0::/pod${uid}`, 'net:[9]'] });
    expect((await findPodNetns(proc, [])).size).toBe(0);
    expect(proc.reads).toBe(0);
  });
});
