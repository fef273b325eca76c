import { parseAllDocuments } from 'yaml';
import type { JsonObject } from './cel/values.js';
import type { PolicyInputDocument } from './load.js';

/**
 * Helpers for the unit tests beside the code: YAML to documents without the CLI, and a small
 * policy factory. Not exported from the feature's index.
 */
export function yamlDocuments(text: string, source = 'policies.yaml'): PolicyInputDocument[] {
  return parseAllDocuments(text).map((doc) => ({
    source,
    line:
      (doc.contents?.range?.[0] ?? 0) === 0
        ? 1
        : text.slice(0, doc.contents?.range?.[0] ?? 0).split('\n').length,
    object: doc.toJS() as unknown,
  }));
}

/** A Pod object with the given containers and metadata fields. */
export function podObject(
  name: string,
  namespace: string,
  extra: Partial<JsonObject> = {},
): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
    ...extra,
  };
}
