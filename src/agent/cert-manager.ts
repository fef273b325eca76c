import { X509Certificate } from 'node:crypto';
import { decodeJwt } from 'jose';
import { identityFromClaims, spiffeIdOf } from '../ca/auth/identity.js';
import type { Clock } from '../shared/clock.js';
import { GangwayError } from '../shared/errors.js';
import type { FileSystem } from '../shared/fs/file-system.js';
import type { Logger } from '../shared/logger.js';
import type { CaClient } from './ca-client.js';
import { removeCertFiles, writeCertFiles } from './cert-files.js';
import type { AgentMetrics } from './metrics.js';
import {
  backoffDelayMs,
  refreshDelayMs,
  type BackoffPolicy,
  type RefreshPolicy,
} from './schedule.js';
import type { TimerHandle, Timers } from './timers.js';
import { verifyIssuedChain } from './verify-chain.js';
import { createWorkloadKeyAndCsr } from './workload-key.js';

/** The certificate in use. */
export interface WorkloadCertificate {
  identity: string;
  chainPem: readonly string[];
  keyPem: string;
  rootsPem: readonly string[];
  notBeforeMs: number;
  notAfterMs: number;
}

/** What the certificate manager needs. */
export interface CertManagerDeps {
  files: FileSystem;
  certDir: string;
  tokenPath: string;
  trustDomain: string;
  /** The SPIFFE ID to request; taken from the token's claims when absent. */
  identity?: string;
  /** Requested lifetime in seconds; 0 lets the CA choose. */
  ttlSeconds: number;
  /** key.pem readable by the agent's group (proxyless gRPC apps read it); owner-only otherwise. */
  keyGroupReadable?: boolean;
  caClient: () => CaClient;
  /** The pinned roots (mounted gangway-ca-root-cert). */
  trustedRoots: () => readonly string[];
  clock: Clock;
  timers: Timers;
  random: () => number;
  logger: Logger;
  metrics: AgentMetrics;
  refreshPolicy?: RefreshPolicy;
  backoffPolicy?: BackoffPolicy;
}

/**
 * Keeps a workload certificate: obtains one, renews it at half-life (jittered), retries with
 * jittered backoff while the CA is unreachable (keeping the current certificate meanwhile), and
 * drops it when it expires without a successor.
 */
export class CertManager {
  private certificate: WorkloadCertificate | undefined;
  private readonly listeners = new Set<(certificate: WorkloadCertificate | undefined) => void>();
  private next: TimerHandle | undefined;
  private expiry: TimerHandle | undefined;
  private failures = 0;
  private inFlight: Promise<boolean> | undefined;
  private stopped = false;

  constructor(private readonly deps: CertManagerDeps) {}

  /** The certificate in use, if any. */
  current(): WorkloadCertificate | undefined {
    return this.certificate;
  }

  /** Calls `listener` after every change (new certificate, or none after expiry). */
  onChange(listener: (certificate: WorkloadCertificate | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Starts the first request now. */
  start(): void {
    void this.refreshNow();
  }

  /** Requests a certificate now (joining a request already running); true on success. */
  refreshNow(): Promise<boolean> {
    this.inFlight ??= this.attempt().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Cancels all timers. */
  stop(): void {
    this.stopped = true;
    this.next?.cancel();
    this.expiry?.cancel();
  }

  private schedule(delayMs: number): void {
    this.next?.cancel();
    if (this.stopped) return;
    this.next = this.deps.timers.schedule(delayMs, () => void this.refreshNow());
  }

  private async attempt(): Promise<boolean> {
    const { deps } = this;
    try {
      const certificate = await this.obtain();
      await writeCertFiles(deps.files, deps.certDir, certificate, {
        keyGroupReadable: deps.keyGroupReadable ?? false,
      });
      this.failures = 0;
      this.install(certificate);
      deps.metrics.certificateRequest('issued');
      const delay = refreshDelayMs(
        certificate.notBeforeMs,
        certificate.notAfterMs,
        deps.clock.now(),
        deps.random(),
        deps.refreshPolicy,
      );
      deps.logger.info(
        {
          identity: certificate.identity,
          notAfter: new Date(certificate.notAfterMs),
          renewInMs: Math.round(delay),
        },
        'workload certificate installed',
      );
      this.schedule(delay);
      return true;
    } catch (error) {
      const delay = backoffDelayMs(this.failures++, deps.random(), deps.backoffPolicy);
      deps.metrics.certificateRequest('failed');
      deps.logger.warn(
        { err: error, retryInMs: Math.round(delay), failures: this.failures },
        'certificate request failed',
      );
      this.schedule(delay);
      return false;
    }
  }

  /** One round trip: fresh key and CSR, call the CA, verify the answer. */
  private async obtain(): Promise<WorkloadCertificate> {
    const { deps } = this;
    const token = await this.readToken();
    const identity =
      deps.identity ?? spiffeIdOf(identityFromClaims(decodeJwt(token)), deps.trustDomain);
    const { keyPem, keyObject, csrPem } = await createWorkloadKeyAndCsr(identity);
    const answer = await deps
      .caClient()
      .requestCertificate({ csrPem, token, ttlSeconds: deps.ttlSeconds });
    const pinned = deps.trustedRoots();
    const verified = verifyIssuedChain(answer.certChainPem, {
      trustedRootsPem: pinned,
      identity,
      privateKey: keyObject,
      nowMs: deps.clock.now(),
    });
    return {
      identity,
      chainPem: answer.certChainPem,
      keyPem,
      rootsPem: mergeRoots(pinned, answer.rootsPem),
      notBeforeMs: verified.notBeforeMs,
      notAfterMs: verified.notAfterMs,
    };
  }

  private async readToken(): Promise<string> {
    try {
      // Read on every request: the kubelet rotates the projected token file.
      return (await this.deps.files.readFile(this.deps.tokenPath)).toString('utf8').trim();
    } catch (error) {
      throw new GangwayError('GANGWAY_ERR_AGENT_TOKEN_READ', this.deps.tokenPath, { cause: error });
    }
  }

  private install(certificate: WorkloadCertificate): void {
    this.certificate = certificate;
    this.deps.metrics.certificateExpiry(certificate.notAfterMs);
    this.expiry?.cancel();
    this.expiry = this.deps.timers.schedule(
      certificate.notAfterMs - this.deps.clock.now(),
      () => void this.expire(certificate),
    );
    for (const listener of this.listeners) listener(certificate);
  }

  /** The certificate ran out with no successor: stop using it rather than serve an expired one. */
  private async expire(certificate: WorkloadCertificate): Promise<void> {
    if (this.certificate !== certificate) return;
    this.certificate = undefined;
    this.deps.metrics.certificateExpiry(undefined);
    this.deps.logger.error(
      { identity: certificate.identity },
      'workload certificate expired without renewal',
    );
    await removeCertFiles(this.deps.files, this.deps.certDir).catch(() => undefined);
    for (const listener of this.listeners) listener(undefined);
  }
}

/** The union of two PEM root lists, without duplicates, pinned roots first. */
export function mergeRoots(pinned: readonly string[], received: readonly string[]): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const pem of [...pinned, ...received]) {
    const fingerprint = new X509Certificate(pem).fingerprint256;
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    merged.push(pem.endsWith('\n') ? pem : `${pem}\n`);
  }
  return merged;
}
