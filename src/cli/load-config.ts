import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { GangwayError } from '../shared/errors.js';
import { describeZodError } from '../kube/types.js';
import { MeshConfigSchema, type MeshConfig } from '../config/mesh-config.js';
import { NamespacesFileSchema, namespacesTable } from '../config/namespaces-file.js';
import { PodSecurityConfigSchema, type PodSecurityConfig } from '../podsecurity/index.js';

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

/** A config file: the named one, else `<configDir>/<fallbackName>` when present, else the defaults. */
async function loadConfigFile<S extends z.ZodType>(
  schema: S,
  path: string | undefined,
  configDir: string | undefined,
  fallbackName: string,
): Promise<z.infer<S>> {
  if (path) return loadYamlFile(path, schema);
  const fallback = configDir ? join(configDir, fallbackName) : undefined;
  if (fallback && (await exists(fallback))) return loadYamlFile(fallback, schema);
  return schema.parse({});
}

/** The Pod Security config: `--pod-security-config`, else `<configDir>/pod-security.yaml`, else defaults. */
export async function loadPodSecurityConfig(options: {
  podSecurityConfig?: string | undefined;
  configDir?: string | undefined;
}): Promise<PodSecurityConfig> {
  return loadConfigFile(
    PodSecurityConfigSchema,
    options.podSecurityConfig,
    options.configDir,
    'pod-security.yaml',
  );
}

/** The mesh config: the named file, else `<configDir>/mesh.yaml` when present, else the defaults. */
export async function loadMeshConfig(options: {
  meshConfig?: string | undefined;
  configDir?: string | undefined;
}): Promise<MeshConfig> {
  return loadConfigFile(MeshConfigSchema, options.meshConfig, options.configDir, 'mesh.yaml');
}

/** The namespaces table of the embedded default, from `<configDir>/namespaces.yaml` when present. */
export async function loadNamespacesTable(
  configDir: string,
): Promise<Record<string, Record<string, string>>> {
  const path = join(configDir, 'namespaces.yaml');
  if (!(await exists(path))) return {};
  return namespacesTable(await loadYamlFile(path, NamespacesFileSchema));
}
