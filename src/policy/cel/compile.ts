import { isCelError, parse, plan } from '@bufbuild/cel';
import type { CelInput, CelValue } from '@bufbuild/cel';
import type { PolicyCelEnvironment } from './environment.js';
import { appendInMacroSteps } from './macro-steps.js';
import { checkExpression } from './static-check.js';

/** An expression that compiled: run it as often as needed. */
export interface CompiledExpression {
  /** The CEL source. */
  readonly source: string;
  /** Where it sits in the policy, e.g. `spec.validations[0].expression`. */
  readonly path: string;
  /** The `variables.<name>` it reads, so only those are computed. */
  readonly variables: readonly string[];
  /**
   * The globals it names (`object`, `params`, ...); `variables` only when it reads the map as a
   * whole rather than through `variables.<name>`.
   */
  readonly globals: readonly string[];
  /**
   * Whether it reads only request-level inputs (no `params`, no `variables`): then its value is
   * the same for every policy evaluated against one request, and may be computed once for all.
   */
  readonly requestLevel: boolean;
  /** Evaluates it; never throws: a runtime error comes back as an Error. */
  run(bindings: Record<string, CelInput>): CelValue | Error;
}

/** Why an expression did not compile. */
export interface CompileFailure {
  readonly path: string;
  readonly source: string;
  readonly message: string;
}

/** What the compiler needs besides the source: the environment and the declared variables. */
export interface CompileScope {
  readonly environment: PolicyCelEnvironment;
  /** Names of the policy's variables visible to this expression. */
  readonly declaredVariables: ReadonlySet<string>;
}

const GLOBALS: ReadonlySet<string> = new Set([
  'object',
  'oldObject',
  'request',
  'params',
  'namespaceObject',
  'variables',
]);

/** Whether a compile result is a failure. */
export function isCompileFailure(
  value: CompiledExpression | CompileFailure,
): value is CompileFailure {
  return 'message' in value;
}

/**
 * Parses, checks and plans an expression once. Unknown identifiers, functions and variables are
 * compile errors here (as in Kubernetes) rather than surprises at admission time.
 */
export function compileExpression(
  source: string,
  path: string,
  scope: CompileScope,
): CompiledExpression | CompileFailure {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    return { path, source, message: (error as Error).message.replace(/^<input>:/, '') };
  }
  const { environment } = scope;
  const findings = checkExpression(parsed, source, {
    globals: GLOBALS,
    declaredVariables: scope.declaredVariables,
    hasFunction: (name) => environment.hasFunction(name),
  });
  if (findings.problems.length > 0) {
    return { path, source, message: findings.problems.join('; ') };
  }
  appendInMacroSteps(parsed.expr);
  let program: ReturnType<typeof plan>;
  try {
    program = plan(environment.env, parsed);
  } catch (error) {
    return { path, source, message: (error as Error).message };
  }
  return {
    source,
    path,
    variables: [...findings.variables],
    globals: [...findings.globals],
    requestLevel:
      findings.variables.size === 0 &&
      !findings.globals.has('params') &&
      !findings.globals.has('variables'),
    run: (bindings) => {
      try {
        const result = program(bindings);
        return isCelError(result) ? new Error(result.message) : result;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    },
  };
}
