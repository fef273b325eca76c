/**
 * Upstream Pod Security Admission conformance: every fixture of kubernetes/pod-security-admission
 * (test/testdata, 4,537 pods, baseline and restricted, v1.0 to v1.37) runs through gangway's webhook
 * handler the way upstream's own harness (test/run.go) runs them through the API server: in a
 * namespace labelled enforce=<level>, enforce-version=<version>, warn=<level>, warn-version=<version>,
 * once as a Pod (pass: allowed; fail: denied, the message containing the expected substring) and
 * once as a Deployment template (pass: no warning; fail: a warning, never a denial).
 *
 * The fixtures are read in place from ../shared/conformance/pod-security (see its README.md); the
 * suite is skipped, with a note, where that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AdmissionContext } from '../../src/admission/handler.js';
import type { AdmissionRequest } from '../../src/admission/review.js';
import type { AdmissionDecision } from '../../src/admission/response.js';
import { createStaticNamespaceLookup } from '../../src/kube/namespaces.js';
import type { PodSpecInput } from '../../src/podsecurity/index.js';
import {
  PodSecurityConfigSchema,
  applyApiServerDefaults,
  createPodSecurityHandler,
} from '../../src/podsecurity/index.js';

const FIXTURES = fileURLToPath(
  new URL('../../../shared/conformance/pod-security/', import.meta.url),
);
const AVAILABLE = existsSync(join(FIXTURES, 'INDEX.tsv'));
if (!AVAILABLE) {
  console.log(`Pod Security conformance skipped: no fixtures at ${FIXTURES} (../shared is absent)`);
}

interface Fixture {
  readonly level: 'baseline' | 'restricted';
  readonly version: string;
  readonly expect: 'pass' | 'fail';
  readonly path: string;
  readonly substring: string;
  readonly name: string;
  readonly pod: {
    metadata?: { annotations?: Record<string, string> };
    spec: Record<string, unknown>;
  };
}

/** Upstream's harness also creates pods through the API server, whose defaulting the fixtures assume. */
function defaulted(pod: Fixture['pod']): Fixture['pod'] {
  return { ...pod, spec: applyApiServerDefaults(pod.spec as PodSpecInput) };
}

function loadFixtures(): Fixture[] {
  const rows = readFileSync(join(FIXTURES, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
  // Most versions repeat the previous version's files: parse each distinct text once (read-only).
  const parsed = new Map<string, Fixture['pod']>();
  return rows.map((row) => {
    const [level, version, expectation, path, , substring] = row.split('\t');
    const text = readFileSync(join(FIXTURES, path!), 'utf8');
    let pod = parsed.get(text);
    if (!pod) parsed.set(text, (pod = defaulted(parse(text) as Fixture['pod'])));
    const name = path!
      .split('/')
      .pop()!
      .replace(/\.yaml$/, '');
    return {
      level: level as Fixture['level'],
      version: version!,
      expect: expectation as Fixture['expect'],
      path: path!,
      substring: substring ?? '',
      name,
      pod,
    };
  });
}

/** Upstream's failRequiresError: API validation (not Pod Security) refuses these as Deployments. */
function failRequiresError(fixture: Fixture): boolean {
  const minor = Number(fixture.version.slice('v1.'.length));
  return fixture.level === 'baseline' && minor >= 35 && fixture.name.startsWith('procmount');
}

const namespaceOf = (f: Fixture) => `${f.level}-${f.version.replace('.', '-')}`;

function createHandler(fixtures: readonly Fixture[]) {
  const namespaces: Record<string, Record<string, string>> = {};
  for (const f of fixtures) {
    namespaces[namespaceOf(f)] = {
      'pod-security.kubernetes.io/enforce': f.level,
      'pod-security.kubernetes.io/enforce-version': f.version,
      'pod-security.kubernetes.io/warn': f.level,
      'pod-security.kubernetes.io/warn-version': f.version,
    };
  }
  return createPodSecurityHandler({
    namespaces: createStaticNamespaceLookup(namespaces),
    config: PodSecurityConfigSchema.parse({}),
  });
}

const context: AdmissionContext = { signal: new AbortController().signal, dryRun: true };

function podRequest(f: Fixture): AdmissionRequest {
  return {
    uid: `pod-${f.path}`,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    name: f.name,
    namespace: namespaceOf(f),
    operation: 'CREATE',
    userInfo: { username: 'conformance' },
    object: f.pod,
  };
}

function deploymentRequest(f: Fixture): AdmissionRequest {
  const labels = { app: f.name.replace(/_/g, '-') };
  const template = {
    metadata: { labels, annotations: f.pod.metadata?.annotations },
    spec: f.pod.spec,
  };
  return {
    uid: `deployment-${f.path}`,
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    name: labels.app,
    namespace: namespaceOf(f),
    operation: 'CREATE',
    userInfo: { username: 'conformance' },
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: labels.app, namespace: namespaceOf(f) },
      spec: { selector: { matchLabels: labels }, template },
    },
  };
}

