import type { Reporter } from '../findings.js';
import { checkRegex } from './regex.js';

/** Istio's StringMatch: at most one of exact, prefix, regex (the schema enforces the one-of). */
export interface StringMatch {
  exact?: string | undefined;
  prefix?: string | undefined;
  regex?: string | undefined;
}

/** Whether a string match uses a regex. */
export function isRegexMatch(match: StringMatch | undefined): boolean {
  return match?.regex !== undefined;
}

/** Checks a string match: a non-empty prefix, and a regex that compiles as RE2 within limits. */
export function checkStringMatch(match: StringMatch | undefined, at: Reporter): void {
  if (!match) return;
  if (match.prefix === '')
    at.at('prefix').report('GW-MATCH-PREFIX-EMPTY', 'prefix string match should not be empty');
  if (match.regex !== undefined) at.at('regex').reportProblem(checkRegex(match.regex));
}
