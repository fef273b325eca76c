/**
 * String helpers that reproduce the exact wording of upstream Pod Security Admission messages
 * (Go's `%q`, `joinQuote`, `pluralize`), so that gangway's messages match upstream byte for byte.
 */

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u000b': '\\v',
};

// Printable ASCII without a quote or backslash needs no escaping: the common case, kept cheap.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Quotes a string the way Go's `%q` verb does (double quotes, Go escapes for control characters). */
export function goQuote(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) {
    const escaped = GO_ESCAPES[ch];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Joins items as `"a", "b"` without escaping, like upstream's `joinQuote`. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Picks the singular or plural form for a count, like upstream's `pluralize`. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Go's byte-wise string order, which matches UTF-16 order for the ASCII identifiers compared here. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The sorted, de-duplicated members of a set, like apimachinery's `sets.List`. */
export function sortedList(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** `container "a"` or `containers "a", "b"`. */
export function describeContainers(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
