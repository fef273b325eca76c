import { evaluatePod } from '../../podsecurity/evaluate.js';
import { parseLevelVersion } from '../../podsecurity/levels.js';
import { applyApiServerDefaults } from '../../podsecurity/pod-spec.js';
import type { PodObjectInput } from '../../podsecurity/pod-spec.js';
import {
  extractPodTemplate,
  findPodController,
  parsePodObject,
} from '../../podsecurity/workloads.js';
import { groupOf, stringAt } from '../cluster/objects.js';
import type { JsonObject } from './values.js';

/**
 * The bridge from policies to the Pod Security engine: the one place that knows its API, so the
 * `pod-security/` pack reports exactly what the admission check would refuse.
 */

// Both levels read the same pod: parse it once per object (objects are immutable once bound).
const parsedPods = new WeakMap<JsonObject, PodObjectInput | null>();

function podOf(object: JsonObject): PodObjectInput | undefined {
  const cached = parsedPods.get(object);
  if (cached !== undefined) return cached ?? undefined;
  const pod = parsePod(object);
  parsedPods.set(object, pod ?? null);
  return pod;
}

function parsePod(object: JsonObject): PodObjectInput | undefined {
  const group = groupOf(stringAt(object, 'apiVersion'));
  const kind = stringAt(object, 'kind');
  if (group === '' && kind === 'Pod') {
    const parsed = parsePodObject(object);
    if (!parsed.ok) throw parsed.error;
    return parsed.pod;
  }
  const controller = findPodController(group, kind);
  if (!controller) return undefined;
  const template = extractPodTemplate(controller, object);
  if (template.kind === 'invalid') throw template.error;
  return template.kind === 'template' ? template.pod : undefined;
}

/**
 * The Pod Security violations of a Pod or a workload's pod template at `level` (`baseline`,
 * `restricted`, optionally `:v1.30`), as `reason (detail)` strings; empty for other kinds.
 * Throws on an invalid level or an unusable pod spec, which the policy reports as an error.
 */
export function listPodSecurityViolations(object: JsonObject, level: string): string[] {
  const parsed = parseLevelVersion(level);
  if (parsed.error !== undefined) throw new Error(`invalid Pod Security level "${level}"`);
  const pod = podOf(object);
  if (!pod) return [];
  const spec = applyApiServerDefaults(pod.spec);
  return evaluatePod(spec, pod.metadata, parsed.value).map((v) =>
    v.detail === '' ? v.reason : `${v.reason} (${v.detail})`,
  );
}
