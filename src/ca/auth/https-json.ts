import { request } from 'node:https';
import type { GetJson } from './jwks-source.js';

/** Options of {@link createHttpsGetJson}. */
export interface HttpsGetJsonOptions {
  /** CA bundle to verify the server with (in a cluster: the service-account `ca.crt`). */
  caPem?: string;
  /** Bearer token for the request (the API server's discovery endpoints may require one). */
  bearerToken?: () => Promise<string>;
  /** Whole-request timeout; 10 s by default: discovery is off the request path, so be patient. */
  timeoutMs?: number;
}

/** Largest accepted document: a JWKS with a handful of RSA keys is a few KiB. */
const MAX_BYTES = 1024 * 1024;

/** A GetJson over HTTPS with an optional pinned CA, for issuer discovery. */
export function createHttpsGetJson(options: HttpsGetJsonOptions = {}): GetJson {
  return async (url) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.bearerToken) headers.authorization = `Bearer ${await options.bearerToken()}`;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { headers, ...(options.caPem ? { ca: options.caPem } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BYTES)
              req.destroy(new Error(`${url}: response larger than ${MAX_BYTES} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            if (res.statusCode !== 200)
              return reject(new Error(`${url}: HTTP ${res.statusCode ?? 0}`));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`${url}: timeout`)));
      req.on('error', reject);
      req.end();
    });
  };
}
