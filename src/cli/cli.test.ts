import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { main } from '../main.js';
import type { CliIo } from './usage.js';

async function run(
  argv: string[],
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => stdin,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

async function fileWith(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-cli-'));
  const path = join(dir, 'input.yaml');
  await writeFile(path, text);
  return path;
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
`;

describe('gangway inject', () => {
  it('injects workloads from stdin and passes other documents through', async () => {
    const { code, out } = await run(['inject', '-f', '-'], deployment);
    expect(code).toBe(0);
    const docs = parseAllDocuments(out).map((d) => d.toJS());
    expect(docs).toHaveLength(2);
    const spec = docs[0].spec.template.spec;
    const names = [...spec.initContainers, ...spec.containers].map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['gangway-init', 'gangway-proxy', 'web']));
    expect(docs[1]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { a: 'b' },
    });
  });

  it('explains each decision on stderr with --explain', async () => {
    const { err } = await run(['inject', '-f', '-', '--explain'], deployment);
    expect(err).toContain('document 0 Deployment/web: injected');
    expect(err).toContain('document 1 ConfigMap/settings: ignored');
  });

  it('honours --namespace-labels: an unlabelled namespace is skipped', async () => {
    const { code, out } = await run(
      ['inject', '-f', '-', '--namespace-labels', 'team=a', '-o', 'json'],
      deployment,
    );
    expect(code).toBe(0);
    expect(out).not.toContain('gangway-proxy');
  });

  it('fails a bad document with its index and the YAML error position (exit 1)', async () => {
    const path = await fileWith(`${deployment}---\nkind: Pod\nmetadata: {name: [unclosed\n`);
    const { code, err } = await run(['inject', '-f', path]);
    expect(code).toBe(1);
    expect(err).toMatch(/document 2: YAML error at line \d+, column \d+/);
  });

  it('refuses a workload with an invalid annotation (exit 1) naming it', async () => {
    const bad = deployment.replace(
      'metadata: {labels: {app: web}}',
      'metadata: {labels: {app: web}, annotations: {sidecar.gangway.io/logLevel: loud}}',
    );
    const { code, err } = await run(['inject', '-f', '-'], bad);
    expect(code).toBe(1);
    expect(err).toContain('sidecar.gangway.io/logLevel');
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['inject'])).code).toBe(2);
    expect((await run(['inject', '-f', '-', '-o', 'xml'])).code).toBe(2);
    expect((await run(['inject', '--bogus'])).code).toBe(2);
  });
});

const virtualService = (weight: number) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: {host: reviews, subset: v1}
          weight: ${weight}
        - destination: {host: reviews, subset: v2}
          weight: 10
`;

describe('gangway validate', () => {
  it('exits 0 for valid mesh config', async () => {
    const { code, out } = await run(['validate', '-f', await fileWith(virtualService(90))]);
    expect(code).toBe(0);
    expect(out).toContain('0 errors');
  });

  it('prints file:document path: message and exits 1 for invalid config', async () => {
    const path = await fileWith(virtualService(-5));
    const { code, out } = await run(['validate', '-f', path]);
    expect(code).toBe(1);
    expect(out).toContain(`${path}:1 spec.http[0].route[0].weight:`);
  });

  it('evaluates Pod Security with --pod-security and exits 1 on violations', async () => {
    const { code, out } = await run(
      ['validate', '-f', '-', '--pod-security', 'restricted:v1.30'],
      deployment,
    );
    expect(code).toBe(1);
    expect(out).toContain('violates PodSecurity "restricted:v1.30"');
    expect(out).toContain('Deployment/web');
  });

  it('exits 2 for a malformed --pod-security level', async () => {
    const { code, err } = await run(
      ['validate', '-f', '-', '--pod-security', 'strict:v1'],
      deployment,
    );
    expect(code).toBe(2);
    expect(err).toContain('GANGWAY_ERR_CLI_USAGE');
  });
});

describe('gangway', () => {
  it('lists commands on help and rejects unknown ones with exit 2', async () => {
    expect((await run(['help'])).out).toContain('inject');
    expect((await run(['fly'])).code).toBe(2);
  });
});
