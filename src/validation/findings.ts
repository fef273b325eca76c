import { findingCodes } from './codes/index.js';
import type { FindingCode } from './codes/index.js';

/** How bad a finding is: errors deny admission, warnings are shown and admitted. */
export type Severity = 'error' | 'warning';

/** One problem found in a mesh object. */
export interface Finding {
  /** A stable code from the code table, e.g. `GW-VS-WEIGHT-NEGATIVE`. */
  readonly code: FindingCode;
  readonly severity: Severity;
  /** A JSON path such as `spec.http[0].route[1].weight`, or `(root)` for the whole object. */
  readonly path: string;
  readonly message: string;
}

/** A problem found by a shared check, before it is placed at a path. */
export interface Problem {
  readonly code: FindingCode;
  readonly message: string;
}

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

// Keys that read well after a dot; anything else (dots, slashes, spaces) is bracketed and quoted.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Renders path segments as `spec.http[0].headers["x-b3"]`-style JSON paths. */
export function renderPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** Renders a finding as `path: message`. */
export function formatFinding(finding: Finding): string {
  return `${finding.path}: ${finding.message}`;
}

/**
 * Collects findings for one object. A reporter is positioned at a path; `at()` returns a reporter
 * for a child path sharing the same list, so validators never build path strings by hand.
 */
export class Reporter {
  readonly #sink: Finding[];
  /** The path this reporter is positioned at. */
  readonly segments: readonly PathSegment[];

  constructor(sink: Finding[] = [], segments: readonly PathSegment[] = []) {
    this.#sink = sink;
    this.segments = segments;
  }

  /** A reporter for a path below this one. */
  at(...segments: PathSegment[]): Reporter {
    return new Reporter(this.#sink, [...this.segments, ...segments]);
  }

  /** Records a finding at this path; the severity comes from the code table. */
  report(code: FindingCode, message: string): void {
    const { severity } = findingCodes[code];
    this.#sink.push({ code, severity, path: renderPath(this.segments), message });
  }

  /** Records a finding made elsewhere (its path is kept as it is). */
  add(finding: Finding): void {
    this.#sink.push(finding);
  }

  /** Records a problem from a shared check at this path, if there is one; returns whether there was. */
  reportProblem(problem: Problem | undefined): boolean {
    if (problem) this.report(problem.code, problem.message);
    return problem !== undefined;
  }

  /** Records a finding at this path when `condition` holds; returns the condition. */
  reportIf(condition: boolean, code: FindingCode, message: string): boolean {
    if (condition) this.report(code, message);
    return condition;
  }

  /** Everything recorded so far through any reporter sharing this list. */
  get findings(): readonly Finding[] {
    return this.#sink;
  }
}

/** Whether any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Quotes a user value for a message: strings in double quotes, the rest as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  const json: string | undefined = JSON.stringify(value);
  return json ?? typeof value;
}
