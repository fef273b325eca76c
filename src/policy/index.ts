/**
 * The policy feature: ValidatingAdmissionPolicies evaluated with CEL, the cross-resource
 * analyzers, the audit and its report writers. Everything here is pure or takes its I/O through
 * an interface; the CLI (`gangway audit`) and the server wire it.
 */
export type { PolicyHandlerDeps } from './admission/handler.js';
export { createPolicyHandler } from './admission/handler.js';
export type { ActionOutcome } from './admission/decisions.js';
export { applyValidationActions, VALIDATION_FAILURE_ANNOTATION } from './admission/decisions.js';
export type { Analyzer, AnalyzerFinding } from './analyzers/analyzer.js';
export { ANALYZERS, findAnalyzer } from './analyzers/index.js';
export type { BackgroundAudit, BackgroundAuditOptions } from './audit/background.js';
export {
  DEFAULT_AUDIT_INTERVAL_MS,
  DEFAULT_SERVE_BOUNDS,
  startBackgroundAudit,
} from './audit/background.js';
export type { AuditMetrics } from './audit/metrics.js';
export { createAuditMetrics, recordAudit } from './audit/metrics.js';
export type { AuditCluster, KubeAuditClusterOptions } from './audit/kube-cluster.js';
export { createKubeAuditCluster } from './audit/kube-cluster.js';
export { buildAuditScope, hasFindingAtLeast } from './audit/scope.js';
export type { AuditOptions } from './audit/run-audit.js';
export { auditSnapshot, describePolicies } from './audit/run-audit.js';
export type {
  ClusterSnapshot,
  ClusterSnapshotSource,
  ManifestDocument,
  SnapshotObject,
  SnapshotProgress,
} from './audit/snapshot.js';
export { createStaticSnapshotSource, snapshotFromManifests } from './audit/snapshot.js';
export type { KindToList, KubeLister, ListPage } from './audit/kube-source.js';
export {
  AUDIT_KINDS,
  createClientNodeLister,
  createKubeSnapshotSource,
  paramKindToList,
} from './audit/kube-source.js';
export type { ApplyOutcome, ReportStore } from './audit/report-sink.js';
export { applyReports, createClientNodeReportStore } from './audit/report-sink.js';
export type { PolicyCelEnvironment } from './cel/environment.js';
export { createPolicyCelEnvironment } from './cel/environment.js';
export type { Json, JsonObject } from './cel/values.js';
export type { ClusterState } from './cluster/cluster-state.js';
export { createClusterState, overlayClusterState } from './cluster/cluster-state.js';
export type { ObjectReference } from './cluster/objects.js';
export { labelsOf, namespaceOf } from './cluster/objects.js';
export type { CompiledPolicy, PolicyBinding } from './compiled.js';
export type { EngineContext, PolicyEngine } from './engine.js';
export { buildPolicyEngine, createPolicyEngine } from './engine.js';
export type { Decision, Violation } from './evaluate.js';
export type { PolicyInputDocument, PolicySet } from './load.js';
export { loadPolicies } from './load.js';
export { matchesLabelSelector } from './match/label-selector.js';
export { parseSelectorText } from './match/selector-text.js';
export type { PolicyMetadata, Severity } from './metadata.js';
export { isAtLeast, SEVERITIES } from './metadata.js';
export type { LoadProblem, LoadProblemCode } from './problems.js';
export { formatLoadProblem, loadProblemMessages } from './problems.js';
export type { ReportBounds, ReportFlavour, ReportObject } from './report/policy-report.js';
export { renderPolicyReports } from './report/policy-report.js';
export { renderHtml } from './report/html/html.js';
export { renderJunit } from './report/junit.js';
export { renderSarif } from './report/sarif.js';
export type { OutputFormat, RenderOptions } from './report/render.js';
export { OUTPUT_FORMATS, renderReport } from './report/render.js';
export type {
  AuditReport,
  AuditResult,
  PolicyInfo,
  ResultStatus,
  Summary,
} from './report/result.js';
export { isFinding, summarize } from './report/result.js';
export type { PolicyRequest } from './request.js';
export { requestForAdmission, requestForObject } from './request.js';
