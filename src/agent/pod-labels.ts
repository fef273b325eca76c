/**
 * Parses the downward API's `metadata.labels` file: one `key="value"` line per label, the value
 * quoted as Go's %q does. Label values are restricted to `[A-Za-z0-9._-]` by Kubernetes, so the
 * quoting seldom matters; lines that are not `key="value"` are skipped rather than trusted.
 */
export function parseDownwardLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([^=\s]+)=("(?:[^"\\]|\\.)*")$/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    const value = decodeQuoted(match[2]);
    if (value !== undefined) labels[match[1]] = value;
  }
  return labels;
}

/** A Go-quoted string's value; JSON's escapes are a superset of the ones label values can carry. */
function decodeQuoted(quoted: string): string | undefined {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
