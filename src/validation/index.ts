/**
 * Mesh config validation: the Istio API kinds (networking, security, telemetry, extensions), each
 * with a zod schema and a semantic validator, behind one pure entry point and two front doors (the
 * admission webhook handler and `gangway validate`).
 */
export type { Finding, PathSegment, Severity } from './findings.js';
export { formatFinding, hasErrors, renderPath } from './findings.js';
export type { CodeInfo, FindingCode } from './codes/index.js';
export { findingCodes, isFindingCode } from './codes/index.js';
export type { KindContext, KindNames, MeshKind } from './kind.js';
export { MESH_GROUPS, findMeshKind, meshKinds } from './registry.js';
export { meshKindOf, validateMeshObject } from './validate-object.js';
export { createMeshValidationHandler, decideMeshValidation } from './handler.js';
export type { DocumentInput, DocumentResult, ValidationReport } from './documents.js';
export { exitCodeFor, validateDocuments } from './documents.js';
export {
  documentLocator,
  formatFindingLine,
  formatJson,
  formatLines,
  formatSummary,
  formatTable,
} from './output.js';
export type { CustomResourceDefinition } from './crds.js';
export { buildCrds, renderCrdFiles, renderCrdYaml } from './crds.js';
