import type { z } from 'zod';
import { describeZodError } from '../kube/types.js';
import type { CompileFailure } from './cel/compile.js';
import type { PolicyCelEnvironment } from './cel/environment.js';
import type { JsonObject } from './cel/values.js';
import { isJsonObject } from './cel/values.js';
import type { CompiledPolicy, PolicyBinding, SourceLocation } from './compiled.js';
import { compilePolicy } from './compiled.js';
import { readPolicyMetadata } from './metadata.js';
import type { LoadProblem } from './problems.js';
import {
  ValidatingAdmissionPolicyBindingSchema,
  ValidatingAdmissionPolicySchema,
} from './schema.js';

/** One parsed document of a policy file, with where it came from. */
export interface PolicyInputDocument {
  readonly source: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly object: unknown;
}

/** What a load produced: the policies and bindings that loaded, parameter objects, problems. */
export interface PolicySet {
  readonly policies: readonly CompiledPolicy[];
  readonly bindings: readonly PolicyBinding[];
  /** Documents of other kinds (ConfigMaps, CRs) shipped beside policies, usable as params. */
  readonly params: readonly JsonObject[];
  readonly problems: readonly LoadProblem[];
}

interface Loading {
  readonly environment: PolicyCelEnvironment;
  readonly policies: Map<string, CompiledPolicy>;
  readonly failed: Set<string>;
  readonly bindings: Map<string, PolicyBinding>;
  readonly params: JsonObject[];
  readonly problems: LoadProblem[];
}

function nameIn(object: unknown): string | undefined {
  const metadata = isJsonObject(object) ? object['metadata'] : undefined;
  const name = isJsonObject(metadata) ? metadata['name'] : undefined;
  return typeof name === 'string' ? name : undefined;
}

function invalid(
  code: LoadProblem['code'],
  at: SourceLocation,
  object: unknown,
  error: z.ZodError,
): LoadProblem {
  const name = nameIn(object);
  return {
    code,
    ...at,
    ...(name ? { name } : {}),
    message: describeZodError(error),
    dropped: true,
  };
}

function loadPolicy(state: Loading, object: unknown, at: SourceLocation): void {
  const parsed = ValidatingAdmissionPolicySchema.safeParse(object);
  if (!parsed.success)
    return void state.problems.push(invalid('policy-invalid', at, object, parsed.error));
  const policy = parsed.data;
  const name = policy.metadata.name;
  if (state.policies.has(name) || state.failed.has(name)) {
    const message = `policy "${name}" is already defined`;
    return void state.problems.push({
      code: 'duplicate-name',
      ...at,
      name,
      message,
      dropped: true,
    });
  }
  const { metadata, problem } = readPolicyMetadata(name, policy.metadata.annotations ?? {});
  if (problem)
    state.problems.push({
      code: 'metadata-invalid',
      ...at,
      name,
      message: problem,
      dropped: false,
    });
  const compiled = compilePolicy(policy, {
    environment: state.environment,
    metadata,
    location: at,
  });
  if ('policy' in compiled) return void state.policies.set(name, compiled.policy);
  state.failed.add(name);
  state.problems.push(...compiled.failures.map((f) => compileProblem(f, name, at)));
}

function compileProblem(f: CompileFailure, name: string, at: SourceLocation): LoadProblem {
  const where = { ...at, name, path: f.path, expression: f.source };
  return { code: 'expression-invalid', ...where, message: f.message, dropped: true };
}

function loadBinding(state: Loading, object: unknown, at: SourceLocation): void {
  const parsed = ValidatingAdmissionPolicyBindingSchema.safeParse(object);
  if (!parsed.success)
    return void state.problems.push(invalid('binding-invalid', at, object, parsed.error));
  const { metadata, spec } = parsed.data;
  if (state.bindings.has(metadata.name)) {
    const message = `binding "${metadata.name}" is already defined`;
    return void state.problems.push({
      code: 'duplicate-name',
      ...at,
      name: metadata.name,
      message,
      dropped: true,
    });
  }
  state.bindings.set(metadata.name, {
    name: metadata.name,
    location: at,
    policyName: spec.policyName,
    actions: spec.validationActions,
    ...(spec.paramRef ? { paramRef: spec.paramRef } : {}),
    ...(spec.matchResources ? { matchResources: spec.matchResources } : {}),
  });
}

function loadDocument(state: Loading, object: unknown, at: SourceLocation): void {
  if (!isJsonObject(object)) return;
  const kind = object['kind'];
  if (kind === 'List' && Array.isArray(object['items'])) {
    for (const item of object['items']) loadDocument(state, item, at);
  } else if (kind === 'ValidatingAdmissionPolicy') loadPolicy(state, object, at);
  else if (kind === 'ValidatingAdmissionPolicyBinding') loadBinding(state, object, at);
  else state.params.push(object);
}

/** Bindings whose policy is not loaded are dropped; those whose policy failed, silently. */
function linkBindings(state: Loading): PolicyBinding[] {
  const linked: PolicyBinding[] = [];
  for (const binding of state.bindings.values()) {
    if (state.policies.has(binding.policyName)) linked.push(binding);
    else if (!state.failed.has(binding.policyName)) {
      state.problems.push({
        code: 'binding-unknown-policy',
        ...binding.location,
        name: binding.name,
        message: `policy "${binding.policyName}" is not loaded`,
        dropped: true,
      });
    }
  }
  return linked;
}

/**
 * Loads ValidatingAdmissionPolicies and their bindings from parsed documents. Every expression is
 * compiled here, once; a document with a problem is reported with its file, line and expression
 * and the others still load.
 */
export function loadPolicies(
  documents: readonly PolicyInputDocument[],
  environment: PolicyCelEnvironment,
): PolicySet {
  const state: Loading = {
    environment,
    policies: new Map(),
    failed: new Set(),
    bindings: new Map(),
    params: [],
    problems: [],
  };
  for (const doc of documents)
    loadDocument(state, doc.object, { file: doc.source, line: doc.line });
  const bindings = linkBindings(state);
  return {
    policies: [...state.policies.values()],
    bindings,
    params: state.params,
    problems: state.problems,
  };
}
