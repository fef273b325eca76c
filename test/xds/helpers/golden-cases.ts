import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { defaultMeshConfig } from '../../../src/config/mesh-config.js';
import { parseConfigObjects, type ConfigProblem } from '../../../src/xds/model/config-set.js';
import { translateOptionsFrom } from '../../../src/xds/start.js';
import { buildMeshIndex, type MeshIndex } from '../../../src/xds/translate/mesh-index.js';
import type { ProxyInfo } from '../../../src/xds/translate/types.js';

/** Where golden cases live: one directory per feature with `input.yaml` (and `proxies.yaml`). */
export const GOLDEN_DIR = new URL('../golden/', import.meta.url).pathname;

/** A golden case: its mesh, the proxies it is translated for, and parse problems. */
export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  readonly index: MeshIndex;
  readonly proxies: readonly ProxyInfo[];
  readonly problems: readonly ConfigProblem[];
}

const DEFAULT_PROXIES = [
  { name: 'grpc-client', generator: 'grpc', labels: { app: 'client' } },
  { name: 'envoy-client', generator: 'envoy', labels: { app: 'client' } },
];

interface ProxySpec {
  name: string;
  generator?: 'grpc' | 'envoy';
  namespace?: string;
  labels?: Record<string, string>;
  serviceAccount?: string;
}

function toProxy(spec: ProxySpec): ProxyInfo {
  return {
    id: spec.name,
    generator: spec.generator ?? 'grpc',
    namespace: spec.namespace ?? 'default',
    labels: spec.labels ?? {},
    serviceAccount: spec.serviceAccount ?? spec.name,
    ips: [],
  };
}

/** Every case under the golden directory, discovered (a new directory is a new case). */
export async function loadGoldenCases(): Promise<GoldenCase[]> {
  const names = (await readdir(GOLDEN_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const cases: GoldenCase[] = [];
  for (const name of names) {
    const dir = join(GOLDEN_DIR, name);
    const text = await readFile(join(dir, 'input.yaml'), 'utf8');
    const { config, problems } = parseConfigObjects(
      parseAllDocuments(text).map((d) => d.toJS() as unknown),
    );
    const proxyText = await readFile(join(dir, 'proxies.yaml'), 'utf8').catch(() => undefined);
    const specs = (proxyText ? parse(proxyText) : DEFAULT_PROXIES) as ProxySpec[];
    const index = buildMeshIndex(config, translateOptionsFrom(defaultMeshConfig()));
    cases.push({ name, dir, index, proxies: specs.map(toProxy), problems });
  }
  return cases;
}

/** JSON with object keys sorted at every level, two-space indented: stable across runs. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
