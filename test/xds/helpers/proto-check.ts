import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { resolveEnvoyProtoDirs } from '../../../src/shared/fs/index.js';
import { ENVOY_PROTO_FILES, loadEnvoyProtos } from '../../../src/xds/resources/envoy-protos.js';

let withDefaults: PackageDefinition | undefined;

/** The Envoy protos decoded with every default filled in, so a field that is absent was unknown. */
function decodeWithDefaults(messageName: string, bytes: Buffer): unknown {
  withDefaults ??= loadSync([...ENVOY_PROTO_FILES], {
    keepCase: true,
    includeDirs: resolveEnvoyProtoDirs(),
    longs: String,
    enums: String,
    defaults: true,
    oneofs: false,
    json: true,
  });
  const type = withDefaults[messageName] as unknown as { deserialize(b: Buffer): unknown };
  return type.deserialize(bytes);
}

/**
 * Encodes a value with the Envoy protos and decodes it back; returns the paths of every field that
 * did not survive (a misspelt or misplaced field is silently dropped by protobufjs otherwise) or
 * came back different.
 */
export function roundTripProblems(messageName: string, value: Record<string, unknown>): string[] {
  const bytes = loadEnvoyProtos().encode(messageName, value);
  const decoded = decodeWithDefaults(messageName, bytes);
  const problems: string[] = [];
  compare(value, decoded, '', problems);
  return problems;
}

function compare(original: unknown, decoded: unknown, path: string, problems: string[]): void {
  if (original === undefined) return;
  if (Array.isArray(original)) {
    if (!Array.isArray(decoded) || decoded.length !== original.length) {
      problems.push(`${path}: array length differs`);
      return;
    }
    original.forEach((item, i) => compare(item, decoded[i], `${path}[${i}]`, problems));
    return;
  }
  if (typeof original === 'object' && original !== null && !Buffer.isBuffer(original)) {
    if (typeof decoded !== 'object' || decoded === null) {
      problems.push(`${path}: message lost`);
      return;
    }
    for (const [key, field] of Object.entries(original)) {
      if (!(key in decoded)) {
        problems.push(`${path}.${key}: unknown field`);
        continue;
      }
      compare(field, (decoded as Record<string, unknown>)[key], `${path}.${key}`, problems);
    }
    return;
  }
  const text = (value: unknown): string =>
    Buffer.isBuffer(value) ? value.toString('hex') : JSON.stringify(value);
  // Longs come back as strings: compare scalars by their printed form.
  const scalar = (value: unknown): string => (typeof value === 'string' ? value : text(value));
  if (scalar(original) !== scalar(decoded))
    problems.push(`${path}: ${text(original)} came back as ${text(decoded)}`);
}
