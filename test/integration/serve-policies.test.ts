import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServeConfig, startGangway } from '../../src/cli/serve.js';
import { createLogger } from '../../src/shared/logger.js';
import type { RunningAdmissionServer } from '../../src/server/serve.js';
import { review } from '../helpers/tls.js';

// `gangway serve` with the built-in packs, a user policy directory (one Deny policy, one that does
// not compile) and a background audit over a manifests directory (the no-cluster mode).

const denyPolicy = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: team-label
  annotations: { gangway.io/severity: medium }
spec:
  matchConstraints:
    resourceRules:
      - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }
  validations:
    - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
      message: deployments carry a team label
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: team-label }
spec: { policyName: team-label, validationActions: [Deny] }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: broken }
spec:
  matchConstraints:
    resourceRules:
      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }
  validations:
    - expression: "object.spec.containers.all(c, c.image ==)"
`;

const auditedDeployment = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy, namespace: shop, labels: { team: a } }
spec:
  selector: { matchLabels: { app: legacy } }
  template:
    metadata: { labels: { app: legacy } }
    spec:
      containers: [{ name: app, image: "nginx:latest" }]
`;

let server: RunningAdmissionServer;
let ca: string;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'gangway-serve-policies-'));
  const policyDir = join(stateDir, 'policies');
  const auditDir = join(stateDir, 'running');
  await mkdir(policyDir);
  await mkdir(auditDir);
  await writeFile(join(policyDir, 'team.yaml'), denyPolicy);
  await writeFile(join(auditDir, 'legacy.yaml'), auditedDeployment);
  const config = resolveServeConfig(
    [
      ...['--host', '127.0.0.1', '--port', '0', '--health-port=-1', '--kube', 'off'],
      ...['--state-dir', stateDir, '--config-dir', 'config', '--cluster-version', '1.30'],
      ...['--policies', policyDir, '--audit-from', auditDir, '--audit-interval', '1h'],
      ...['--xds-port=-1', '--grpc-port=-1'],
    ],
    {},
  );
  if (config === 'help') throw new Error('unexpected help');
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  server = await startGangway(config, logger);
  ca = await readFile(join(stateDir, 'ca.crt'), 'utf8');
  base = `https://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

const deployment = (labels: Record<string, string>, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image }] },
    },
  },
});

function validate(object: object) {
  const body = review(object, {
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
  });
  return request(base)
    .post('/validate')
    .ca(ca)
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));
}

describe('gangway serve applies the bound policies on /validate', () => {
  it('denies with the message of a Deny policy from --policies', async () => {
    const res = await validate(deployment({}, 'nginx:1.27'));
    expect(res.status).toBe(200);
    expect(res.body.response.allowed).toBe(false);
    expect(res.body.response.status.message).toContain('deployments carry a team label');
  });

  it('warns through a built-in Warn policy and still admits', async () => {
    const res = await validate(deployment({ team: 'shop' }, 'nginx:latest'));
    expect(res.body.response.allowed).toBe(true);
    const warnings: string[] = res.body.response.warnings ?? [];
    expect(warnings.some((w) => w.includes('images without a pinned tag'))).toBe(true);
  });

  it('admits a compliant Deployment without the Deny message', async () => {
    const res = await validate(deployment({ team: 'shop' }, 'nginx:1.27'));
    expect(res.body.response.allowed).toBe(true);
  });

  it('logs the policy that does not compile, with its file, and loads the others', () => {
    const problem = logLines.find((l) => l.includes('team.yaml') && l.includes('broken'));
    expect(problem).toBeDefined();
  });
});

describe('gangway serve runs the background audit', () => {
  it('exposes the violations of what already runs as gauges on /metrics', async () => {
    let text = '';
    for (let attempt = 0; attempt < 100; attempt++) {
      const res = await request(base).get('/metrics').ca(ca);
      text = res.text;
      if (/gangway_policy_violations\{[^}]*gangway-workloads-image-tags/.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(text).toMatch(/gangway_policy_violations\{[^}]*gangway-workloads-image-tags[^}]*\} 1/);
    expect(text).toMatch(/gangway_audit_last_run_timestamp_seconds \d/);
  });
});
