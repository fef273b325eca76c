/**
 * Parses the `?timeout=` query parameter the API server sends with each admission review (a Go
 * duration such as `10s`, `1m30s` or `500ms`). Returns milliseconds, or undefined when absent or
 * unparseable: a missing deadline falls back to the server default rather than failing the review.
 */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const unitMs: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 0.001,
    µs: 0.001,
    ns: 1e-6,
  };
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/y;
  let total = 0;
  let offset = 0;
  while (offset < value.length) {
    part.lastIndex = offset;
    const match = part.exec(value);
    if (!match) return undefined;
    total += Number(match[1]) * (unitMs[match[2] ?? ''] ?? Number.NaN);
    offset = part.lastIndex;
  }
  return Number.isFinite(total) && total > 0 ? total : undefined;
}
