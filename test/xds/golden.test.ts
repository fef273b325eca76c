import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProxySnapshot } from '../../src/xds/translate/translate-proxy.js';
import { RESOURCE_KINDS } from '../../src/xds/resources/type-urls.js';
import { loadGoldenCases, stableJson } from './helpers/golden-cases.js';

const update = process.env['UPDATE_GOLDEN'] === '1';
const cases = await loadGoldenCases();

/**
 * Golden translation output per feature: `test/xds/golden/<case>/input.yaml` translated for each
 * proxy of the case into `<proxy>.golden` (stable-sorted). `UPDATE_GOLDEN=1` rewrites them; a
 * golden file no proxy produces any more fails the run.
 */
describe.each(cases)('golden translation: $name', (golden) => {
  it('parses its input without problems', () => {
    expect(golden.problems).toEqual([]);
  });

  it.each(golden.proxies.map((p) => [p.id, p] as const))('matches %s.golden', async (id, proxy) => {
    const { snapshot, notes } = buildProxySnapshot(golden.index, proxy, { createdAt: 0 });
    const rendered = Object.fromEntries(
      RESOURCE_KINDS.map((kind) => [
        kind,
        Object.fromEntries([...snapshot.sets[kind].items].map(([n, r]) => [n, r.value])),
      ]),
    );
    const text = stableJson({ notes, ...rendered });
    const file = join(golden.dir, `${id}.golden`);
    if (update) await writeFile(file, text);
    const expected = await readFile(file, 'utf8').catch(
      () => '(missing: run with UPDATE_GOLDEN=1)',
    );
    expect(text).toBe(expected);
  });

  it('has no stale golden files', async () => {
    const produced = new Set(golden.proxies.map((p) => `${p.id}.golden`));
    const present = (await readdir(golden.dir)).filter((f) => f.endsWith('.golden'));
    expect(present.filter((f) => !produced.has(f))).toEqual([]);
  });
});
