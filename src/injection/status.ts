import { z } from 'zod';
import { InterceptionModeSchema } from '../config/mesh-config.js';
import { TrafficSettingsSchema } from './traffic.js';

/**
 * The `sidecar.gangway.io/status` annotation: what was injected, so that a second pass (webhook
 * reinvocation, `gangway inject` on its own output) changes nothing, and so that the node agent
 * programs the redirect the init container expects.
 */
export const InjectionStatusSchema = z.strictObject({
  initContainers: z.array(z.string()),
  containers: z.array(z.string()),
  volumes: z.array(z.string()),
  mode: InterceptionModeSchema,
  revision: z.string(),
  native: z.boolean(),
  /** Absent in `none` mode: nothing is captured. */
  traffic: TrafficSettingsSchema.optional(),
});
export type InjectionStatus = z.infer<typeof InjectionStatusSchema>;

/**
 * Formats the status annotation as compact JSON with a fixed key order; an absent `traffic` is
 * left out, as JSON.stringify leaves out undefined members. One literal, not a spread copy with
 * `traffic` added: in Node 20 the latter makes a new hidden class on every call.
 */
export function formatStatus(status: InjectionStatus): string {
  const { initContainers, containers, volumes, mode, revision, native, traffic } = status;
  return JSON.stringify({ initContainers, containers, volumes, mode, revision, native, traffic });
}

/** Parses a status annotation; undefined when it is not one gangway wrote. */
export function parseStatus(text: string): InjectionStatus | undefined {
  try {
    const parsed = InjectionStatusSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
