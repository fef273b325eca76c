import type { z } from 'zod';
import { describeZodError, formatIssuePath } from '../kube/types.js';
import { GangwayError } from '../shared/errors.js';
import { certainlyPasses } from '../shared/schema-check.js';
import type { PodObjectInput } from './pod-spec.js';
import { PodSecurityObjectSchema } from './pod-spec.js';

/** A kind that embeds a pod template, and where the template sits in it. */
export interface PodController {
  readonly groups: readonly string[];
  readonly kind: string;
  readonly templatePath: readonly string[];
}

/** The pod controllers upstream checks (warn and audit only), with their template paths. */
export const POD_CONTROLLERS: readonly PodController[] = [
  { groups: [''], kind: 'ReplicationController', templatePath: ['spec', 'template'] },
  { groups: [''], kind: 'PodTemplate', templatePath: ['template'] },
  { groups: ['apps', 'extensions'], kind: 'Deployment', templatePath: ['spec', 'template'] },
  { groups: ['apps', 'extensions'], kind: 'ReplicaSet', templatePath: ['spec', 'template'] },
  { groups: ['apps', 'extensions'], kind: 'DaemonSet', templatePath: ['spec', 'template'] },
  { groups: ['apps'], kind: 'StatefulSet', templatePath: ['spec', 'template'] },
  { groups: ['batch'], kind: 'Job', templatePath: ['spec', 'template'] },
  { groups: ['batch'], kind: 'CronJob', templatePath: ['spec', 'jobTemplate', 'spec', 'template'] },
];

/** The pod controller for an API group and kind, if it is one. */
export function findPodController(group: string, kind: string): PodController | undefined {
  return POD_CONTROLLERS.find((c) => c.kind === kind && c.groups.includes(group));
}

/** A parsed pod or template, or the error naming the field that made it unusable. */
export type ParsedPod =
  | { readonly ok: true; readonly pod: PodObjectInput }
  | { readonly ok: false; readonly error: GangwayError };

/** Parses a Pod (or a template) for the checks; `prefix` is prepended to the path of a bad field. */
export function parsePodObject(object: unknown, prefix = ''): ParsedPod {
  // The schema has no transforms or defaults: a pod certain to pass is its own parsed form, and
  // checking it so skips zod's copy of the whole pod. Anything else gets zod's verdict.
  if (certainlyPasses(PodSecurityObjectSchema, object)) {
    return { ok: true, pod: object as PodObjectInput };
  }
  const parsed = PodSecurityObjectSchema.safeParse(object);
  if (parsed.success) return { ok: true, pod: parsed.data };
  return { ok: false, error: invalidObjectError(parsed.error, prefix) };
}

/** A GangwayError (GANGWAY_ERR_OBJECT_INVALID) naming the first bad field of a zod error. */
export function invalidObjectError(error: z.ZodError, prefix: string): GangwayError {
  const first = error.issues[0];
  const field = first ? formatIssuePath(first.path, prefix) : prefix || '(root)';
  return new GangwayError('GANGWAY_ERR_OBJECT_INVALID', describeZodError(error, prefix), { field });
}

/** What a workload holds: no template (allowed as is), an unusable one, or a parsed one. */
export type ExtractedTemplate =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly error: GangwayError }
  | { readonly kind: 'template'; readonly pod: PodObjectInput; readonly path: string };

/** Extracts and parses the pod template of a workload object. */
export function extractPodTemplate(controller: PodController, object: unknown): ExtractedTemplate {
  let node: unknown = object;
  for (const key of controller.templatePath) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  if (node === undefined || node === null) return { kind: 'none' };
  const path = controller.templatePath.join('.');
  const parsed = parsePodObject(node, path);
  return parsed.ok
    ? { kind: 'template', pod: parsed.pod, path }
    : { kind: 'invalid', error: parsed.error };
}