/** What is wrong with a Pod decision, or undefined when it is what upstream expects. */
function checkPod(f: Fixture, d: AdmissionDecision): string | undefined {
  if (f.expect === 'pass') {
    if (!d.allowed) return `denied: ${d.status?.message}`;
    return d.warnings ? `unexpected warning: ${d.warnings.join(' | ')}` : undefined;
  }
  const message = d.status?.message ?? '';
  const prefix = `pods "${f.name}" is forbidden: violates PodSecurity "${f.level}:${f.version}": `;
  if (d.allowed) return 'allowed, expected a denial';
  if (d.status?.code !== 403) return `status ${d.status?.code}, expected 403`;
  if (!message.startsWith(prefix)) return `message lacks the upstream prefix: ${message}`;
  if (!message.includes(f.substring))
    return `message lacks ${JSON.stringify(f.substring)}: ${message}`;
  return message.includes('unknown forbidden reason') ? `unknown reason: ${message}` : undefined;
}

/** What is wrong with a Deployment decision, or undefined when it is what upstream expects. */
function checkDeployment(f: Fixture, d: AdmissionDecision): string | undefined {
  if (!d.allowed) return `denied: ${d.status?.message}`;
  const warnings = d.warnings ?? [];
  if (f.expect === 'pass')
    return warnings.length > 0 ? `unexpected warning: ${warnings.join(' | ')}` : undefined;
  const prefix = `would violate PodSecurity "${f.level}:${f.version}": `;
  const found = warnings.some((w) => w.startsWith(prefix) && w.includes(f.substring));
  // failRequiresError fixtures: upstream expects the API server's own validation error; gangway is
  // not the API server, so the Pod Security warning it gives is the right answer here.
  return found
    ? undefined
    : `no warning with ${JSON.stringify(f.substring)}: ${warnings.join(' | ')}`;
}

describe.skipIf(!AVAILABLE)('upstream Pod Security Admission fixtures', () => {
  const fixtures = AVAILABLE ? loadFixtures() : [];
  const handler = createHandler(fixtures);

  it('reads every fixture listed in INDEX.tsv (4,537: baseline 433 pass / 1,122 fail, restricted 618 / 2,364)', () => {
    const count = (level: string, expectation: string) =>
      fixtures.filter((f) => f.level === level && f.expect === expectation).length;
    expect(fixtures).toHaveLength(4537);
    expect([count('baseline', 'pass'), count('baseline', 'fail')]).toEqual([433, 1122]);
    expect([count('restricted', 'pass'), count('restricted', 'fail')]).toEqual([618, 2364]);
    expect(fixtures.filter(failRequiresError).length).toBeGreaterThan(0);
  });

  for (const level of ['baseline', 'restricted'] as const) {
    const ofLevel = () => fixtures.filter((f) => f.level === level);

    it(`${level}: every fixture Pod is allowed or denied as upstream expects`, async () => {
      const mismatches: string[] = [];
      for (const f of ofLevel()) {
        const problem = checkPod(f, await handler.handle(podRequest(f), context));
        if (problem) mismatches.push(`${f.path}: ${problem}`);
      }
      expect(mismatches).toEqual([]);
    });

    it(`${level}: every fixture as a Deployment template warns, never denies`, async () => {
      const mismatches: string[] = [];
      for (const f of ofLevel()) {
        const problem = checkDeployment(f, await handler.handle(deploymentRequest(f), context));
        if (problem) mismatches.push(`${f.path} (Deployment): ${problem}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});
