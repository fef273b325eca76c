/** The outcome of a strict parser: a value, or a one-line reason the text was refused. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A successful parse. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A refused parse, with the reason. */
export function fail<T = never>(error: string): ParseResult<T> {
  return { ok: false, error };
}
