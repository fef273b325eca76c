import { describe, expect, it } from 'vitest';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildRedirectRules, type IpFamily } from '../../src/node-agent/rules/redirect-rules.js';
import { goldenCases, settingsOf } from './golden-cases.js';

/**
 * Golden iptables-restore input of the rule builder for every annotation combination. Regenerate
 * with UPDATE_GOLDEN=1 (make golden-update); a golden file no case produces fails as stale.
 */

const dir = join(import.meta.dirname, 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

function fileName(name: string, family: IpFamily): string {
  return `${name}.ipv${family}.rules`;
}

function render(annotations: Readonly<Record<string, string>>, rules: string): string {
  const header = Object.entries(annotations).map(([key, value]) => `#   ${key}: "${value}"`);
  const described = header.length > 0 ? header : ['#   (none)'];
  return ['# gangway redirect rules for the pod annotations:', ...described, rules].join('\n');
}

const expected = new Map<string, string>();
for (const c of goldenCases) {
  for (const family of [4, 6] as const) {
    const rules = buildRedirectRules(settingsOf(c), { family });
    expected.set(fileName(c.name, family), render(c.annotations, rules));
  }
}

describe('redirect rule goldens', () => {
  it('cover 32 annotation combinations and the edge values, both families', () => {
    expect(goldenCases.length).toBeGreaterThanOrEqual(32 + 4);
    expect(new Set(goldenCases.map((c) => c.name)).size).toBe(goldenCases.length);
  });

  it.each([...expected.keys()])('%s matches its golden file', async (name) => {
    const path = join(dir, name);
    if (update) await writeFile(path, expected.get(name)!);
    const golden = await readFile(path, 'utf8').catch(() => '<missing: run UPDATE_GOLDEN=1>');
    expect(golden).toBe(expected.get(name));
  });

  it('has no stale golden files', async () => {
    const present = (await readdir(dir)).filter((f) => f.endsWith('.rules'));
    const stale = present.filter((f) => !expected.has(f));
    if (update) for (const f of stale) await rm(join(dir, f));
    else expect(stale, 'stale golden files: run UPDATE_GOLDEN=1').toEqual([]);
  });
});
