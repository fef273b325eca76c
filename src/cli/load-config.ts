import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { GangwayError } from '../shared/errors.js';
import { describeZodError } from '../kube/types.js';
import { MeshConfigSchema, type MeshConfig } from '../config/mesh-config.js';
import { NamespacesFileSchema, namespacesTable } from '../config/namespaces-file.js';

/** Reads a YAML/JSON file and checks it against a schema; every problem names the file and field. */
export async function loadYamlFile<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_CONFIG_INVALID', `${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true }) ?? {};
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_CONFIG_INVALID', `${path}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new GangwayError(
      'GANGWAY_ERR_CONFIG_INVALID',
      `${path}: ${describeZodError(parsed.error)}`,
    );
  }
  return parsed.data;
}

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

/** The mesh config: the named file, else `<configDir>/mesh.yaml` when present, else the defaults. */
export async function loadMeshConfig(options: {
  meshConfig?: string | undefined;
  configDir?: string | undefined;
}): Promise<MeshConfig> {
  if (options.meshConfig) return loadYamlFile(options.meshConfig, MeshConfigSchema);
  const fallback = options.configDir ? join(options.configDir, 'mesh.yaml') : undefined;
  if (fallback && (await exists(fallback))) return loadYamlFile(fallback, MeshConfigSchema);
  return MeshConfigSchema.parse({});
}

/** The namespaces table of the embedded default, from `<configDir>/namespaces.yaml` when present. */
export async function loadNamespacesTable(
  configDir: string,
): Promise<Record<string, Record<string, string>>> {
  const path = join(configDir, 'namespaces.yaml');
  if (!(await exists(path))) return {};
  return namespacesTable(await loadYamlFile(path, NamespacesFileSchema));
}
