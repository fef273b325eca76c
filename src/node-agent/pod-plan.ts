import { z } from 'zod';
import { StringMapSchema } from '../kube/types.js';
import { STATUS_ANNOTATION } from '../kube/keys.js';
import { INIT_CONTAINER_NAME } from '../injection/constants.js';
import { InjectionStatusSchema } from '../injection/status.js';
import type { TrafficSettings } from '../injection/traffic.js';
import { fail, ok, type ParseResult } from '../injection/parse-result.js';
import type { IpFamily } from './rules/redirect-rules.js';
import {
  parseTrafficArgs,
  resolveTrafficFlags,
  type RedirectSpec,
  type TrafficFlagValues,
} from './traffic-args.js';

/**
 * What the node agent makes of one pod of its node: leave it alone, wait for it, redirect it, or
 * take its redirect away. Pure: the pod object in, a plan out.
 */

/** A timestamp as the API returns it: text on the wire, a Date once the client has decoded it. */
const TimestampSchema = z.union([z.string(), z.date()]).nullish();

/** The parts of a v1 Pod the node agent reads (validated: it comes from the API server). */
export const AgentPodSchema = z.looseObject({
  metadata: z.looseObject({
    uid: z.string().min(1),
    name: z.string().optional(),
    namespace: z.string().optional(),
    annotations: StringMapSchema.nullish(),
    creationTimestamp: TimestampSchema,
  }),
  spec: z
    .looseObject({
      nodeName: z.string().nullish(),
      hostNetwork: z.boolean().nullish(),
      initContainers: z
        .array(z.looseObject({ name: z.string(), args: z.array(z.string()).nullish() }))
        .nullish(),
    })
    .optional(),
  status: z
    .looseObject({
      phase: z.string().nullish(),
      podIP: z.string().nullish(),
      podIPs: z.array(z.looseObject({ ip: z.string() })).nullish(),
      startTime: TimestampSchema,
    })
    .nullish(),
});
/** A pod as the node agent sees it. */
export type AgentPod = z.infer<typeof AgentPodSchema>;

/**
 * The injector's status annotation, as much as the agent reads of it: the interception mode, and
 * the traffic settings when recorded there (else they come from gangway-init's args). Unknown keys
 * pass, so that a status written by a newer injector still reads.
 */
export const SidecarStatusSchema = InjectionStatusSchema.pick({
  mode: true,
  traffic: true,
}).loose();

/** What to do with a pod. */
export type PodPlan =
  | { readonly kind: 'ignore'; readonly why: 'not-injected' | 'not-cni' | 'host-network' }
  | { readonly kind: 'remove'; readonly why: 'terminated' }
  | { readonly kind: 'wait'; readonly why: 'no-pod-ip' }
  | { readonly kind: 'invalid'; readonly detail: string }
  | {
      readonly kind: 'redirect';
      readonly spec: RedirectSpec;
      readonly families: readonly IpFamily[];
      /** When the pod started (ms since the epoch), for the time-to-redirect metric. */
      readonly startedAtMs: number | undefined;
    };

/** Milliseconds since the epoch of an API timestamp, if there is one. */
export function timestampMs(value: string | Date | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Re-checks recorded settings with the strict parsers: an annotation can be edited by hand. */
function revalidate(traffic: TrafficSettings): ParseResult<RedirectSpec> {
  const join = (list: '*' | readonly (string | number)[]): string =>
    list === '*' ? '*' : list.join(',');
  const values: TrafficFlagValues = {
    'include-outbound-ip-ranges': join(traffic.includeOutboundIPRanges),
    'exclude-outbound-ip-ranges': join(traffic.excludeOutboundIPRanges),
    'include-inbound-ports': join(traffic.includeInboundPorts),
    'exclude-inbound-ports': join(traffic.excludeInboundPorts),
    'exclude-outbound-ports': join(traffic.excludeOutboundPorts),
  };
  return resolveTrafficFlags(values);
}

function redirectSpecOf(
  pod: AgentPod,
  traffic: TrafficSettings | undefined,
): ParseResult<RedirectSpec> {
  if (traffic) return revalidate(traffic);
  const init = pod.spec?.initContainers?.find((c) => c.name === INIT_CONTAINER_NAME);
  return parseTrafficArgs(init?.args ?? []);
}

/** The families to program: IPv4 always (the pod's loopback has it), IPv6 when the pod has one. */
export function podFamilies(pod: AgentPod): IpFamily[] {
  const ips = [pod.status?.podIP ?? '', ...(pod.status?.podIPs ?? []).map((p) => p.ip)];
  return ips.some((ip) => ip.includes(':')) ? [4, 6] : [4];
}

function readStatus(pod: AgentPod): ParseResult<z.infer<typeof SidecarStatusSchema> | undefined> {
  const text = pod.metadata.annotations?.[STATUS_ANNOTATION];
  if (text === undefined) return ok(undefined);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(`${STATUS_ANNOTATION} is not JSON`);
  }
  const parsed = SidecarStatusSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : fail(`${STATUS_ANNOTATION}: ${parsed.error.message}`);
}

/** Decides what the node agent does with a pod. */
export function planPod(pod: AgentPod): PodPlan {
  const status = readStatus(pod);
  if (!status.ok) return { kind: 'invalid', detail: status.error };
  if (status.value === undefined) return { kind: 'ignore', why: 'not-injected' };
  if (status.value.mode !== 'cni') return { kind: 'ignore', why: 'not-cni' };
  if (pod.spec?.hostNetwork) return { kind: 'ignore', why: 'host-network' };
  const phase = pod.status?.phase;
  // A terminating pod (deletionTimestamp set) keeps its redirect: its sidecar is still draining.
  if (phase === 'Succeeded' || phase === 'Failed') return { kind: 'remove', why: 'terminated' };
  // The pod IP is set once the sandbox's network is up: before that there is nothing to enter.
  if (!pod.status?.podIP) return { kind: 'wait', why: 'no-pod-ip' };
  const spec = redirectSpecOf(pod, status.value.traffic);
  if (!spec.ok) return { kind: 'invalid', detail: spec.error };
  return {
    kind: 'redirect',
    spec: spec.value,
    families: podFamilies(pod),
    startedAtMs: timestampMs(pod.status.startTime ?? pod.metadata.creationTimestamp),
  };
}
