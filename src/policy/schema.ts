import { z } from 'zod';

/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding,
 * as zod schemas: the trust boundary of policy files. Specs are strict, so a misspelt field is an
 * error at load rather than a rule that silently never applies; the envelope is loose (status and
 * managed fields pass).
 */

const API_VERSION = 'admissionregistration.k8s.io/v1';

const LabelSelectorRequirementSchema = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});

/** A metav1.LabelSelector. */
export const LabelSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(LabelSelectorRequirementSchema).optional(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

const OperationSchema = z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*']);

/** A NamedRuleWithOperations of matchConstraints. */
export const ResourceRuleSchema = z.strictObject({
  apiGroups: z.array(z.string()).optional(),
  apiVersions: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  operations: z.array(OperationSchema).optional(),
  scope: z.enum(['Cluster', 'Namespaced', '*']).optional(),
  resourceNames: z.array(z.string()).optional(),
});
export type ResourceRule = z.infer<typeof ResourceRuleSchema>;

/** matchConstraints of a policy, matchResources of a binding. */
export const MatchResourcesSchema = z.strictObject({
  namespaceSelector: LabelSelectorSchema.optional(),
  objectSelector: LabelSelectorSchema.optional(),
  resourceRules: z.array(ResourceRuleSchema).optional(),
  excludeResourceRules: z.array(ResourceRuleSchema).optional(),
  matchPolicy: z.enum(['Exact', 'Equivalent']).optional(),
});
export type MatchResources = z.infer<typeof MatchResourcesSchema>;

const CelSource = z.string().min(1, 'an expression must not be empty');

const ValidationSchema = z.strictObject({
  expression: CelSource,
  message: z.string().optional(),
  messageExpression: CelSource.optional(),
  reason: z.enum(['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge']).optional(),
});
export type Validation = z.infer<typeof ValidationSchema>;

const VariableSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name must be a CEL identifier'),
  expression: CelSource,
});

const MatchConditionSchema = z.strictObject({ name: z.string().min(1), expression: CelSource });

const AuditAnnotationSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'not a valid key'),
  valueExpression: CelSource,
});

const PolicyMetadataSchema = z.looseObject({
  name: z.string().min(1),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
});

const PolicySpecSchema = z
  .strictObject({
    paramKind: z
      .strictObject({ apiVersion: z.string().min(1), kind: z.string().min(1) })
      .optional(),
    matchConstraints: MatchResourcesSchema,
    validations: z.array(ValidationSchema).optional(),
    auditAnnotations: z.array(AuditAnnotationSchema).optional(),
    matchConditions: z.array(MatchConditionSchema).max(64).optional(),
    variables: z.array(VariableSchema).optional(),
    failurePolicy: z.enum(['Fail', 'Ignore']).optional(),
  })
  .refine((s) => (s.validations?.length ?? 0) + (s.auditAnnotations?.length ?? 0) > 0, {
    message: 'a policy needs at least one validation or audit annotation',
  });

/** An admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy. */
export const ValidatingAdmissionPolicySchema = z.looseObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('ValidatingAdmissionPolicy'),
  metadata: PolicyMetadataSchema,
  spec: PolicySpecSchema,
});
export type ValidatingAdmissionPolicy = z.infer<typeof ValidatingAdmissionPolicySchema>;

const ParamRefSchema = z.strictObject({
  name: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  selector: LabelSelectorSchema.optional(),
  parameterNotFoundAction: z.enum(['Allow', 'Deny']).optional(),
});
export type ParamRef = z.infer<typeof ParamRefSchema>;

/** A validation action of a binding. */
export const ValidationActionSchema = z.enum(['Deny', 'Warn', 'Audit']);
export type ValidationAction = z.infer<typeof ValidationActionSchema>;

const BindingSpecSchema = z
  .strictObject({
    policyName: z.string().min(1),
    paramRef: ParamRefSchema.optional(),
    matchResources: MatchResourcesSchema.optional(),
    validationActions: z.array(ValidationActionSchema).min(1),
  })
  .refine((s) => !(s.validationActions.includes('Deny') && s.validationActions.includes('Warn')), {
    message: 'Deny and Warn may not be used together (Deny already reports the message)',
  })
  .refine((s) => new Set(s.validationActions).size === s.validationActions.length, {
    message: 'validationActions must not repeat',
  });

/** An admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding. */
export const ValidatingAdmissionPolicyBindingSchema = z.looseObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('ValidatingAdmissionPolicyBinding'),
  metadata: PolicyMetadataSchema,
  spec: BindingSpecSchema,
});
export type ValidatingAdmissionPolicyBinding = z.infer<
  typeof ValidatingAdmissionPolicyBindingSchema
>;
