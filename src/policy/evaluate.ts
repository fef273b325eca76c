import { celMap } from '@bufbuild/cel';
import type { CelInput, CelMap, CelValue } from '@bufbuild/cel';
import type { CompiledExpression } from './cel/compile.js';
import type { PolicyCelEnvironment } from './cel/environment.js';
import type { JsonObject } from './cel/values.js';
import { describeCelValue } from './cel/values.js';
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

/** Every expression of a policy. */
function expressionsOf(policy: CompiledPolicy): CompiledExpression[] {
  return [
    ...policy.matchConditions.map((c) => c.expression),
    ...policy.variables.values(),
    ...policy.validations.flatMap((v) =>
      v.messageExpression ? [v.expression, v.messageExpression] : [v.expression],
    ),
    ...policy.auditAnnotations.map((a) => a.value),
  ];
}

/** The globals (`object`, `request`, ...) that some expression of these policies names. */
export function globalsReadBy(policies: readonly CompiledPolicy[]): ReadonlySet<string> {
  return new Set(policies.flatMap((p) => expressionsOf(p).flatMap((e) => e.globals)));
}

/**
 * Converts a request into the CEL inputs every policy reads. Only the globals in `read` are
 * converted (see `globalsReadBy`): the others are bound to null, which no expression can see.
 */
export function bindRequest(
  request: PolicyRequest,
  environment: PolicyCelEnvironment,
  read: ReadonlySet<string>,
): RequestBindings {
  const bind = (name: string, o: JsonObject | null): CelInput =>
    o && read.has(name) ? environment.bindObject(o) : null;
  return {
    object: bind('object', request.object),
    oldObject: bind('oldObject', request.oldObject),
    request: read.has('request') ? environment.bindObject(celRequestOf(request)) : null,
    namespaceObject: bind('namespaceObject', request.namespaceObject),
  };
}

/**
 * What every policy evaluated against one request shares: the bindings, converted once, and the
 * values of request-level expressions (those reading neither params nor variables, such as the
 * `not-controlled` matchCondition most packs repeat), keyed by source. Build one per request.
 */
export interface RequestScope {
  readonly bindings: RequestBindings;
  readonly shared: Map<string, CelValue | Error>;
}

/** A fresh scope for one request. */
export function createRequestScope(bindings: RequestBindings): RequestScope {
  return { bindings, shared: new Map() };
}

/** The activation of one evaluation, reused by each of its expressions. */
type Bindings = {
  object: CelInput;
  oldObject: CelInput;
  request: CelInput;
  namespaceObject: CelInput;
  params: CelInput;
  variables: CelInput;
};

/** One evaluation's state: the activation and the variables computed so far. */
interface Activation {
  readonly policy: CompiledPolicy;
  readonly bindings: Bindings;
  /** Every variable computed so far, failed ones included. */
  readonly memo: Map<string, CelValue | Error>;
  /** The variables computed so far that have a value, and (built on first use) their CEL map. */
  readonly computed: Map<string, CelInput>;
  computedMap: CelMap | undefined;
  readonly shared: Map<string, CelValue | Error>;
}

const NO_VARIABLES: CelMap = celMap(new Map());

/**
 * The `variables` map an expression sees, once the variables it reads are computed. An
 * expression that reads `variables.<name>` only can see no other entry, so it shares the one map
 * of the evaluation; one that reads the map as a whole gets a map of exactly its variables.
 */
function variablesFor(expression: CompiledExpression, a: Activation): CelMap | Error {
  if (expression.variables.length === 0) return NO_VARIABLES;
  for (const name of expression.variables) {
    const value = variableValue(name, a);
    if (value instanceof Error) return new Error(`variable '${name}' failed: ${value.message}`);
  }
  if (!expression.globals.includes('variables')) return (a.computedMap ??= celMap(a.computed));
  return celMap(new Map(expression.variables.map((name) => [name, a.computed.get(name) ?? null])));
}

