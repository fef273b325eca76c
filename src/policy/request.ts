import type { AdmissionRequest } from '../admission/review.js';
import type { JsonObject } from './cel/values.js';
import { isJsonObject } from './cel/values.js';
import { groupOf, nameOf, namespaceOf, stringAt, versionOf } from './cluster/objects.js';
import { kindInfo } from './match/resources.js';

/** An admission operation. */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What a policy is evaluated against: an admission request, or an object under audit. */
export interface PolicyRequest {
  readonly operation: Operation;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly resource: {
    readonly group: string;
    readonly version: string;
    readonly resource: string;
  };
  readonly subResource: string;
  readonly name: string;
  /** `` for cluster-scoped objects. */
  readonly namespace: string;
  readonly namespaced: boolean;
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
  /** The Namespace object of a namespaced request, when known. */
  readonly namespaceObject: JsonObject | null;
  readonly userInfo: JsonObject;
  readonly dryRun: boolean;
}

/**
 * The request an audit evaluates for an existing object: a CREATE of it as it is now, by nobody
 * in particular. Policies that only match UPDATE or DELETE therefore do not apply in an audit.
 */
export function requestForObject(
  object: JsonObject,
  namespaceObject: JsonObject | null,
): PolicyRequest {
  const apiVersion = stringAt(object, 'apiVersion');
  const group = groupOf(apiVersion);
  const version = versionOf(apiVersion);
  const kind = stringAt(object, 'kind');
  const info = kindInfo(group, kind);
  return {
    operation: 'CREATE',
    kind: { group, version, kind },
    resource: { group, version, resource: info.resource },
    subResource: '',
    name: nameOf(object),
    namespace: info.namespaced ? namespaceOf(object) : '',
    namespaced: info.namespaced,
    object,
    oldObject: null,
    namespaceObject: info.namespaced ? namespaceObject : null,
    userInfo: { username: 'gangway:audit' },
    dryRun: true,
  };
}

/** The PolicyRequest of an admission request; `namespaceObject` comes from the caller's cache. */
export function requestForAdmission(
  request: AdmissionRequest,
  namespaceObject: JsonObject | null,
): PolicyRequest {
  const object = isJsonObject(request.object) ? request.object : null;
  const oldObject = isJsonObject(request.oldObject) ? request.oldObject : null;
  const namespace = request.namespace ?? '';
  return {
    operation: request.operation,
    kind: { group: request.kind.group, version: request.kind.version, kind: request.kind.kind },
    resource: {
      group: request.resource.group,
      version: request.resource.version,
      resource: request.resource.resource,
    },
    subResource: request.subResource ?? '',
    name: request.name ?? (object ? nameOf(object) : ''),
    namespace,
    namespaced: namespace !== '',
    object,
    oldObject,
    namespaceObject: namespace !== '' ? namespaceObject : null,
    userInfo: isJsonObject(request.userInfo) ? request.userInfo : {},
    dryRun: request.dryRun ?? false,
  };
}

/** The `request` variable of CEL, shaped as Kubernetes' admission request. */
export function celRequestOf(request: PolicyRequest): JsonObject {
  return {
    kind: { ...request.kind },
    resource: { ...request.resource },
    subResource: request.subResource,
    requestKind: { ...request.kind },
    requestResource: { ...request.resource },
    name: request.name,
    namespace: request.namespace,
    operation: request.operation,
    userInfo: request.userInfo,
    dryRun: request.dryRun,
  };
}
