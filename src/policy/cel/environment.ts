import { celEnv } from '@bufbuild/cel';
import type { CelEnv, CelFunc, CelMap } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { CelCallContext, GangwayFunctionState } from './lib-gangway.js';
import { createFunctionState, gangwayFunctions } from './lib-gangway.js';
import { listFunctions } from './lib-lists.js';
import { macroStepFunctions } from './macro-steps.js';
import { quantityFunctions } from './lib-quantity.js';
import { regexFunctions } from './lib-regex.js';
import { urlFunctions } from './lib-url.js';
import type { JsonObject } from './values.js';
import { toCelInput } from './values.js';

/** The variables every policy expression may read, as Kubernetes declares them. */
export const POLICY_VARIABLES = [
  'object',
  'oldObject',
  'request',
  'params',
  'namespaceObject',
  'variables',
] as const;

/** The CEL environment of policies: the evaluator, the function libraries and gangway's context. */
export interface PolicyCelEnvironment {
  readonly env: CelEnv;
  /** Whether a function or method of that name exists (for compile-time checks). */
  hasFunction(name: string): boolean;
  /** Runs `fn` with `context` visible to gangway's functions; evaluation is synchronous. */
  withContext<T>(context: CelCallContext, fn: () => T): T;
  /** Converts an object for binding, remembering its JSON for gangway's functions. */
  bindObject(object: JsonObject): CelMap;
}

/**
 * Builds the environment: the CEL standard library, the strings extension, and Kubernetes'
 * lists, regex, quantity and URL libraries, plus gangway's functions.
 */
export function createPolicyCelEnvironment(): PolicyCelEnvironment {
  const state: GangwayFunctionState = createFunctionState();
  const funcs: CelFunc[] = [
    ...strings,
    ...listFunctions,
    ...regexFunctions,
    ...quantityFunctions,
    ...urlFunctions,
    ...gangwayFunctions(state),
    ...macroStepFunctions,
  ];
  const env = celEnv({ funcs });
  return {
    env,
    hasFunction: (name) => env.funcs.find(name) !== undefined,
    withContext: (context, fn) => {
      const previous = state.context;
      state.context = context;
      try {
        return fn();
      } finally {
        state.context = previous;
      }
    },
    bindObject: (object) => {
      // toCelInput turns an object into a CEL map; the cast only narrows its declared type.
      const map = toCelInput(object) as CelMap;
      state.originals.set(map, object);
      return map;
    },
  };
}
