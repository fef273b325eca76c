import type { KubeConfig } from '@kubernetes/client-node';
import type { KindToList } from './kube-source.js';
import { createClientNodeLister, createKubeSnapshotSource } from './kube-source.js';
import type { ReportStore } from './report-sink.js';
import { createClientNodeReportStore } from './report-sink.js';
import type { ClusterSnapshotSource } from './snapshot.js';

/** The live-cluster side of an audit: where snapshots come from and where reports go. */
export interface AuditCluster {
  readonly source: ClusterSnapshotSource;
  readonly store: ReportStore;
}

/** Options of {@link createKubeAuditCluster}. */
export interface KubeAuditClusterOptions {
  /** List namespaced kinds in this namespace only. */
  readonly namespace?: string | undefined;
  /** Kinds to list besides the audited ones (policies' paramKinds). */
  readonly extraKinds?: readonly KindToList[];
}

/** The snapshot source and report store of a cluster reached through a KubeConfig. */
export function createKubeAuditCluster(
  kc: KubeConfig,
  options: KubeAuditClusterOptions = {},
): AuditCluster {
  const source = createKubeSnapshotSource({
    lister: createClientNodeLister(kc),
    namespace: options.namespace,
    ...(options.extraKinds ? { extraKinds: options.extraKinds } : {}),
    description: `cluster:${kc.getCurrentContext() || 'in-cluster'}`,
  });
  return { source, store: createClientNodeReportStore(kc) };
}
