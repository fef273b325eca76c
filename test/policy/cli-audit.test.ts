import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit, type AuditCliDeps } from '../../src/cli/audit.js';
import { resolveBuiltinPolicies } from '../../src/cli/policy-files.js';
import {
  createStaticSnapshotSource,
  snapshotFromManifests,
  type ReportObject,
  type ReportStore,
} from '../../src/policy/index.js';
import { FIXED_NOW, FIXTURES, readDocumentsAt, recordingIo } from './helpers.js';

const SHOP = join(FIXTURES, 'golden', 'shop-end-to-end', 'input.yaml');

function memoryStore(): ReportStore & { objects: Map<string, ReportObject>; writes: string[] } {
  const objects = new Map<string, ReportObject>();
  const writes: string[] = [];
  const key = (o: ReportObject): string =>
    `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return {
    objects,
    writes,
    read: async (o) => (objects.has(key(o)) ? { resourceVersion: '1' } : undefined),
    create: async (o) => void (objects.set(key(o), o), writes.push(`create ${key(o)}`)),
    replace: async (o) => void (objects.set(key(o), o), writes.push(`replace ${key(o)}`)),
  };
}

async function deps(
  overrides: Partial<AuditCliDeps> = {},
): Promise<AuditCliDeps & { store: ReturnType<typeof memoryStore> }> {
  const store = memoryStore();
  const snapshot = snapshotFromManifests(await readDocumentsAt(SHOP), 'cluster:fake');
  return {
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => FIXED_NOW,
    builtinPolicies: resolveBuiltinPolicies,
    connect: () => ({ source: createStaticSnapshotSource(snapshot), store }),
    store,
    ...overrides,
  };
}

async function audit(
  argv: string[],
  d?: AuditCliDeps,
): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo();
  const code = await runAudit(argv, io, d ?? (await deps()));
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('gangway audit', () => {
  it('prints help', async () => {
    const { code, out } = await audit(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: gangway audit');
  });

  it('refuses bad usage with the usage code (exit 2 in main)', async () => {
    for (const argv of [
      ['-o', 'pdf'],
      ['--fail-on', 'severe'],
      ['--from', SHOP, '--write-reports'],
      ['--bogus'],
      ['--max-results', '0'],
      ['-l', 'a in (b'],
    ]) {
      await expect(runAudit(argv, recordingIo(), await deps())).rejects.toMatchObject({
        code: 'GANGWAY_ERR_CLI_USAGE',
      });
    }
  });

  it('audits manifests with --from, as JSON with exact counts', async () => {
    const { code, out } = await audit(['--from', SHOP, '-o', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      summary: Record<string, number>;
      results: { result: string }[];
      source: string;
    };
    expect(report.source).toBe(`dir:${SHOP}`);
    expect(report.summary).toEqual({ pass: 15, fail: 15, warn: 3, error: 0, skip: 0 });
    expect(report.results).toHaveLength(33);
  });

  it('sets the exit code with --fail-on', async () => {
    expect((await audit(['--from', SHOP, '--fail-on', 'high'])).code).toBe(1);
    expect((await audit(['--from', SHOP, '--fail-on', 'critical'])).code).toBe(0);
    expect(
      (await audit(['--from', SHOP, '--no-builtin', '--no-analyzers', '--fail-on', 'info'])).code,
    ).toBe(0);
  });

  it('scopes results with -n and -l, while the analyzers still see everything', async () => {
    const ns = JSON.parse(
      (await audit(['--from', SHOP, '-n', 'istio-system', '-o', 'json'])).out,
    ) as { results: { resources: { namespace?: string }[] }[] };
    expect(ns.results.length).toBeGreaterThan(0);
    expect(ns.results.every((r) => r.resources[0]?.namespace === 'istio-system')).toBe(true);
    const all = JSON.parse(
      (await audit(['--from', SHOP, '-n', 'istio-system', '-A', '-o', 'json'])).out,
    ) as { results: unknown[] };
    expect(all.results).toHaveLength(33);
    const labelled = JSON.parse(
      (await audit(['--from', SHOP, '-l', 'gangway.io/injection=enabled', '-o', 'json'])).out,
    ) as { results: { resources: { kind: string }[] }[] };
    expect(labelled.results.map((r) => r.resources[0]?.kind)).toEqual(['Namespace']);
  });

  it('loads extra policies, reports those that do not compile, keeps the others', async () => {
    const { out, err } = await audit([
      '--from',
      SHOP,
      '--no-builtin',
      '--no-analyzers',
      '--policies',
      join(FIXTURES, 'cli'),
      '-o',
      'json',
    ]);
    expect(err).toMatch(
      /broken-policy\.yaml:\d+: does-not-compile: spec\.validations\[0\]\.expression: a CEL expression does not compile: .*isPinned.*\(expression: object\.spec\.containers\.all\(c, c\.image\.isPinned\(\)\)\)/,
    );
    const report = JSON.parse(out) as {
      results: { policy: string; result: string; message: string }[];
    };
    expect(report.results.map((r) => [r.policy, r.result])).toEqual([
      ['does-not-compile', 'error'],
      ['team-label', 'fail'],
    ]);
  });

  it('audits a cluster through the snapshot source and writes bounded reports', async () => {
    const d = await deps();
    const first = await audit(
      ['--write-reports', '--omit-pass', '--max-results', '5', '-o', 'yaml'],
      d,
    );
    expect(first.code).toBe(0);
    expect(first.err).toContain('reports: 3 created, 0 updated, 0 failed');
    const shop = d.store.objects.get('PolicyReport/shop/gangway-audit');
    expect(shop?.results).toHaveLength(5);
    expect(shop?.summary.pass).toBeGreaterThan(0);
    const second = await audit(['--write-reports', '--report-api', 'policyreport'], d);
    expect(second.err).toContain('reports: 0 created, 3 updated, 0 failed');
    const open = await audit(['--write-reports', '--report-api', 'openreports'], d);
    expect(open.err).toContain('reports: 3 created');
    expect(d.store.objects.get('Report/shop/gangway-audit')?.apiVersion).toBe(
      'openreports.io/v1alpha1',
    );
  });

  it('shows progress on a terminal only, and colours the table only on a terminal', async () => {
    const tty = await audit(['--from', SHOP], await deps({ stderrIsTTY: true, stdoutIsTTY: true }));
    expect(tty.err).toContain('\r');
    expect(tty.out).toContain('\u001b[');
    const pipe = await audit(['--from', SHOP]);
    expect(pipe.err).toBe('');
    expect(pipe.out).not.toContain('\u001b[');
  });

  it('renders every output format', async () => {
    for (const format of [
      'table',
      'json',
      'yaml',
      'junit',
      'sarif',
      'html',
      'policyreport',
      'openreports',
    ]) {
      const { code, out } = await audit(['--from', SHOP, '-o', format]);
      expect(code, format).toBe(0);
      expect(out.length, format).toBeGreaterThan(100);
    }
  });
});
