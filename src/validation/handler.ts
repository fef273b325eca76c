import type { KindHandler } from '../admission/handler.js';
import type { AdmissionDecision } from '../admission/response.js';
import { allowed, denied, errored, withWarnings } from '../admission/response.js';
import type { AdmissionRequest } from '../admission/review.js';
import type { Finding } from './findings.js';
import { formatFinding } from './findings.js';
import { findMeshKind } from './registry.js';
import { validateMeshObject } from './validate-object.js';

// A denial lists its findings; past this many the message says how many more there are, so a
// pathological object cannot make the API server carry an enormous status message.
const MAX_LISTED = 30;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fills apiVersion and kind from the request when the object lacks them (the API server sends them). */
function withTypeMeta(
  object: Record<string, unknown>,
  request: AdmissionRequest,
): Record<string, unknown> {
  const { group, version, kind } = request.kind;
  return { apiVersion: `${group}/${version}`, kind, ...object };
}

function describeObject(request: AdmissionRequest): string {
  const name = request.name ?? '';
  return `${request.kind.kind} ${request.namespace ? `${request.namespace}/` : ''}${name}`.trim();
}

function listFindings(findings: readonly Finding[]): string {
  const shown = findings.slice(0, MAX_LISTED).map((f) => `${formatFinding(f)} [${f.code}]`);
  if (findings.length > MAX_LISTED) shown.push(`and ${findings.length - MAX_LISTED} more`);
  return shown.join('; ');
}

/**
 * Decides one mesh-config admission request: CREATE and UPDATE are validated (errors deny with 400,
 * warnings are returned as admission warnings); DELETE and CONNECT are allowed.
 */
export function decideMeshValidation(request: AdmissionRequest): AdmissionDecision {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE')
    return allowed('mesh-validation:skip-operation');
  if (!isObject(request.object)) {
    return denied(
      'GW-MESH-NOT-OBJECT',
      `${describeObject(request)}: the request carries no object to validate`,
      400,
    );
  }
  const findings = validateMeshObject(withTypeMeta(request.object, request));
  if (!findings) {
    return denied(
      'GW-MESH-NOT-OBJECT',
      `${describeObject(request)}: the object is not a ${request.kind.group} ${request.kind.kind}`,
      400,
    );
  }
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings
    .filter((f) => f.severity === 'warning')
    .map((f) => `${formatFinding(f)} [${f.code}]`);
  const first = errors[0];
  if (!first) return withWarnings(allowed('mesh-valid'), warnings);
  const message = `${describeObject(request)} is invalid: ${errors.length} error${errors.length === 1 ? '' : 's'}: ${listFindings(errors)}`;
  return withWarnings(denied(first.code, message, 400), warnings);
}

/**
 * The validating handler for Istio mesh config: claims every group/kind in the registry
 * (networking, security, telemetry and extensions.istio.io) whatever the version.
 */
export function createMeshValidationHandler(): KindHandler {
  return {
    matches: (group, kind) => findMeshKind(group, kind) !== undefined,
    handle: (request) => {
      try {
        return Promise.resolve(decideMeshValidation(request));
      } catch {
        // validateMeshObject is total (fuzz-tested); reaching this is a gangway bug, not bad input.
        return Promise.resolve(
          errored('GANGWAY_ERR_INTERNAL', 'internal error while validating mesh config'),
        );
      }
    },
  };
}