function variableValue(name: string, a: Activation): CelValue | Error {
  const known = a.memo.get(name);
  if (known !== undefined) return known;
  const expression = a.policy.variables.get(name);
  const value = expression ? runExpression(expression, a) : new Error(`no variable '${name}'`);
  a.memo.set(name, value);
  if (!(value instanceof Error)) a.computed.set(name, value);
  return value;
}

/**
 * Runs an expression with the variables it reads computed (lazily, once per evaluation); a
 * request-level expression runs once per request, whichever policy asks first.
 */
function runExpression(expression: CompiledExpression, a: Activation): CelValue | Error {
  if (expression.requestLevel) {
    const known = a.shared.get(expression.source);
    if (known !== undefined) return known;
    a.bindings.variables = NO_VARIABLES;
    const value = expression.run(a.bindings);
    a.shared.set(expression.source, value);
    return value;
  }
  const variables = variablesFor(expression, a);
  if (variables instanceof Error) return variables;
  // Variables are computed before this run starts, and a run never re-enters: the one
  // activation object can carry each expression's own `variables` in turn.
  a.bindings.variables = variables;
  return expression.run(a.bindings);
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
  /** The request's scope, shared by every policy evaluated against it. */
  readonly scope: RequestScope;
  readonly params: JsonObject | null;
  readonly paramName?: string;
  readonly environment: PolicyCelEnvironment;
}

// The rule names of a policy's validations, built once per policy rather than per evaluation.
const ruleNames = new WeakMap<CompiledPolicy, readonly string[]>();

function rulesOf(policy: CompiledPolicy): readonly string[] {
  let rules = ruleNames.get(policy);
  if (!rules) {
    rules = policy.validations.map((v) => `validations[${v.index}]`);
    ruleNames.set(policy, rules);
  }
  return rules;
}

function activationOf(input: EvaluationInput): Activation {
  const { bindings, shared } = input.scope;
  return {
    policy: input.policy,
    bindings: {
      object: bindings.object,
      oldObject: bindings.oldObject,
      request: bindings.request,
      namespaceObject: bindings.namespaceObject,
      params: input.params ? input.environment.bindObject(input.params) : null,
      variables: NO_VARIABLES,
    },
    memo: new Map(),
    computed: new Map(),
    computedMap: undefined,
    shared,
  };
}

/** Runs every validation; the rules that passed, in order, and the violations. */
function runValidations(a: Activation, violations: Violation[]): string[] {
  const rules = rulesOf(a.policy);
  const passed: string[] = [];
  a.policy.validations.forEach((v, i) => {
    const violation = runValidation(v, a);
    if (violation) violations.push(violation);
    else passed.push(rules[i] ?? `validations[${v.index}]`);
  });
  return passed;
}

type Outcome = Decision['outcome'];

/**
 * A decision, built field by field: object spread (`{ ...head }`) of these shapes profiled as the
 * single most expensive line of an evaluation.
 */
function decisionOf(
  input: EvaluationInput,
  outcome: Outcome,
  violations: readonly Violation[],
  auditAnnotations: Readonly<Record<string, string>> = {},
  passed: readonly string[] = [],
): Decision {
  const decision: { -readonly [K in keyof Decision]: Decision[K] } = {
    policy: input.policy,
    binding: input.binding,
    outcome,
    violations,
    auditAnnotations,
    passed,
  };
  if (input.paramName) decision.paramName = input.paramName;
  return decision;
}

/**
 * Evaluates one policy under one binding and one param object: matchConditions, then every
 * validation, then audit annotations. Never throws: runtime errors become `error` violations.
 * Runs inside the environment's context for the request (see `PolicyCelEnvironment.withContext`).
 */
export function evaluatePolicy(input: EvaluationInput): Decision {
  const a = activationOf(input);
  const matched = runMatchConditions(a);
  if (matched === false) return decisionOf(input, 'not-applicable', []);
  if (matched !== true) return decisionOf(input, 'violations', [matched]);
  const violations: Violation[] = [];
  const passed = runValidations(a, violations);
  const auditAnnotations = runAuditAnnotations(a, violations);
  const outcome = violations.length > 0 ? 'violations' : 'pass';
  return decisionOf(input, outcome, violations, auditAnnotations, passed);
}
