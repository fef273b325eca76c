import type { Clock } from '../../shared/clock.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import type { ConfigMapApi, LeaseApi, NamespaceApi } from '../kube/apis.js';
import type { SignerSource } from '../signer.js';
import { createLeaderElector, type LeaderElector } from './leader-election.js';
import { createRootDistributor, type RootDistributor } from './root-distributor.js';

/** Name of the Lease electing the replica that writes the root ConfigMaps. */
export const ROOT_DISTRIBUTION_LEASE = 'gangway-ca-root-distributor';

/** Options of {@link startRootDistribution}. */
export interface RootDistributionOptions {
  configMaps: ConfigMapApi;
  namespaces: NamespaceApi;
  leases: LeaseApi;
  /** Where the bundle comes from; a change triggers a full reconcile. */
  signers: SignerSource;
  /** gangway's own namespace, where the Lease lives. */
  namespace: string;
  /** This replica's identity (pod name). */
  identity: string;
  clock?: Clock;
  logger?: Logger;
}

/** The running distribution: the elector and the distributor, exposed for tests and probes. */
export interface RootDistribution {
  elector: LeaderElector;
  distributor: RootDistributor;
  stop(): Promise<void>;
}

/** Elects a writer and keeps `gangway-ca-root-cert` in every namespace while it leads. */
export async function startRootDistribution(
  options: RootDistributionOptions,
): Promise<RootDistribution> {
  const logger = options.logger ?? createSilentLogger();
  // Set by the elector's callback, read by the distributor before every write.
  let leading = false;
  const distributor = createRootDistributor({
    configMaps: options.configMaps,
    namespaces: options.namespaces,
    bundle: () => options.signers.trustBundle(),
    isLeader: () => leading,
    logger,
  });
  const elector = createLeaderElector({
    leases: options.leases,
    namespace: options.namespace,
    name: ROOT_DISTRIBUTION_LEASE,
    identity: options.identity,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    onLeadershipChange: (isLeading) => {
      leading = isLeading;
      if (isLeading) void distributor.reconcileAll().catch(() => undefined);
    },
  });
  const unsubscribe = options.signers.onChange(
    () => void distributor.reconcileAll().catch(() => undefined),
  );
  await distributor.start();
  elector.start();
  return {
    elector,
    distributor,
    stop: async () => {
      unsubscribe();
      distributor.stop();
      await elector.stop();
    },
  };
}
