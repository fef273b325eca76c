import { z } from 'zod';
import { GangwayError } from '../../shared/errors.js';

/** A port as the injector writes it: a number, or a numeric string. */
export const PortSchema = z
  .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1).max(65535));

const HttpGetSchema = z.looseObject({
  path: z.string().default('/'),
  port: PortSchema,
  host: z.string().optional(),
  scheme: z.enum(['HTTP', 'HTTPS', 'http', 'https']).default('HTTP'),
  httpHeaders: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
});

/** One rewritten probe: its original action and timeout, as Istio's ISTIO_KUBE_APP_PROBERS carries it. */
export const AppProbeSchema = z
  .looseObject({
    httpGet: HttpGetSchema.optional(),
    tcpSocket: z.looseObject({ port: PortSchema, host: z.string().optional() }).optional(),
    grpc: z.looseObject({ port: PortSchema, service: z.string().nullish() }).optional(),
    /** Kubelet's default probe timeout is 1 s. */
    timeoutSeconds: z.number().positive().default(1),
  })
  .refine((probe) => [probe.httpGet, probe.tcpSocket, probe.grpc].filter(Boolean).length === 1, {
    message: 'exactly one of httpGet, tcpSocket, grpc',
  });
export type AppProbe = z.infer<typeof AppProbeSchema>;

/** The paths the injector rewrites probes to. */
export const APP_PROBE_PATH =
  /^\/app-health\/[a-z0-9]([-a-z0-9]*[a-z0-9])?\/(livez|readyz|startupz)$/;

/** Parses the GANGWAY_KUBE_APP_PROBERS JSON: path to original probe. Empty or absent: no probes. */
export function parseAppProbers(json: string | undefined): ReadonlyMap<string, AppProbe> {
  if (!json?.trim()) return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_AGENT_PROBERS_INVALID', 'not JSON', { cause: error });
  }
  const parsed = z.record(z.string().regex(APP_PROBE_PATH), AppProbeSchema).safeParse(raw);
  if (!parsed.success)
    throw new GangwayError('GANGWAY_ERR_AGENT_PROBERS_INVALID', parsed.error.message);
  return new Map(Object.entries(parsed.data));
}
