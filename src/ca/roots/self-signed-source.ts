import { systemClock, type Clock } from '../../shared/clock.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import { createCaCertificate } from '../crypto/ca-certificate.js';
import { generateSigningKey, type CaKeyKind } from '../crypto/signing-key.js';
import { buildSigner, type Signer, type SignerSource } from '../signer.js';
import { DEFAULT_BACKDATE_SECONDS, DEFAULT_MAX_TTL_SECONDS } from '../validity.js';
import {
  activeRoot,
  beginRotation,
  needsRotation,
  rotationPending,
  pruneRoots,
  trustedRoots,
  type RootEntry,
  type RootState,
} from './root-state.js';
import { loadOrCreateRootState, type RootStore, type StoredRootState } from './root-store.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Options of {@link createSelfSignedRoots}. */
export interface SelfSignedRootsOptions {
  store: RootStore;
  clock?: Clock;
  logger?: Logger;
  /** Subject of generated roots; `O=<organization>, CN=gangway root CA`. */
  organization?: string;
  keyKind?: CaKeyKind;
  /** Lifetime of a generated root; 10 years. */
  rootTtlMs?: number;
  /** Start a rotation when the signing root has less than this left; 1 year. */
  rotateBeforeMs?: number;
  /** How long a new root is trusted before it signs; 1 hour (see docs/ca.md). */
  propagationMs?: number;
  /** The longest leaf lifetime the CA issues, which bounds how long a retired root is kept; 90 days. */
  maxLeafTtlMs?: number;
  /** How often the stored state is re-read (rotations by other replicas, pending roots); 1 minute. */
  refreshIntervalMs?: number;
}

/** A self-signed CA's roots: a SignerSource that also creates, rotates and prunes them. */
export interface SelfSignedRoots extends SignerSource {
  /** Loads the stored roots or creates the first one; rejects when the store is unusable. */
  start(): Promise<void>;
  /** Re-reads the store, prunes, rotates when due and switches signers; called on a timer too. */
  refresh(): Promise<void>;
  /** Starts a rotation now (unless one is pending). */
  rotate(): Promise<void>;
  /** Stops the refresh timer. */
  close(): void;
}

/** Builds the root manager of a self-signed CA. */
export function createSelfSignedRoots(options: SelfSignedRootsOptions): SelfSignedRoots {
  return new SelfSignedRootManager(options);
}

class SelfSignedRootManager implements SelfSignedRoots {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly listeners = new Set<() => void>();
  private stored: StoredRootState | undefined;
  private signer: Signer | undefined;
  /** The stored PEM the signer was built from, to notice a switch without re-parsing. */
  private signerPem: string | undefined;
  private bundle: readonly string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SelfSignedRootsOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createSilentLogger();
  }

  current(): Signer | undefined {
    return this.signer;
  }

  trustBundle(): readonly string[] {
    return this.bundle;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stored = await loadOrCreateRootState(this.options.store, async () => ({
      format: 1,
      roots: [
        {
          ...(await this.generateRoot()),
          signingFromMs: this.clock.now() - DEFAULT_BACKDATE_SECONDS * 1000,
        },
      ],
    }));
    await this.maintain();
    await this.apply();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'CA root refresh failed'),
      );
    }, this.options.refreshIntervalMs ?? 60_000);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    this.stored = (await this.options.store.load()) ?? this.stored;
    await this.maintain();
    await this.apply();
  }

  async rotate(): Promise<void> {
    this.stored = (await this.options.store.load()) ?? this.stored;
    if (this.stored && !rotationPending(this.stored.state, this.clock.now())) {
      await this.rotateWith(await this.generateRoot());
    }
    await this.apply();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async generateRoot(): Promise<Pick<RootEntry, 'certificatePem' | 'keyPem'>> {
    const key = await generateSigningKey(this.options.keyKind);
    const now = this.clock.now();
    const certificatePem = await createCaCertificate({
      subject: `O=${this.options.organization ?? 'gangway'}, CN=gangway root CA`,
      key,
      notBefore: new Date(now - DEFAULT_BACKDATE_SECONDS * 1000),
      notAfter: new Date(now + (this.options.rootTtlMs ?? 10 * YEAR_MS)),
    });
    return { certificatePem, keyPem: key.pem };
  }

  /** Writes `next` over the stored state; on a conflict adopts the rival's state instead. */
  private async write(next: RootState): Promise<void> {
    if (!this.stored) return;
    const store = this.options.store;
    this.stored =
      (await store.update(next, this.stored.revision)) ?? (await store.load()) ?? this.stored;
  }

  /** Prunes retired roots and starts a rotation when the signing root nears its end. */
  private async maintain(): Promise<void> {
    if (!this.stored) return;
    const now = this.clock.now();
    const pruned = pruneRoots(this.stored.state, now);
    if (pruned) await this.write(pruned);
    if (needsRotation(this.stored.state, now, this.options.rotateBeforeMs ?? YEAR_MS)) {
      await this.rotateWith(await this.generateRoot());
    }
  }

  private async rotateWith(next: Pick<RootEntry, 'certificatePem' | 'keyPem'>): Promise<void> {
    if (!this.stored) return;
    const maxLeafTtlMs = this.options.maxLeafTtlMs ?? DEFAULT_MAX_TTL_SECONDS * 1000;
    const rotated = beginRotation(this.stored.state, next, {
      nowMs: this.clock.now(),
      propagationMs: this.options.propagationMs ?? 3600_000,
      // A replica notices the switch at its next refresh and may sign with the old root until
      // then; its leaves must still find the old root trusted.
      maxLeafTtlMs: maxLeafTtlMs + (this.options.refreshIntervalMs ?? 60_000),
    });
    await this.write(rotated);
    this.logger.info({ roots: this.stored.state.roots.length }, 'CA root rotation started');
  }

  /** Switches to the root that signs now and publishes the bundle; tells listeners of changes. */
  private async apply(): Promise<void> {
    if (!this.stored) return;
    const now = this.clock.now();
    const active = activeRoot(this.stored.state, now);
    const bundle = trustedRoots(this.stored.state, now).map((entry) => entry.certificatePem);
    let changed = bundle.join('') !== this.bundle.join('');
    if (active?.certificatePem !== this.signerPem) {
      this.signer = active
        ? await buildSigner({
            certificatePem: active.certificatePem,
            keyPem: active.keyPem,
            parentsPem: [],
          })
        : undefined;
      this.signerPem = active?.certificatePem;
      this.logger.info({ fingerprint: this.signer?.fingerprint }, 'CA signing root changed');
      changed = true;
    }
    this.bundle = bundle;
    if (changed) for (const listener of this.listeners) listener();
  }
}
