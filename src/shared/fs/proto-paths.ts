import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file that marks gangway's own proto directory. */
const MARKER = join('istio', 'v1', 'auth', 'ca.proto');

/**
 * The directory holding gangway's `.proto` files (`proto/` at the package root). Found by walking
 * up from this module, because the depth differs between the sources (`src/shared/fs`) and the
 * build (`dist/src/shared/fs`).
 */
export function resolveProtoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, MARKER))) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir)
      throw new Error(`proto directory with ${MARKER} not found above this module`);
    dir = parent;
  }
}

/**
 * The include directories of the Envoy API protos, as shipped by @grpc/grpc-js-xds: Envoy, xDS,
 * googleapis and protoc-gen-validate.
 */
export function resolveEnvoyProtoDirs(): string[] {
  const require = createRequire(import.meta.url);
  const deps = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((name) => join(deps, name));
}
