import { CelScalar, celFunc, celMethod, listType, mapType } from '@bufbuild/cel';
import type { CelFunc, CelValue } from '@bufbuild/cel';
import { OPAQUE, makeOpaque, readOpaque } from './opaque.js';

const TYPE = 'kubernetes.URL';
// A base for absolute paths (`/healthz`), which Kubernetes' url() accepts without a scheme.
const PATH_BASE = 'http://path.invalid';

/** Parses what Kubernetes' url() accepts: an absolute URI or an absolute path. */
function parseUrl(text: string): URL | undefined {
  try {
    if (text.startsWith('/')) return new URL(text, PATH_BASE);
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) ? new URL(text) : undefined;
  } catch {
    return undefined;
  }
}

function toUrl(value: CelValue): { url: URL; pathOnly: boolean } {
  const text = readOpaque(value, TYPE);
  const url = parseUrl(text);
  if (!url) throw new Error(`invalid URL ${JSON.stringify(text)}`);
  return { url, pathOnly: text.startsWith('/') };
}

function url(text: string): { [key: string]: string } {
  if (!parseUrl(text)) throw new Error(`URL parse error during conversion from string: ${text}`);
  return makeOpaque(TYPE, text);
}

function queryOf(url: URL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) out.set(key, [...(out.get(key) ?? []), value]);
  return out;
}

const { BOOL, STRING } = CelScalar;

/** Kubernetes' URL library: `url(x).getHostname()`, `isURL(x)`, ... */
export const urlFunctions: readonly CelFunc[] = [
  celFunc('url', [STRING], OPAQUE, url),
  celFunc('isURL', [STRING], BOOL, (text) => parseUrl(text) !== undefined),
  celMethod('getScheme', OPAQUE, [], STRING, function () {
    const { url: u, pathOnly } = toUrl(this);
    return pathOnly ? '' : u.protocol.replace(/:$/, '');
  }),
  celMethod('getHost', OPAQUE, [], STRING, function () {
    const { url: u, pathOnly } = toUrl(this);
    return pathOnly ? '' : u.host;
  }),
  celMethod('getHostname', OPAQUE, [], STRING, function () {
    const { url: u, pathOnly } = toUrl(this);
    return pathOnly ? '' : u.hostname.replace(/^\[(.*)\]$/, '$1');
  }),
  celMethod('getPort', OPAQUE, [], STRING, function () {
    const { url: u, pathOnly } = toUrl(this);
    return pathOnly ? '' : u.port;
  }),
  celMethod('getEscapedPath', OPAQUE, [], STRING, function () {
    return toUrl(this).url.pathname;
  }),
  celMethod('getQuery', OPAQUE, [], mapType(STRING, listType(STRING)), function () {
    return queryOf(toUrl(this).url);
  }),
];
