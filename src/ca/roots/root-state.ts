import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

/**
 * The persisted state of a self-signed CA: every root still trusted, with its key and the times
 * that order a rotation. Parsed with zod because it comes back from a Secret or a file.
 */
export const RootEntrySchema = z.strictObject({
  certificatePem: z.string().min(1),
  keyPem: z.string().min(1),
  /** From this instant the root signs (if it is the newest such root). */
  signingFromMs: z.number().int(),
  /** The root leaves the bundle at this instant; absent while it is current or pending. */
  keepUntilMs: z.number().int().optional(),
});
export type RootEntry = z.infer<typeof RootEntrySchema>;

export const RootStateSchema = z.strictObject({
  /** Format version of this document. */
  format: z.literal(1),
  roots: z.array(RootEntrySchema).min(1),
});
export type RootState = z.infer<typeof RootStateSchema>;

/** Timing of a root rotation. */
export interface RotationTiming {
  nowMs: number;
  /** How long the new root sits in the bundle before it signs: time for every workload to learn it. */
  propagationMs: number;
  /** The longest lifetime a leaf can have: the old root stays trusted that long after it stops signing. */
  maxLeafTtlMs: number;
}

/** When a root certificate expires. */
function rootNotAfterMs(entry: RootEntry): number {
  return Date.parse(new X509Certificate(entry.certificatePem).validTo);
}

/** The root that signs at `nowMs`: the newest whose signing has begun and that has not expired. */
export function activeRoot(state: RootState, nowMs: number): RootEntry | undefined {
  return state.roots
    .filter((entry) => entry.signingFromMs <= nowMs && nowMs < rootNotAfterMs(entry))
    .reduce<RootEntry | undefined>(
      (best, entry) => (!best || entry.signingFromMs > best.signingFromMs ? entry : best),
      undefined,
    );
}

/** The roots workloads must trust at `nowMs`: neither retired nor expired. Pending roots included. */
export function trustedRoots(state: RootState, nowMs: number): RootEntry[] {
  return state.roots.filter(
    (entry) =>
      (entry.keepUntilMs === undefined || nowMs < entry.keepUntilMs) &&
      nowMs < rootNotAfterMs(entry),
  );
}

/** Whether a rotation has been started and the new root does not sign yet. */
export function rotationPending(state: RootState, nowMs: number): boolean {
  return state.roots.some((entry) => entry.signingFromMs > nowMs);
}

/**
 * Adds `next` to the bundle now and lets it sign only after the propagation delay; the root that
 * signs until then stays trusted until every leaf it can still sign has expired.
 */
export function beginRotation(
  state: RootState,
  next: Pick<RootEntry, 'certificatePem' | 'keyPem'>,
  timing: RotationTiming,
): RootState {
  const signingFromMs = timing.nowMs + timing.propagationMs;
  const current = activeRoot(state, timing.nowMs);
  const roots = state.roots.map((entry) =>
    entry === current
      ? {
          ...entry,
          keepUntilMs: Math.min(signingFromMs + timing.maxLeafTtlMs, rootNotAfterMs(entry)),
        }
      : entry,
  );
  return { format: 1, roots: [...roots, { ...next, signingFromMs }] };
}

/** Drops the roots that are neither trusted nor signing any more; undefined when nothing changes. */
export function pruneRoots(state: RootState, nowMs: number): RootState | undefined {
  const keep = new Set(trustedRoots(state, nowMs));
  const active = activeRoot(state, nowMs);
  if (active) keep.add(active);
  if (keep.size === state.roots.length || keep.size === 0) return undefined;
  return { format: 1, roots: state.roots.filter((entry) => keep.has(entry)) };
}

/** Whether the signing root expires within `rotateBeforeMs` and no rotation is under way. */
export function needsRotation(state: RootState, nowMs: number, rotateBeforeMs: number): boolean {
  if (rotationPending(state, nowMs)) return false;
  const active = activeRoot(state, nowMs);
  return !active || rootNotAfterMs(active) - nowMs < rotateBeforeMs;
}
