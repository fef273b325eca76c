/** What the code table says about one finding code. */
export interface CodeInfo {
  readonly severity: 'error' | 'warning';
  /** One line saying what the finding means, for docs/validation.md and `--help`. */
  readonly summary: string;
}

/** An error entry of the code table. */
export function error(summary: string): CodeInfo {
  return { severity: 'error', summary };
}

/** A warning entry of the code table. */
export function warning(summary: string): CodeInfo {
  return { severity: 'warning', summary };
}
