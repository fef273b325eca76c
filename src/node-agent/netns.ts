/**
 * Finding a pod's network namespace from the host's process table: every process of a pod lives in a
 * cgroup whose path names the pod UID (`pod<uid>` with the cgroupfs driver, `pod<uid_with_
 * underscores>` with the systemd driver), and all of them share the sandbox's network namespace.
 */

/** The host's /proc, injected: the real one is read in the CLI, tests pass a table. */
export interface ProcReader {
  /** The pids of all processes. */
  listPids(): Promise<number[]>;
  /** The text of /proc/<pid>/cgroup; undefined when the process is gone. */
  readCgroup(pid: number): Promise<string | undefined>;
  /** The link target of /proc/<pid>/ns/net (`net:[4026531840]`); undefined when unreadable. */
  readNetnsId(pid: number): Promise<string | undefined>;
  /** The path to enter the network namespace of a process with (`/proc/<pid>/ns/net`). */
  netnsPath(pid: number): string;
}

/** A pod's network namespace, through one of its processes. */
export interface PodNetns {
  readonly pid: number;
  /** The namespace identity (`net:[inode]`): the same for every process of the pod. */
  readonly netnsId: string;
  /** What `nsenter --net=` is given. */
  readonly path: string;
}

/** The pid of the host's init; its network namespace is the host's (the agent runs with hostPID). */
const HOST_INIT_PID = 1;

/** Whether a /proc/<pid>/cgroup text places the process inside the pod with this UID. */
export function cgroupMatchesPod(cgroup: string, podUid: string): boolean {
  const uid = podUid.toLowerCase();
  const text = cgroup.toLowerCase();
  return text.includes(`pod${uid}`) || text.includes(`pod${uid.replace(/-/g, '_')}`);
}

async function matchPid(
  proc: ProcReader,
  pid: number,
  pending: Set<string>,
): Promise<string | undefined> {
  const cgroup = await proc.readCgroup(pid);
  if (cgroup === undefined) return undefined;
  for (const uid of pending) if (cgroupMatchesPod(cgroup, uid)) return uid;
  return undefined;
}

/**
 * Finds the network namespaces of pods in one pass over /proc. A process in the host's network
 * namespace is skipped (a host-network pod has no namespace of its own to program); pods without a
 * live process are absent from the result.
 */
export async function findPodNetns(
  proc: ProcReader,
  podUids: readonly string[],
): Promise<Map<string, PodNetns>> {
  const found = new Map<string, PodNetns>();
  const pending = new Set(podUids);
  if (pending.size === 0) return found;
  const hostNetns = await proc.readNetnsId(HOST_INIT_PID);
  const pids = (await proc.listPids()).sort((a, b) => a - b);
  for (const pid of pids) {
    if (pending.size === 0) break;
    if (pid === HOST_INIT_PID) continue;
    const uid = await matchPid(proc, pid, pending);
    if (uid === undefined) continue;
    const netnsId = await proc.readNetnsId(pid);
    if (netnsId === undefined || netnsId === hostNetns) continue;
    found.set(uid, { pid, netnsId, path: proc.netnsPath(pid) });
    pending.delete(uid);
  }
  return found;
}
