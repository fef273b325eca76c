import { describe, expect, it } from 'vitest';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderInstallFiles } from './manifests.js';
import { defaultInstallSettings } from './install-objects.js';

const dir = join(import.meta.dirname, '..', '..', 'manifests');

describe('install manifests', () => {
  it('are current: the committed manifests/ equal what `make manifests` renders', async () => {
    const files = renderInstallFiles();
    if (process.env['UPDATE_GOLDEN'] === '1') {
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    }
    for (const [name, text] of Object.entries(files)) {
      const committed = await readFile(join(dir, name), 'utf8').catch(() => '<missing>');
      expect(committed, `manifests/${name} is stale: run make manifests`).toBe(text);
    }
    const committedYaml = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    expect(committedYaml.sort()).toEqual(expect.arrayContaining(Object.keys(files).sort()));
  });

  it('put the caBundle into every webhook when one is given', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const text = renderInstallFiles({ ...defaultInstallSettings, caBundle: pem })['webhooks.yaml']!;
    const docs = parseAllDocuments(text).map(
      (d) => d.toJS() as { webhooks: { clientConfig: { caBundle?: string } }[] },
    );
    const bundles = docs.flatMap((d) => d.webhooks.map((w) => w.clientConfig.caBundle));
    expect(bundles.length).toBeGreaterThan(0);
    expect(bundles.every((b) => b === Buffer.from(pem).toString('base64'))).toBe(true);
  });

  it('configure the injector as the issue requires', () => {
    const text = renderInstallFiles()['webhooks.yaml']!;
    const [mutating] = parseAllDocuments(text).map(
      (d) => d.toJS() as { webhooks: Record<string, unknown>[] },
    );
    for (const hook of mutating!.webhooks) {
      expect(hook).toMatchObject({
        failurePolicy: 'Fail',
        sideEffects: 'None',
        reinvocationPolicy: 'IfNeeded',
        timeoutSeconds: 10,
        admissionReviewVersions: ['v1'],
        rules: [{ operations: ['CREATE'], resources: ['pods'] }],
      });
      const ns = JSON.stringify(hook['namespaceSelector']);
      for (const system of ['kube-system', 'kube-public', 'kube-node-lease', 'gangway-system'])
        expect(ns).toContain(system);
    }
  });

  it('run the control plane non-root with a read-only root filesystem and no capabilities', () => {
    const text = renderInstallFiles()['deployment.yaml']!;
    const [deployment] = parseAllDocuments(text).map((d) => d.toJS());
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(2);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.readinessProbe.httpGet.port).toBe('health');
  });
});
