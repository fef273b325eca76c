import type { CompileFailure, CompiledExpression } from './cel/compile.js';
import { compileExpression, isCompileFailure } from './cel/compile.js';
import type { PolicyCelEnvironment } from './cel/environment.js';
import type { PolicyMetadata } from './metadata.js';
import type {
  MatchResources,
  ParamRef,
  ValidatingAdmissionPolicy,
  ValidationAction,
} from './schema.js';

/** Where a policy or binding was read from. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** A validation, compiled. */
export interface CompiledValidation {
  readonly index: number;
  readonly expression: CompiledExpression;
  readonly message?: string;
  readonly messageExpression?: CompiledExpression;
  readonly reason: string;
}

/** A policy whose every expression compiled. */
export interface CompiledPolicy {
  readonly name: string;
  readonly location: SourceLocation;
  readonly metadata: PolicyMetadata;
  readonly matchConstraints: MatchResources;
  readonly paramKind?: { readonly apiVersion: string; readonly kind: string };
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly matchConditions: readonly { name: string; expression: CompiledExpression }[];
  /** Variables in declaration order. */
  readonly variables: ReadonlyMap<string, CompiledExpression>;
  readonly validations: readonly CompiledValidation[];
  readonly auditAnnotations: readonly { key: string; value: CompiledExpression }[];
}

/** A binding of a policy, with its actions. */
export interface PolicyBinding {
  readonly name: string;
  readonly location: SourceLocation;
  readonly policyName: string;
  readonly actions: readonly ValidationAction[];
  readonly paramRef?: ParamRef;
  readonly matchResources?: MatchResources;
}

/** Compiles one expression into `out`, recording a failure instead when it does not compile. */
function compileInto(
  compile: (source: string, path: string) => CompiledExpression | CompileFailure,
  failures: CompileFailure[],
  source: string,
  path: string,
): CompiledExpression | undefined {
  const result = compile(source, path);
  if (!isCompileFailure(result)) return result;
  failures.push(result);
  return undefined;
}

function compileVariables(
  policy: ValidatingAdmissionPolicy,
  environment: PolicyCelEnvironment,
  failures: CompileFailure[],
): Map<string, CompiledExpression> {
  const variables = new Map<string, CompiledExpression>();
  const declared = new Set<string>();
  (policy.spec.variables ?? []).forEach((v, i) => {
    // A variable sees only those declared before it, so there can be no cycles.
    const scope = { environment, declaredVariables: new Set(declared) };
    const path = `spec.variables[${i}].expression`;
    const compiled = compileInto(
      (s, p) => compileExpression(s, p, scope),
      failures,
      v.expression,
      path,
    );
    if (compiled) variables.set(v.name, compiled);
    declared.add(v.name);
  });
  return variables;
}

type Compile = (source: string, path: string) => CompiledExpression | undefined;

function compileValidations(
  policy: ValidatingAdmissionPolicy,
  compile: Compile,
): (CompiledValidation | undefined)[] {
  return (policy.spec.validations ?? []).map((v, index) => {
    const path = `spec.validations[${index}]`;
    const expression = compile(v.expression, `${path}.expression`);
    const messageExpression =
      v.messageExpression === undefined
        ? undefined
        : compile(v.messageExpression, `${path}.messageExpression`);
    if (!expression || (v.messageExpression !== undefined && !messageExpression)) return undefined;
    return {
      index,
      expression,
      ...(v.message !== undefined ? { message: v.message } : {}),
      ...(messageExpression ? { messageExpression } : {}),
      reason: v.reason ?? 'Invalid',
    };
  });
}

function compileConditionsAndAnnotations(policy: ValidatingAdmissionPolicy, compile: Compile) {
  const matchConditions = (policy.spec.matchConditions ?? []).map((c, i) => {
    const expression = compile(c.expression, `spec.matchConditions[${i}].expression`);
    return expression && { name: c.name, expression };
  });
  const auditAnnotations = (policy.spec.auditAnnotations ?? []).map((a, i) => {
    const value = compile(a.valueExpression, `spec.auditAnnotations[${i}].valueExpression`);
    return value && { key: a.key, value };
  });
  return { matchConditions, auditAnnotations };
}

/** Keeps the entries that compiled; only called when none failed, so nothing is lost. */
function compiledOnly<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/**
 * Compiles every expression of a policy. Returns the compiled policy, or the list of every
 * expression that failed (all of them, so one load reports them all).
 */
export function compilePolicy(
  policy: ValidatingAdmissionPolicy,
  context: {
    environment: PolicyCelEnvironment;
    metadata: PolicyMetadata;
    location: SourceLocation;
  },
): { policy: CompiledPolicy } | { failures: CompileFailure[] } {
  const { environment } = context;
  const failures: CompileFailure[] = [];
  const variables = compileVariables(policy, environment, failures);
  const declaredVariables = new Set((policy.spec.variables ?? []).map((v) => v.name));
  const compile: Compile = (source, path) =>
    compileInto(
      (s, p) => compileExpression(s, p, { environment, declaredVariables }),
      failures,
      source,
      path,
    );
  const { matchConditions, auditAnnotations } = compileConditionsAndAnnotations(policy, compile);
  const validations = compileValidations(policy, compile);
  if (failures.length > 0) return { failures };
  const { spec } = policy;
  return {
    policy: {
      name: policy.metadata.name,
      location: context.location,
      metadata: context.metadata,
      matchConstraints: spec.matchConstraints,
      ...(spec.paramKind ? { paramKind: spec.paramKind } : {}),
      failurePolicy: spec.failurePolicy ?? 'Fail',
      matchConditions: compiledOnly(matchConditions),
      variables,
      validations: compiledOnly(validations),
      auditAnnotations: compiledOnly(auditAnnotations),
    },
  };
}
