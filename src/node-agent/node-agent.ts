import type { Logger } from '../shared/logger.js';
import type { Clock } from '../shared/clock.js';
import type { RedirectProgrammer } from './iptables.js';
import { countFailure, type NodeAgentMetrics } from './metrics.js';
import { cgroupMatchesPod, findPodNetns, type PodNetns, type ProcReader } from './netns.js';
import { planPod, type AgentPod, type PodPlan } from './pod-plan.js';
import { redirectFailureMessages, type RedirectFailureReason } from './reasons.js';
import type { IpFamily } from './rules/redirect-rules.js';
import { createSerialQueue } from './serial-queue.js';

/**
 * The node agent's core: pods of its node in, redirects in their network namespaces out. Work on one
 * pod is serialised; different pods proceed in parallel. State is only a cache of what was
 * programmed: after a restart every pod is re-applied, and re-applying an unchanged redirect writes
 * nothing.
 */

/** How failed attempts are retried. */
export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** After this many attempts the pod waits for its next change event. */
  readonly maxAttempts: number;
}

/** 0.5 s doubling to 30 s, eight attempts: about 90 s, longer than gangway-init waits. */
export const DEFAULT_RETRY: RetryPolicy = { initialMs: 500, maxMs: 30_000, maxAttempts: 8 };

/** What the node agent runs with. */
export interface NodeAgentContext {
  readonly proc: ProcReader;
  readonly programmer: RedirectProgrammer;
  readonly metrics: NodeAgentMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Runs `task` after `delayMs`; returns a cancel. Injected so that tests drive retries. */
  readonly schedule?: (task: () => void, delayMs: number) => () => void;
  readonly retry?: RetryPolicy;
}

/** A pod whose redirect is in place. */
export interface RedirectedPod {
  readonly netns: PodNetns;
  readonly families: readonly IpFamily[];
  /** The spec the rules were built from, serialised, to tell a change from a repeat. */
  readonly fingerprint: string;
}

/** The running core. */
export interface NodeAgent {
  /** A pod of the node was added or changed. */
  upsert(pod: AgentPod): void;
  /** A pod of the node was deleted. */
  remove(pod: AgentPod): void;
  /** Brings every pod of the node to its plan in one pass over /proc, and forgets vanished ones. */
  reconcileAll(pods: readonly AgentPod[]): Promise<void>;
  /** The pods redirected now, by UID. */
  redirected(): ReadonlyMap<string, RedirectedPod>;
  /** Resolves when no work is in flight. */
  idle(): Promise<void>;
  /** Cancels pending retries. */
  stop(): void;
}

