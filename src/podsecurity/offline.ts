import type { Violation } from './evaluate.js';
import { evaluatePod, formatViolations } from './evaluate.js';
import type { LevelVersion } from './levels.js';
import type { PodObjectInput } from './pod-spec.js';
import { applyApiServerDefaults } from './pod-spec.js';
import type { ExtractedTemplate } from './workloads.js';
import { extractPodTemplate, findPodController, parsePodObject } from './workloads.js';

/** The verdict on one pod-bearing document of a manifest. */
export interface ManifestResult {
  /** Position of the document in the input. */
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Where the evaluated pod spec sits: `spec` for a Pod, `spec.template.spec` for a Deployment. */
  readonly path: string;
  /** `violations` when checks fail, `invalid` when the pod (template) is not usable. */
  readonly outcome: 'allowed' | 'violations' | 'invalid';
  readonly violations: readonly Violation[];
  /** Upstream's `violates PodSecurity ...` message, the reason the object is invalid, or ''. */
  readonly message: string;
}

interface DocumentHeader {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

function headerOf(doc: unknown): DocumentHeader | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { apiVersion, kind, metadata } = doc as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: unknown;
  };
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return undefined;
  const meta = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<
    string,
    unknown
  >;
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined;
  return { apiVersion, kind, name, namespace };
}

function extract(header: DocumentHeader, doc: unknown): ExtractedTemplate | undefined {
  const group = header.apiVersion.includes('/') ? (header.apiVersion.split('/')[0] ?? '') : '';
  if (group === '' && header.kind === 'Pod') {
    const parsed = parsePodObject(doc);
    return parsed.ok
      ? { kind: 'template', pod: parsed.pod, path: '' }
      : { kind: 'invalid', error: parsed.error };
  }
  const controller = findPodController(group, header.kind);
  return controller ? extractPodTemplate(controller, doc) : undefined;
}

/**
 * Evaluates the Pods and workload pod templates of parsed manifest documents against a level and
 * version, for `gangway validate -f --pod-security`. Other documents are skipped. Raw manifests
 * get the API server defaulting the checks rely on first. Pure.
 */
export function evaluateManifests(
  docs: readonly unknown[],
  policy: LevelVersion,
): ManifestResult[] {
  return docs.flatMap((doc, index) => {
    const header = headerOf(doc);
    const extracted = header ? extract(header, doc) : undefined;
    if (!header || !extracted || extracted.kind === 'none') return [];
    const base = {
      index,
      kind: header.kind,
      name: header.name,
      ...(header.namespace !== undefined ? { namespace: header.namespace } : {}),
    };
    if (extracted.kind === 'invalid') {
      const path = extracted.error.field ?? '';
      return [
        {
          ...base,
          path,
          outcome: 'invalid' as const,
          violations: [],
          message: extracted.error.message,
        },
      ];
    }
    const path = extracted.path === '' ? 'spec' : `${extracted.path}.spec`;
    return [{ ...base, path, ...verdict(extracted.pod, policy) }];
  });
}

function verdict(
  pod: PodObjectInput,
  policy: LevelVersion,
): Pick<ManifestResult, 'outcome' | 'violations' | 'message'> {
  const violations = evaluatePod(applyApiServerDefaults(pod.spec), pod.metadata, policy);
  return violations.length === 0
    ? { outcome: 'allowed', violations, message: '' }
    : { outcome: 'violations', violations, message: formatViolations(policy, violations) };
}
