import { z } from 'zod';
import { GangwayError } from '../shared/errors.js';
import { describeZodError } from '../kube/types.js';

/** group/version/kind as the API server sends it. */
export const GroupVersionKindSchema = z.looseObject({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
});

/** group/version/resource as the API server sends it. */
export const GroupVersionResourceSchema = z.looseObject({
  group: z.string(),
  version: z.string(),
  resource: z.string(),
});

/** Who made the request. */
export const UserInfoSchema = z.looseObject({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).nullish(),
});

/** The request half of an admission.k8s.io/v1 AdmissionReview. */
export const AdmissionRequestSchema = z.looseObject({
  uid: z.string().min(1, 'request.uid must be a non-empty string'),
  kind: GroupVersionKindSchema,
  resource: GroupVersionResourceSchema,
  subResource: z.string().optional(),
  requestKind: GroupVersionKindSchema.optional(),
  requestResource: GroupVersionResourceSchema.optional(),
  requestSubResource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
  userInfo: UserInfoSchema.optional(),
  object: z.unknown().optional(),
  oldObject: z.unknown().optional(),
  dryRun: z.boolean().optional(),
  options: z.unknown().optional(),
});
export type AdmissionRequest = z.infer<typeof AdmissionRequestSchema>;

/** An admission.k8s.io/v1 AdmissionReview carrying a request. */
export const AdmissionReviewSchema = z.looseObject({
  apiVersion: z.literal('admission.k8s.io/v1'),
  kind: z.literal('AdmissionReview'),
  request: AdmissionRequestSchema,
});

/**
 * Decodes an already-parsed JSON body into an AdmissionRequest. Throws a GangwayError with code
 * GANGWAY_ERR_REVIEW_NO_UID or GANGWAY_ERR_REVIEW_INVALID naming what is wrong; the server turns
 * these into HTTP 400.
 */
export function decodeAdmissionReview(body: unknown): AdmissionRequest {
  const parsed = AdmissionReviewSchema.safeParse(body);
  if (parsed.success) return parsed.data.request;
  const uidIssue = parsed.error.issues.find(
    (issue) =>
      (issue.path.length === 2 && issue.path[0] === 'request' && issue.path[1] === 'uid') ||
      (issue.path.length === 1 && issue.path[0] === 'request'),
  );
  const hasUid =
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { request?: { uid?: unknown } }).request?.uid === 'string' &&
    (body as { request: { uid: string } }).request.uid !== '';
  if (uidIssue && !hasUid) {
    throw new GangwayError('GANGWAY_ERR_REVIEW_NO_UID', describeZodError(parsed.error), {
      field: 'request.uid',
    });
  }
  throw new GangwayError('GANGWAY_ERR_REVIEW_INVALID', describeZodError(parsed.error));
}

/** The request uid of a body that failed to decode, when one can be read at all. */
export function peekRequestUid(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const uid = (body as { request?: { uid?: unknown } }).request?.uid;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}
