import { systemClock, type Clock } from '../../shared/clock.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import type { LeaseApi, LeaseRecord } from '../kube/apis.js';

/** Options of {@link createLeaderElector}. */
export interface LeaderElectorOptions {
  leases: LeaseApi;
  namespace: string;
  /** Lease name; one per elected duty. */
  name: string;
  /** This replica's identity (its pod name). */
  identity: string;
  clock?: Clock;
  logger?: Logger;
  /** How long a lease lasts without renewal; 15 s as in client-go's defaults. */
  leaseDurationMs?: number;
  /** How often the holder renews and the others retry; 2 s as in client-go's defaults. */
  retryPeriodMs?: number;
  /** Called on gaining and on losing leadership. */
  onLeadershipChange?: (leading: boolean) => void;
}

/** Kubernetes Lease-based leader election, one lease and one duty. */
export interface LeaderElector {
  /** Whether this replica holds the lease now. */
  isLeader(): boolean;
  /** One election round: acquire, renew or observe. Runs on a timer once started. */
  tryAcquireOrRenew(): Promise<boolean>;
  start(): void;
  /** Stops the timer and gives the lease up, so a successor need not wait for it to expire. */
  stop(): Promise<void>;
}

/**
 * Builds a leader elector following client-go's algorithm: a lease counts as expired once its
 * record has not changed for leaseDuration by the local clock (never by comparing the holder's
 * timestamps with ours, which would trust both clocks to agree).
 */
export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  return new LeaseLeaderElector(options);
}

class LeaseLeaderElector implements LeaderElector {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly durationMs: number;
  private leading = false;
  private observed: { key: string; atMs: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The round the timer started, awaited by stop so it cannot re-arm the timer or re-acquire. */
  private inFlight: Promise<boolean> | undefined;

  constructor(private readonly options: LeaderElectorOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createSilentLogger();
    this.durationMs = options.leaseDurationMs ?? 15_000;
  }

  isLeader(): boolean {
    return this.leading;
  }

  async tryAcquireOrRenew(): Promise<boolean> {
    try {
      this.setLeading(await this.round());
    } catch (error) {
      this.logger.warn({ err: error, lease: this.options.name }, 'leader election round failed');
      // Without a successful renewal we cannot know that nobody else took over: step down.
      this.setLeading(false);
    }
    return this.leading;
  }

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.inFlight = this.tryAcquireOrRenew().finally(() => {
        this.inFlight = undefined;
        if (this.stopped) return;
        this.timer = setTimeout(tick, this.options.retryPeriodMs ?? 2_000);
        this.timer.unref();
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    if (!this.leading) return;
    const { leases, namespace, name } = this.options;
    const current = await leases.read(namespace, name).catch(() => undefined);
    if (current?.holderIdentity === this.options.identity) {
      const released = { ...current, holderIdentity: '', leaseDurationSeconds: 1 };
      await leases.replace(namespace, name, released).catch(() => undefined);
    }
    this.setLeading(false);
  }

  private async round(): Promise<boolean> {
    const { leases, namespace, name, identity } = this.options;
    const now = this.clock.now();
    const record = await leases.read(namespace, name);
    if (!record) return (await leases.create(namespace, name, this.fresh(now, 0))) === 'created';
    const key = `${record.holderIdentity ?? ''}|${record.renewTimeMs ?? 0}|${record.resourceVersion ?? ''}`;
    if (this.observed?.key !== key) this.observed = { key, atMs: now };
    const held = !!record.holderIdentity && record.holderIdentity !== identity;
    const durationMs = (record.leaseDurationSeconds ?? this.durationMs / 1000) * 1000;
    if (held && now < this.observed.atMs + durationMs) return false;
    const mine = record.holderIdentity === identity;
    const transitions = (record.leaseTransitions ?? 0) + (mine ? 0 : 1);
    const next: LeaseRecord = {
      ...this.fresh(now, transitions),
      acquireTimeMs: mine ? (record.acquireTimeMs ?? now) : now,
      ...(record.resourceVersion ? { resourceVersion: record.resourceVersion } : {}),
    };
    return (await leases.replace(namespace, name, next)) === 'replaced';
  }

  private fresh(now: number, transitions: number): LeaseRecord {
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.durationMs / 1000),
      acquireTimeMs: now,
      renewTimeMs: now,
      leaseTransitions: transitions,
    };
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.logger.info({ lease: this.options.name, leading }, 'leadership changed');
    this.options.onLeadershipChange?.(leading);
  }
}