const defaultSchedule = (task: () => void, delayMs: number): (() => void) => {
  const timer = setTimeout(task, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

function describePod(pod: AgentPod): Record<string, string> {
  const { uid, name = '', namespace = '' } = pod.metadata;
  return { pod: `${namespace}/${name}`, uid };
}

function fingerprintOf(plan: Extract<PodPlan, { kind: 'redirect' }>): string {
  return JSON.stringify({ spec: plan.spec, families: plan.families });
}

/** Creates the node agent core over its context. */
export function createNodeAgent(ctx: NodeAgentContext): NodeAgent {
  const state = createAgentState(ctx);
  return {
    upsert: (pod) => state.enqueue(pod, undefined),
    remove: (pod) => state.forget(pod),
    reconcileAll: async (pods) => {
      const wanted = pods.filter((pod) => planPod(pod).kind === 'redirect');
      const found = await findPodNetns(
        ctx.proc,
        wanted.map((pod) => pod.metadata.uid),
      );
      const present = new Set(pods.map((pod) => pod.metadata.uid));
      for (const uid of state.records.keys()) {
        if (!present.has(uid)) state.forgetUid(uid, undefined);
      }
      for (const pod of pods) state.enqueue(pod, found.get(pod.metadata.uid));
      await state.idle();
    },
    redirected: () => state.records,
    idle: () => state.idle(),
    stop: () => state.stop(),
  };
}

type AgentState = ReturnType<typeof createAgentState>;

function createAgentState(ctx: NodeAgentContext) {
  const queue = createSerialQueue((uid, error) =>
    ctx.logger.error({ uid, err: error }, 'node agent: unexpected error'),
  );
  const state = {
    records: new Map<string, RedirectedPod>(),
    retries: new Map<string, { attempt: number; cancel: () => void }>(),
    failing: new Map<string, RedirectFailureReason>(),
    latest: new Map<string, AgentPod>(),
    run: (uid: string, task: () => Promise<void>): void => queue.run(uid, task),
    idle: (): Promise<void> => queue.idle(),
    enqueue: (pod: AgentPod, hint: PodNetns | undefined): void => {
      state.latest.set(pod.metadata.uid, pod);
      queue.run(pod.metadata.uid, () => handlePod(ctx, state, pod, hint));
    },
    forget: (pod: AgentPod): void => state.forgetUid(pod.metadata.uid, pod),
    forgetUid: (uid: string, pod: AgentPod | undefined): void => {
      settle(state, uid);
      state.latest.delete(uid);
      queue.run(uid, () => removeRedirect(ctx, state, uid, pod));
    },
    stop: (): void => {
      for (const retry of state.retries.values()) retry.cancel();
      state.retries.clear();
    },
  };
  return state;
}

async function handlePod(
  ctx: NodeAgentContext,
  state: AgentState,
  pod: AgentPod,
  hint: PodNetns | undefined,
): Promise<void> {
  const uid = pod.metadata.uid;
  const plan = planPod(pod);
  if (plan.kind === 'redirect') return redirectPod(ctx, state, pod, plan, hint);
  if (plan.kind === 'invalid') {
    // The rules in place (if any) stay: capturing on stale settings beats not capturing at all.
    return fail(ctx, state, pod, 'status-invalid', plan.detail, false);
  }
  if (plan.kind === 'remove' || (plan.kind === 'ignore' && state.records.has(uid))) {
    return removeRedirect(ctx, state, uid, pod);
  }
  return undefined;
}

async function isStillThere(
  proc: ProcReader,
  uid: string,
  record: RedirectedPod,
): Promise<boolean> {
  const cgroup = await proc.readCgroup(record.netns.pid);
  if (cgroup === undefined || !cgroupMatchesPod(cgroup, uid)) return false;
  return (await proc.readNetnsId(record.netns.pid)) === record.netns.netnsId;
}

async function locate(
  ctx: NodeAgentContext,
  uid: string,
  hint: PodNetns | undefined,
): Promise<PodNetns | undefined> {
  return hint ?? (await findPodNetns(ctx.proc, [uid])).get(uid);
}

async function redirectPod(
  ctx: NodeAgentContext,
  state: AgentState,
  pod: AgentPod,
  plan: Extract<PodPlan, { kind: 'redirect' }>,
  hint: PodNetns | undefined,
): Promise<void> {
  const uid = pod.metadata.uid;
  const fingerprint = fingerprintOf(plan);
  const record = state.records.get(uid);
  if (record?.fingerprint === fingerprint && (await isStillThere(ctx.proc, uid, record))) return;
  const netns = await locate(ctx, uid, hint);
  if (!netns) return fail(ctx, state, pod, 'netns-not-found', `pod UID ${uid}`, true);
  const result = await ctx.programmer.apply({ path: netns.path }, plan.spec, plan.families);
  if (!result.ok) return fail(ctx, state, pod, 'iptables-failed', result.detail, true);
  state.records.set(uid, { netns, families: plan.families, fingerprint });
  settle(state, uid);
  ctx.metrics.podsRedirected.set(state.records.size);
  if (result.changed) {
    ctx.metrics.operations.inc({ operation: 'apply' });
    if (plan.startedAtMs !== undefined && !record) {
      ctx.metrics.timeToRedirect.observe(Math.max(0, ctx.clock.now() - plan.startedAtMs) / 1000);
    }
  }
  ctx.logger.info(
    { ...describePod(pod), netns: netns.netnsId, changed: result.changed },
    'redirect in place',
  );
}

async function removeRedirect(
  ctx: NodeAgentContext,
  state: AgentState,
  uid: string,
  pod: AgentPod | undefined,
): Promise<void> {
  const record = state.records.get(uid);
  state.records.delete(uid);
  ctx.metrics.podsRedirected.set(state.records.size);
  if (!record) return;
  // A namespace whose processes are gone is gone with its rules: nothing is left to remove.
  const netns = (await findPodNetns(ctx.proc, [uid])).get(uid);
  if (!netns) return;
  const result = await ctx.programmer.remove({ path: netns.path }, record.families);
  const who = pod ? describePod(pod) : { uid };
  if (!result.ok) {
    countFailure(ctx.metrics, 'removal-failed');
    ctx.logger.error(
      { ...who, reason: 'removal-failed', detail: result.detail },
      redirectFailureMessages['removal-failed'],
    );
    return;
  }
  if (result.changed) ctx.metrics.operations.inc({ operation: 'remove' });
  ctx.logger.info(who, 'redirect removed');
}

function settle(state: AgentState, uid: string): void {
  state.retries.get(uid)?.cancel();
  state.retries.delete(uid);
  state.failing.delete(uid);
}

/** Records a failure (counted once per streak) and, when `retry`, schedules another attempt. */
function fail(
  ctx: NodeAgentContext,
  state: AgentState,
  pod: AgentPod,
  reason: RedirectFailureReason,
  detail: string,
  retry: boolean,
): void {
  const uid = pod.metadata.uid;
  if (state.failing.get(uid) !== reason) {
    countFailure(ctx.metrics, reason);
    state.failing.set(uid, reason);
    ctx.logger.warn({ ...describePod(pod), reason, detail }, redirectFailureMessages[reason]);
  }
  if (retry) scheduleRetry(ctx, state, uid);
}

function scheduleRetry(ctx: NodeAgentContext, state: AgentState, uid: string): void {
  const policy = ctx.retry ?? DEFAULT_RETRY;
  const attempt = (state.retries.get(uid)?.attempt ?? 0) + 1;
  state.retries.get(uid)?.cancel();
  if (attempt > policy.maxAttempts) {
    state.retries.delete(uid);
    return;
  }
  const delay = Math.min(policy.initialMs * 2 ** (attempt - 1), policy.maxMs);
  const schedule = ctx.schedule ?? defaultSchedule;
  const cancel = schedule(() => {
    const pod = state.latest.get(uid);
    if (pod) state.run(uid, () => handlePod(ctx, state, pod, undefined));
  }, delay);
  state.retries.set(uid, { attempt, cancel });
}
