import type { Container, Probe } from '../kube/types.js';
import { stringifyCanonical } from './canonical-json.js';
import { AGENT_PORT, APP_HEALTH_PATH_PREFIX } from './constants.js';

/** The probe fields of a container and the path segment each is served under. */
const PROBE_KINDS = [
  ['livenessProbe', 'livez'],
  ['readinessProbe', 'readyz'],
  ['startupProbe', 'startupz'],
] as const;

/** The actions that are rewritten; exec probes run in the app container and are left alone. */
const REWRITTEN_ACTIONS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** Original probe actions by rewritten path, e.g. `/app-health/web/livez` -> `{ httpGet: {...} }`. */
export type AppProbers = Record<string, Record<string, unknown>>;

/** Whether a probe already points at the agent (a previous injection rewrote it). */
export function isRewrittenProbe(probe: Probe): boolean {
  const httpGet = probe.httpGet;
  return (
    httpGet?.port === AGENT_PORT &&
    typeof httpGet.path === 'string' &&
    httpGet.path.startsWith(APP_HEALTH_PATH_PREFIX)
  );
}

function resolvePort(port: number | string, container: Container): number | string {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort ?? port;
}

/** The original action of a probe, named ports resolved, or undefined when it is not rewritten. */
function originalAction(probe: Probe, container: Container): Record<string, unknown> | undefined {
  if (probe.httpGet) {
    return { httpGet: { ...probe.httpGet, port: resolvePort(probe.httpGet.port, container) } };
  }
  if (probe.tcpSocket) {
    return {
      tcpSocket: { ...probe.tcpSocket, port: resolvePort(probe.tcpSocket.port, container) },
    };
  }
  if (probe.grpc) return { grpc: { ...probe.grpc } };
  return undefined;
}

function rewriteProbe(probe: Probe, path: string): Probe {
  const rest = Object.fromEntries(
    Object.entries(probe).filter(
      ([key]) => !(REWRITTEN_ACTIONS as readonly string[]).includes(key),
    ),
  );
  return { httpGet: { path, port: AGENT_PORT }, ...rest };
}

/**
 * Rewrites the HTTP, TCP and gRPC probes of the given app containers (in place: pass clones) to
 * httpGet on the agent port at `/app-health/<container>/<livez|readyz|startupz>`, and returns the
 * originals by path so the agent can run them. Probes already rewritten are left as they are.
 */
export function rewriteAppProbes(containers: Container[]): AppProbers {
  const probers: AppProbers = {};
  for (const container of containers) {
    for (const [field, segment] of PROBE_KINDS) {
      const probe = container[field];
      if (!probe || isRewrittenProbe(probe)) continue;
      const action = originalAction(probe, container);
      if (!action) continue;
      const path = `${APP_HEALTH_PATH_PREFIX}${container.name}/${segment}`;
      probers[path] = action;
      container[field] = rewriteProbe(probe, path);
    }
  }
  return probers;
}

/** Reads the probers env value of an earlier injection; anything unreadable counts as none. */
export function parseAppProbers(value: string | undefined): AppProbers {
  if (value === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, Record<string, unknown>] =>
          typeof entry[1] === 'object' && entry[1] !== null,
      ),
    );
  } catch {
    return {};
  }
}

/** Formats probers as JSON with stable key order, for the proxy env. */
export function formatAppProbers(probers: AppProbers): string {
  return stringifyCanonical(probers);
}
