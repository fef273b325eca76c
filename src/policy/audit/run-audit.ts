import type { Analyzer } from '../analyzers/analyzer.js';
import { analyzerDocsUrl } from '../analyzers/analyzer.js';
import type { JsonObject } from '../cel/values.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { createClusterState } from '../cluster/cluster-state.js';
import type { ObjectReference } from '../cluster/objects.js';
import { namespaceOf, referenceOf } from '../cluster/objects.js';
import type { PolicyEngine } from '../engine.js';
import type { Decision, Violation } from '../evaluate.js';
import type { LoadProblem } from '../problems.js';
import { formatLoadProblem } from '../problems.js';
import type { AuditReport, AuditResult, PolicyInfo } from '../report/result.js';
import { sortResults, summarize } from '../report/result.js';
import { requestForObject } from '../request.js';
import type { ClusterSnapshot, SnapshotObject } from './snapshot.js';

/** What an audit runs and how. */
export interface AuditOptions {
  readonly engine: PolicyEngine;
  readonly analyzers: readonly Analyzer[];
  /** Problems of the policy load, reported as `error` results so they are not missed. */
  readonly problems?: readonly LoadProblem[];
  /** Milliseconds since the epoch, stamped on every result. */
  readonly now: number;
  /** Which objects get results (`-n`, `-l`); all of them by default. The state sees everything. */
  readonly inScope?: (object: JsonObject) => boolean;
  /** The state of the snapshot, when the caller built it already (the background audit). */
  readonly state?: ClusterState;
  /** Called every few hundred objects, for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
}

type Stamp = AuditResult['timestamp'];

function originProperties(item: SnapshotObject): Record<string, string> {
  return item.origin ? { file: item.origin.file, line: String(item.origin.line) } : {};
}

/** What every result of one decision shares. */
interface DecisionFacts {
  readonly decision: Decision;
  readonly resources: readonly ObjectReference[];
  readonly timestamp: Stamp;
}

/**
 * One result, built as a literal with its fields always in this order (the order writers print):
 * results built by spreading a shared base came out with shapes the report writers read slowly.
 */
function resultOf(
  facts: DecisionFacts,
  rule: string,
  result: AuditResult['result'],
  message: string,
  properties: Record<string, string>,
): AuditResult {
  const { policy } = facts.decision;
  return {
    policy: policy.name,
    severity: policy.metadata.severity,
    category: policy.metadata.category,
    resources: facts.resources,
    timestamp: facts.timestamp,
    source: 'gangway',
    scored: true,
    rule,
    result,
    message,
    properties,
  };
}

function decisionResults(d: Decision, item: SnapshotObject, timestamp: Stamp): AuditResult[] {
  if (d.outcome === 'not-applicable') return [];
  const { binding } = d;
  const properties = {
    binding: binding.name,
    actions: binding.actions.join(','),
    ...(d.paramName ? { params: d.paramName } : {}),
    ...originProperties(item),
  };
  const facts: DecisionFacts = { decision: d, resources: [referenceOf(item.object)], timestamp };
  if (d.outcome === 'skip') {
    return [resultOf(facts, 'paramRef', 'skip', d.skipReason ?? 'skipped', properties)];
  }
  const results: AuditResult[] = [];
  for (const rule of d.passed) results.push(resultOf(facts, rule, 'pass', 'passed', properties));
  for (const v of d.violations) results.push(violationResult(v, facts, properties));
  return results;
}

function violationResult(
  v: Violation,
  facts: DecisionFacts,
  properties: Record<string, string>,
): AuditResult {
  // An error carries its expression: the message alone may not say which one failed.
  const extra = v.kind === 'error' && v.expression ? { expression: v.expression } : {};
  const all = { ...properties, reason: v.reason, ...extra };
  return resultOf(facts, v.rule, v.kind, v.message, all);
}

function analyzerResults(
  analyzer: Analyzer,
  state: ClusterState,
  ctx: ResultContext,
): AuditResult[] {
  return analyzer
    .analyze(state)
    .filter((f) => ctx.inScope(f.resource))
    .map((f) => ({
      policy: analyzer.code,
      rule: analyzer.name,
      result: 'warn',
      severity: analyzer.severity,
      category: analyzer.category,
      message: f.message,
      resources: [referenceOf(f.resource)],
      properties: {
        code: analyzer.code,
        ...originProperties(ctx.items.get(f.resource) ?? { object: f.resource }),
      },
      timestamp: ctx.timestamp,
      source: 'gangway',
      scored: true,
    }));
}

interface ResultContext {
  readonly timestamp: Stamp;
  readonly inScope: (object: JsonObject) => boolean;
  readonly items: ReadonlyMap<JsonObject, SnapshotObject>;
}

function problemResult(problem: LoadProblem, timestamp: Stamp): AuditResult {
  return {
    policy: problem.name ?? problem.file,
    rule: problem.path ?? 'load',
    result: 'error',
    severity: 'high',
    category: 'Policy load',
    message: formatLoadProblem(problem),
    resources: [],
    properties: { code: problem.code, file: problem.file, line: String(problem.line) },
    timestamp,
    source: 'gangway',
    scored: true,
  };
}

/** What the report says about each policy and analyzer that ran. */
export function describePolicies(
  engine: PolicyEngine,
  analyzers: readonly Analyzer[],
): PolicyInfo[] {
  const policies: PolicyInfo[] = engine.policies.map((p) => ({
    name: p.name,
    kind: 'policy',
    ...p.metadata,
  }));
  for (const a of analyzers) {
    policies.push({
      name: a.code,
      kind: 'analyzer',
      severity: a.severity,
      category: a.category,
      description: a.summary,
      docsUrl: analyzerDocsUrl(a.code),
    });
  }
  return policies;
}

/**
 * Audits a snapshot: every bound policy against every object in scope (as a CREATE of the object
 * as it is), then every analyzer over the whole state. Pure and synchronous; exact summary counts.
 */
export function auditSnapshot(snapshot: ClusterSnapshot, options: AuditOptions): AuditReport {
  const { engine } = options;
  const seconds = Math.floor(options.now / 1000);
  const timestamp = { seconds, nanos: (options.now % 1000) * 1_000_000 };
  const state = options.state ?? createClusterState(snapshot.objects.map((o) => o.object));
  const inScope = options.inScope ?? (() => true);
  const items = new Map(snapshot.objects.map((o) => [o.object, o]));
  const results: AuditResult[] = [];
  snapshot.objects.forEach((item, index) => {
    if (index % 500 === 0) options.onProgress?.(index, snapshot.objects.length);
    if (!inScope(item.object)) return;
    const namespace = state.namespace(namespaceOf(item.object)) ?? null;
    const decisions = engine.evaluate(requestForObject(item.object, namespace), { cluster: state });
    for (const d of decisions) for (const r of decisionResults(d, item, timestamp)) results.push(r);
  });
  const ctx = { timestamp, inScope, items };
  for (const analyzer of options.analyzers) results.push(...analyzerResults(analyzer, state, ctx));
  for (const problem of options.problems ?? []) results.push(problemResult(problem, timestamp));
  return {
    results: sortResults(results),
    summary: summarize(results),
    policies: describePolicies(engine, options.analyzers),
    source: snapshot.source,
    generatedAt: new Date(options.now).toISOString(),
  };
}
