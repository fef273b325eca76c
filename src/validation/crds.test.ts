import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findNonStructural } from './crd-schema.js';
import { buildCrds, renderCrdFiles } from './crds.js';
import { meshKinds } from './registry.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CRD_DIR = join(ROOT, 'manifests', 'crds');
const update = process.env.UPDATE_GOLDEN === '1';

describe('generated CRDs', () => {
  const files = renderCrdFiles();

  it('match the committed manifests/crds files (UPDATE_GOLDEN=1 rewrites them)', () => {
    if (update) {
      mkdirSync(CRD_DIR, { recursive: true });
      for (const name of readdirSync(CRD_DIR))
        if (name.endsWith('.yaml')) unlinkSync(join(CRD_DIR, name));
      for (const file of files) {
        mkdirSync(dirname(join(ROOT, file.path)), { recursive: true });
        writeFileSync(join(ROOT, file.path), file.content);
      }
    }
    for (const file of files) {
      const path = join(ROOT, file.path);
      expect(existsSync(path), `${file.path} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${file.path} is stale; run with UPDATE_GOLDEN=1`).toBe(
        file.content,
      );
    }
    const expected = new Set(files.map((f) => f.path.split('/').pop()));
    const extra = readdirSync(CRD_DIR).filter(
      (name) => name.endsWith('.yaml') && !expected.has(name),
    );
    expect(extra, 'manifests/crds holds files no kind generates').toEqual([]);
  });

  it('has one CRD per kind with every served version and one storage version', () => {
    const crds = buildCrds();
    expect(crds.map((c) => c.spec.names.kind)).toEqual(meshKinds.map((k) => k.kind));
    for (const [i, crd] of crds.entries()) {
      const kind = meshKinds[i];
      expect(crd.metadata.name).toBe(`${kind?.plural}.${kind?.group}`);
      expect(crd.spec.versions.map((v) => v.name)).toEqual(kind?.versions);
      expect(crd.spec.versions.filter((v) => v.storage)).toHaveLength(1);
    }
  });

  it('are structural: every node typed, one-of branches only constrain', () => {
    for (const crd of buildCrds()) {
      for (const version of crd.spec.versions) {
        expect(findNonStructural(version.schema.openAPIV3Schema), crd.metadata.name).toEqual([]);
        expect(JSON.stringify(version.schema.openAPIV3Schema)).not.toContain(
          '"additionalProperties":false',
        );
        expect(JSON.stringify(version.schema.openAPIV3Schema)).not.toContain('$schema');
      }
    }
  });

  it('render as plain YAML that parses back to the same object', () => {
    const crds = buildCrds();
    files.forEach((file, i) =>
      expect(parse(file.content)).toEqual(JSON.parse(JSON.stringify(crds[i]))),
    );
  });

  it('keep free-form fields and express one-ofs as Istio does', () => {
    const text = JSON.stringify(buildCrds().find((c) => c.spec.names.kind === 'EnvoyFilter'));
    expect(
      text.includes('"value":{"type":"object","x-kubernetes-preserve-unknown-fields":true}'),
    ).toBe(true);
    const vs = JSON.stringify(buildCrds().find((c) => c.spec.names.kind === 'VirtualService'));
    const oneOf =
      '"oneOf":[{"not":{"anyOf":[{"required":["exact"]},{"required":["prefix"]},{"required":["regex"]}]}},{"required":["exact"]}';
    expect(vs.includes(oneOf)).toBe(true);
  });
});
