import type { z } from 'zod';
import { PodSchema, PodTemplateSpecSchema, describeZodError } from '../kube/types.js';
import type { Pod } from '../kube/types.js';
import { certainlyPasses } from '../shared/schema-check.js';
import type { ParseResult } from './parse-result.js';
import { fail, ok } from './parse-result.js';

function validate(schema: z.ZodType, value: unknown, prefix: string): ParseResult<Pod> {
  // Most pods are valid: checking them without zod's copy of the whole pod saves its cost and its
  // garbage; anything the quick check is not certain of gets zod's verdict and message.
  if (certainlyPasses(schema, value)) return ok(value as Pod);
  const parsed = schema.safeParse(value);
  // The input itself, not zod's output: zod reorders keys, and a mutating webhook and the CLI must
  // keep the user's object as written. The schemas are loose and transform nothing, so the types hold.
  return parsed.success ? ok(value as Pod) : fail(describeZodError(parsed.error, prefix));
}

/** Validates a Pod; the error names the field, prefixed with `prefix` (e.g. `object`). */
export function validatePod(value: unknown, prefix = ''): ParseResult<Pod> {
  return validate(PodSchema, value, prefix);
}

/** Validates a workload's pod template ({ metadata, spec }) as a Pod without apiVersion and kind. */
export function validatePodTemplate(value: unknown, prefix: string): ParseResult<Pod> {
  return validate(PodTemplateSpecSchema, value, prefix);
}
