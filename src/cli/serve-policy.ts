import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import type { ServeConfig } from '../config/serve-config.js';
import { ANALYZERS } from '../policy/analyzers/index.js';
import { startBackgroundAudit, type BackgroundAudit } from '../policy/audit/background.js';
import type { ReportStore } from '../policy/audit/report-sink.js';
import { snapshotFromManifests, type ClusterSnapshotSource } from '../policy/audit/snapshot.js';
import { buildPolicyEngine, type PolicyEngine } from '../policy/engine.js';
import { formatLoadProblem, type LoadProblem } from '../policy/problems.js';
import type { Logger } from '../shared/logger.js';
import { readPolicyDocuments, resolveBuiltinPolicies } from './policy-files.js';
import type { CliIo } from './usage.js';

/** The policies `gangway serve` applies at admission and in its background audit. */
export interface ServePolicies {
  readonly engine: PolicyEngine;
  readonly problems: readonly LoadProblem[];
}

/** Routes the file readers' messages (YAML errors, unreadable files) to the log. */
function loggingIo(logger: Logger): CliIo {
  return {
    stdout: (text) => logger.info(text.trimEnd()),
    stderr: (text) => logger.warn(text.trimEnd()),
    readStdin: () => Promise.resolve(''),
  };
}

/**
 * Loads the built-in packs (unless turned off) and every `--policies` directory. A policy that
 * does not compile is logged with its file and expression and left out; the others still load.
 */
export async function loadServePolicies(
  config: ServeConfig,
  logger: Logger,
): Promise<ServePolicies> {
  const dirs = [...(config.builtinPolicies ? [resolveBuiltinPolicies()] : []), ...config.policies];
  const io = loggingIo(logger);
  const documents = (await Promise.all(dirs.map((dir) => readPolicyDocuments(dir, io)))).flat();
  const { engine, problems } = buildPolicyEngine(documents);
  for (const problem of problems)
    logger.warn({ problem: problem.code }, formatLoadProblem(problem));
  logger.info(
    { policies: engine.policies.length, problems: problems.length, dirs },
    'admission policies loaded',
  );
  return { engine, problems };
}

/** A snapshot source that re-reads a directory of manifests at every audit (no cluster). */
function manifestDirectorySource(dir: string, logger: Logger): ClusterSnapshotSource {
  const description = `dir:${dir}`;
  return {
    description,
    fetch: async () =>
      snapshotFromManifests(await readPolicyDocuments(dir, loggingIo(logger)), description),
  };
}

/** Where the background audit reads from and writes to. */
export interface AuditTarget {
  readonly source: ClusterSnapshotSource;
  readonly store?: ReportStore;
}

/**
 * The audit target: the cluster (reports written unless `--write-reports=false`), or with no
 * cluster the `--audit-from` directory (default `<config-dir>/mesh`), or none when that is absent.
 */
export async function auditTargetOf(
  config: ServeConfig,
  policies: ServePolicies,
  kubeConfig: KubeConfig | undefined,
  logger: Logger,
): Promise<AuditTarget | undefined> {
  if (kubeConfig) {
    // Loaded only with a cluster: the Kubernetes client is slow to import.
    const { createKubeAuditCluster } = await import('../policy/audit/kube-cluster.js');
    const { paramKindToList } = await import('../policy/audit/kube-source.js');
    const extraKinds = policies.engine.policies.flatMap((p) =>
      p.paramKind ? [paramKindToList(p.paramKind)] : [],
    );
    const cluster = createKubeAuditCluster(kubeConfig, { extraKinds });
    return { source: cluster.source, ...(config.writeReports ? { store: cluster.store } : {}) };
  }
  const dir = config.auditFrom ?? join(config.configDir, 'mesh');
  if (!existsSync(dir)) {
    logger.info({ dir }, 'no cluster and no manifests to audit: background audit off');
    return undefined;
  }
  return { source: manifestDirectorySource(dir, logger) };
}

/**
 * Starts the background audit every `--audit-interval` (0 turns it off): its cluster state backs
 * the admission policies' params and analyzers, its results the violation gauges and PolicyReports.
 */
export function startServeAudit(options: {
  config: ServeConfig;
  policies: ServePolicies;
  target: AuditTarget | undefined;
  registry: Registry;
  logger: Logger;
}): BackgroundAudit | undefined {
  const { config, target, policies, logger } = options;
  if (!target || config.auditInterval === 0) return undefined;
  logger.info(
    {
      source: target.source.description,
      intervalMs: config.auditInterval,
      reports: !!target.store,
    },
    'background audit started',
  );
  return startBackgroundAudit({
    engine: policies.engine,
    source: target.source,
    analyzers: ANALYZERS,
    problems: policies.problems,
    registry: options.registry,
    intervalMs: config.auditInterval,
    reportApi: config.reportApi,
    logger,
    ...(target.store ? { store: target.store } : {}),
  });
}
