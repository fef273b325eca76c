/**
 * Load problems: what can be wrong with a policy file, as stable codes with a message table.
 * A problem never stops the other policies from loading; tests assert the codes.
 */
export const loadProblemMessages = {
  'policy-invalid': 'the document is not a valid ValidatingAdmissionPolicy',
  'binding-invalid': 'the document is not a valid ValidatingAdmissionPolicyBinding',
  'expression-invalid': 'a CEL expression does not compile',
  'duplicate-name': 'another policy or binding of that name was loaded first',
  'binding-unknown-policy': 'the binding names a policy that is not loaded',
  'metadata-invalid': 'a gangway.io annotation has an invalid value',
} as const;

/** A load problem code. */
export type LoadProblemCode = keyof typeof loadProblemMessages;

/** One problem found while loading policy files. */
export interface LoadProblem {
  readonly code: LoadProblemCode;
  /** The file (or other source name) and the 1-based line where the document starts. */
  readonly file: string;
  readonly line: number;
  /** The policy or binding name, when the document has one. */
  readonly name?: string;
  /** Where in the document, e.g. `spec.validations[1].expression`. */
  readonly path?: string;
  /** The offending CEL source, for expression problems. */
  readonly expression?: string;
  readonly message: string;
  /** Whether the document was dropped (errors) or loaded anyway (warnings). */
  readonly dropped: boolean;
}

/** Formats a problem as `file:line: name: path: message`, one line. */
export function formatLoadProblem(problem: LoadProblem): string {
  const parts = [`${problem.file}:${problem.line}`];
  if (problem.name) parts.push(problem.name);
  if (problem.path) parts.push(problem.path);
  const expression = problem.expression ? ` (expression: ${problem.expression})` : '';
  return `${parts.join(': ')}: ${loadProblemMessages[problem.code]}: ${problem.message}${expression}`;
}
