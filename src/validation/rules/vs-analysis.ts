import type { Reporter } from '../findings.js';

/** Serialises a value with sorted keys, so equal matches compare equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function withoutName(match: unknown): unknown {
  if (typeof match !== 'object' || match === null) return match;
  const copy: Record<string, unknown> = { ...(match as Record<string, unknown>) };
  delete copy.name;
  return copy;
}

/**
 * Warns about rules that can never be used: rules after a rule without matches (which catches
 * everything), rules whose every match an earlier rule already has, and duplicate matches.
 * Works for http, tcp and tls route lists alike (reporter at the list).
 */
export function analyzeReachability(
  rules: ReadonlyArray<{ match?: readonly unknown[] | undefined }>,
  at: Reporter,
): void {
  const seen = new Map<string, number>();
  let catchAll = -1;
  rules.forEach((rule, i) => {
    if (catchAll >= 0) {
      at.at(i).report(
        'GW-VS-RULE-UNREACHABLE',
        `rule is never used: rule ${catchAll} has no match and catches all traffic`,
      );
      return;
    }
    const matches = rule.match ?? [];
    if (matches.length === 0) {
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, j) => {
      const key = canonicalJson(withoutName(match));
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, i);
      else {
        duplicates++;
        at.at(i, 'match', j).report(
          'GW-VS-MATCH-INEFFECTIVE',
          `match is never used: rule ${earlier} has the same match`,
        );
      }
    });
    if (duplicates === matches.length)
      at.at(i).report(
        'GW-VS-RULE-UNREACHABLE',
        'rule is never used: all its matches are used by earlier rules',
      );
  });
}
