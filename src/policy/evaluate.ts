import { celMap } from '@bufbuild/cel';
import type { CelInput, CelMap, CelValue } from '@bufbuild/cel';
import type { CompiledExpression } from './cel/compile.js';
import type { PolicyCelEnvironment } from './cel/environment.js';
import type { JsonObject } from './cel/values.js';
import { describeCelValue } from './cel/values.js';
import type { ClusterState } from './cluster/cluster-state.js';
import type { CompiledPolicy, CompiledValidation, PolicyBinding } from './compiled.js';
import type { PolicyRequest } from './request.js';
import { celRequestOf } from './request.js';

/** A validation that did not pass: it evaluated to false, or it could not be evaluated. */
export interface Violation {
  readonly kind: 'fail' | 'error';
  /** What failed: `validations[0]`, `matchConditions[name]`, `paramRef`, `auditAnnotations[key]`. */
  readonly rule: string;
  readonly message: string;
  /** The Kubernetes status reason (Invalid, Forbidden, ...). */
  readonly reason: string;
  readonly expression?: string;
  /** False for errors under failurePolicy Ignore: reported by an audit, not acted on at admission. */
  readonly enforced: boolean;
}

/** The outcome of one policy, one binding and one param object against one request. */
export interface Decision {
  readonly policy: CompiledPolicy;
  readonly binding: PolicyBinding;
  /** The name of the param object, for parameterised policies. */
  readonly paramName?: string;
  /** `not-applicable` when a matchCondition is false: the policy does not apply at all. */
  readonly outcome: 'pass' | 'violations' | 'skip' | 'not-applicable';
  readonly violations: readonly Violation[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
  /** Why a decision is `skip`: params not found with parameterNotFoundAction Allow. */
  readonly skipReason?: string;
  /** The rules (`validations[i]`) that passed. */
  readonly passed: readonly string[];
}

/** The request-level CEL inputs, converted once and shared by every policy. */
export interface RequestBindings {
  readonly object: CelInput;
  readonly oldObject: CelInput;
  readonly request: CelInput;
  readonly namespaceObject: CelInput;
}

/** Converts a request into the CEL inputs every policy reads. */
export function bindRequest(
  request: PolicyRequest,
  environment: PolicyCelEnvironment,
): RequestBindings {
  const bind = (o: JsonObject | null): CelInput => (o ? environment.bindObject(o) : null);
  return {
    object: bind(request.object),
    oldObject: bind(request.oldObject),
    request: bind(celRequestOf(request)),
    namespaceObject: bind(request.namespaceObject),
  };
}

/** One evaluation's state: the activation and the variables computed so far. */
interface Activation {
  readonly policy: CompiledPolicy;
  readonly base: Record<string, CelInput>;
  readonly memo: Map<string, CelValue | Error>;
}

const NO_VARIABLES: CelMap = celMap(new Map());

/** The `variables` map an expression sees: only those it reads, as a CEL map built once. */
function variablesFor(expression: CompiledExpression, a: Activation): CelMap | Error {
  if (expression.variables.length === 0) return NO_VARIABLES;
  const out = new Map<string, CelInput>();
  for (const name of expression.variables) {
    const value = variableValue(name, a);
    if (value instanceof Error) return new Error(`variable '${name}' failed: ${value.message}`);
    out.set(name, value);
  }
  return celMap(out);
}

function variableValue(name: string, a: Activation): CelValue | Error {
  const known = a.memo.get(name);
  if (known !== undefined) return known;
  const expression = a.policy.variables.get(name);
  const value = expression ? runExpression(expression, a) : new Error(`no variable '${name}'`);
  a.memo.set(name, value);
  return value;
}

/** Runs an expression with the variables it reads computed (lazily, once per evaluation). */
function runExpression(expression: CompiledExpression, a: Activation): CelValue | Error {
  const variables = variablesFor(expression, a);
  if (variables instanceof Error) return variables;
  return expression.run({ ...a.base, variables });
}

function validationMessage(v: CompiledValidation, a: Activation): string {
  if (v.messageExpression) {
    const value = runExpression(v.messageExpression, a);
    // Kubernetes falls back to `message` when messageExpression fails or yields nothing usable.
    if (typeof value === 'string' && value.trim() !== '' && !value.includes('\n'))
      return value.trim();
  }
  return v.message ?? `failed expression: ${v.expression.source}`;
}

function runValidation(v: CompiledValidation, a: Activation): Violation | undefined {
  const rule = `validations[${v.index}]`;
  const result = runExpression(v.expression, a);
  const enforced = a.policy.failurePolicy === 'Fail';
  const expression = v.expression.source;
  if (result instanceof Error) {
    const message = `expression '${expression}' resulted in error: ${result.message}`;
    return { kind: 'error', rule, message, reason: 'InternalError', expression, enforced };
  }
  if (typeof result !== 'boolean') {
    const message = `expression '${expression}' must evaluate to bool, got ${describeCelValue(result)}`;
    return { kind: 'error', rule, message, reason: 'InternalError', expression, enforced };
  }
  if (result) return undefined;
  return {
    kind: 'fail',
    rule,
    message: validationMessage(v, a),
    reason: v.reason,
    expression,
    enforced: true,
  };
}

/** Evaluates matchConditions: true when all hold; a violation when one errs under Fail. */
function runMatchConditions(a: Activation): boolean | Violation {
  for (const condition of a.policy.matchConditions) {
    const result = runExpression(condition.expression, a);
    if (result === true) continue;
    if (result === false) return false;
    if (a.policy.failurePolicy === 'Ignore') return false;
    const detail =
      result instanceof Error ? result.message : `got ${describeCelValue(result)}, want bool`;
    return {
      kind: 'error',
      rule: `matchConditions[${condition.name}]`,
      message: `match condition '${condition.name}' failed: ${detail}`,
      reason: 'InternalError',
      expression: condition.expression.source,
      enforced: true,
    };
  }
  return true;
}

function runAuditAnnotations(a: Activation, violations: Violation[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of a.policy.auditAnnotations) {
    const result = runExpression(value, a);
    if (result === null) continue;
    if (typeof result === 'string') {
      out[`${a.policy.name}/${key}`] = result;
      continue;
    }
    const detail =
      result instanceof Error ? result.message : 'valueExpression must yield a string or null';
    violations.push({
      kind: 'error',
      rule: `auditAnnotations[${key}]`,
      message: `audit annotation '${key}' failed: ${detail}`,
      reason: 'InternalError',
      expression: value.source,
      enforced: a.policy.failurePolicy === 'Fail',
    });
  }
  return out;
}

/** What one evaluation needs besides the policy and request. */
export interface EvaluationInput {
  readonly policy: CompiledPolicy;
  readonly binding: PolicyBinding;
  readonly bindings: RequestBindings;
  readonly params: JsonObject | null;
  readonly paramName?: string;
  readonly environment: PolicyCelEnvironment;
  readonly cluster?: ClusterState | undefined;
}

/**
 * Evaluates one policy under one binding and one param object: matchConditions, then every
 * validation, then audit annotations. Never throws: runtime errors become `error` violations.
 */
export function evaluatePolicy(input: EvaluationInput): Decision {
  const { policy, binding, environment } = input;
  const base = {
    ...input.bindings,
    params: input.params ? environment.bindObject(input.params) : null,
  };
  const a: Activation = { policy, base, memo: new Map() };
  const head = { policy, binding, ...(input.paramName ? { paramName: input.paramName } : {}) };
  return environment.withContext({ cluster: input.cluster }, () => {
    const matched = runMatchConditions(a);
    const none = { ...head, violations: [], auditAnnotations: {}, passed: [] };
    if (matched === false) return { ...none, outcome: 'not-applicable' };
    if (matched !== true) return { ...none, outcome: 'violations', violations: [matched] };
    const violations: Violation[] = [];
    for (const v of policy.validations) {
      const violation = runValidation(v, a);
      if (violation) violations.push(violation);
    }
    const failed = new Set(violations.map((v) => v.rule));
    const passed = policy.validations
      .map((v) => `validations[${v.index}]`)
      .filter((r) => !failed.has(r));
    const auditAnnotations = runAuditAnnotations(a, violations);
    return {
      ...head,
      outcome: violations.length > 0 ? 'violations' : 'pass',
      violations,
      auditAnnotations,
      passed,
    };
  });
}
