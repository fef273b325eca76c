import type { Container } from '../kube/types.js';
import { annotationError, parseBoolean, type FoundAnnotation } from './annotations.js';
import { CERTS_VOLUME } from './constants.js';
import type { ParseResult } from './parse-result.js';
import { fail, ok } from './parse-result.js';

/** gangway's opt-in for proxyless gRPC apps: `"true"` or `"false"`. */
export const PROXYLESS_GRPC_ANNOTATION = 'gangway.io/proxyless-grpc';
/** Istio's template choice, honoured in Istio compatibility: `grpc-agent` means proxyless gRPC. */
export const ISTIO_TEMPLATES_ANNOTATION = 'inject.istio.io/templates';
/** The env var gRPC's xDS client reads its bootstrap path from. */
export const GRPC_BOOTSTRAP_ENV = 'GRPC_XDS_BOOTSTRAP';
/** Where the app containers see the certificate volume: the same path as gangway-proxy. */
export const APP_CERTS_MOUNT_PATH = '/var/run/gangway/certs';
/** The bootstrap the agent writes into the certificate volume. */
export const GRPC_BOOTSTRAP_PATH = `${APP_CERTS_MOUNT_PATH}/grpc-bootstrap.json`;

/** The agent flag that makes key.pem readable by the agent's group, which the apps then join. */
export const KEY_GROUP_READABLE_FLAG = '--key-group-readable';

/** The Istio templates gangway can honour: the ordinary sidecar, and the proxyless gRPC agent. */
const KNOWN_TEMPLATES: readonly string[] = ['sidecar', 'grpc-agent'];

/** Parses Istio's comma-separated template list; true when it asks for `grpc-agent`. */
export function parseIstioTemplates(text: string): ParseResult<boolean> {
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !KNOWN_TEMPLATES.includes(name));
  if (unknown !== undefined) {
    return fail(`expected a comma-separated list of ${KNOWN_TEMPLATES.join(', ')}`);
  }
  return ok(names.includes('grpc-agent'));
}

/**
 * Whether the pod asked for proxyless gRPC: gangway's annotation, else (Istio compatibility)
 * `inject.istio.io/templates` naming `grpc-agent`. Throws GANGWAY_ERR_INJECT_ANNOTATION, naming
 * the annotation, for any other value.
 */
export function parseProxylessGrpc(
  annotations: Readonly<Record<string, string>>,
  istioCompatibility: boolean,
): boolean {
  const own = annotations[PROXYLESS_GRPC_ANNOTATION];
  if (own !== undefined)
    return valueOf({ key: PROXYLESS_GRPC_ANNOTATION, value: own }, parseBoolean);
  const istio = istioCompatibility ? annotations[ISTIO_TEMPLATES_ANNOTATION] : undefined;
  if (istio === undefined) return false;
  return valueOf({ key: ISTIO_TEMPLATES_ANNOTATION, value: istio }, parseIstioTemplates);
}

function valueOf(found: FoundAnnotation, parse: (text: string) => ParseResult<boolean>): boolean {
  const parsed = parse(found.value);
  if (!parsed.ok) throw annotationError(found, parsed.error);
  return parsed.value;
}

/**
 * Points each app container's gRPC at the agent's bootstrap: `GRPC_XDS_BOOTSTRAP`, and the
 * certificate volume read-only (the bootstrap's file_watcher providers read the certificates
 * there). What a container already has is kept, so injecting twice adds nothing.
 */
export function addProxylessGrpc(containers: Container[]): void {
  for (const container of containers) {
    const env = container.env ?? [];
    if (!env.some((entry) => entry.name === GRPC_BOOTSTRAP_ENV)) {
      container.env = [...env, { name: GRPC_BOOTSTRAP_ENV, value: GRPC_BOOTSTRAP_PATH }];
    }
    const mounts = mountsOf(container);
    if (!mounts.some((mount) => mountPathOf(mount) === APP_CERTS_MOUNT_PATH)) {
      const mount = { name: CERTS_VOLUME, mountPath: APP_CERTS_MOUNT_PATH, readOnly: true };
      container['volumeMounts'] = [...mounts, mount];
    }
  }
}

/**
 * Lets the app containers read the workload key the agent writes (0640, group = the agent's gid):
 * the agent's gid joins the pod's supplemental groups, unless it is there already. Supplemental
 * groups change no file ownership (unlike fsGroup) and are allowed by every Pod Security level.
 */
export function shareKeyGroup(spec: { securityContext?: unknown }, proxyGid: number): void {
  const context =
    typeof spec.securityContext === 'object' && spec.securityContext !== null
      ? (spec.securityContext as Record<string, unknown>)
      : {};
  const groups = Array.isArray(context['supplementalGroups'])
    ? (context['supplementalGroups'] as unknown[])
    : [];
  if (groups.includes(proxyGid)) return;
  spec.securityContext = { ...context, supplementalGroups: [...groups, proxyGid] };
}

/** The container's volume mounts (the Container schema keeps them as they came). */
function mountsOf(container: Container): unknown[] {
  const mounts: unknown = container['volumeMounts'];
  return Array.isArray(mounts) ? (mounts as unknown[]) : [];
}

function mountPathOf(mount: unknown): unknown {
  return typeof mount === 'object' && mount !== null
    ? (mount as { mountPath?: unknown }).mountPath
    : undefined;
}
