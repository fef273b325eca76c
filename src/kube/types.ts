import { z } from 'zod';

/**
 * Kubernetes object schemas, as much as gangway reads of them. Every object schema is loose: fields
 * gangway does not know are kept as they are, because a mutating webhook must never drop what the
 * user wrote.
 */

/** A string-to-string map such as labels or annotations. */
export const StringMapSchema = z.record(z.string(), z.string());

/** metadata of any object. */
export const ObjectMetaSchema = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: StringMapSchema.nullish(),
  annotations: StringMapSchema.nullish(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

const CapabilitiesSchema = z.looseObject({
  add: z.array(z.string()).nullish(),
  drop: z.array(z.string()).nullish(),
});

const SeccompProfileSchema = z.looseObject({
  type: z.string(),
  localhostProfile: z.string().optional(),
});

/** A container's securityContext. */
export const SecurityContextSchema = z.looseObject({
  runAsUser: z.number().int().nullish(),
  runAsGroup: z.number().int().nullish(),
  runAsNonRoot: z.boolean().nullish(),
  privileged: z.boolean().nullish(),
  allowPrivilegeEscalation: z.boolean().nullish(),
  readOnlyRootFilesystem: z.boolean().nullish(),
  capabilities: CapabilitiesSchema.nullish(),
  seccompProfile: SeccompProfileSchema.nullish(),
});
export type SecurityContext = z.infer<typeof SecurityContextSchema>;

const IntOrStringSchema = z.union([z.number().int(), z.string()]);

/** A liveness, readiness or startup probe. */
export const ProbeSchema = z.looseObject({
  httpGet: z
    .looseObject({
      path: z.string().optional(),
      port: IntOrStringSchema,
      host: z.string().optional(),
      scheme: z.string().optional(),
      httpHeaders: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
    })
    .nullish(),
  tcpSocket: z.looseObject({ port: IntOrStringSchema, host: z.string().optional() }).nullish(),
  grpc: z.looseObject({ port: z.number().int(), service: z.string().nullish() }).nullish(),
  exec: z.looseObject({ command: z.array(z.string()).nullish() }).nullish(),
});
export type Probe = z.infer<typeof ProbeSchema>;

/** A container port. */
export const ContainerPortSchema = z.looseObject({
  name: z.string().optional(),
  containerPort: z.number().int(),
  protocol: z.string().optional(),
  hostPort: z.number().int().optional(),
});

/** An env var of a container. */
export const EnvVarSchema = z.looseObject({ name: z.string(), value: z.string().optional() });
export type EnvVar = z.infer<typeof EnvVarSchema>;

/** A container, init container or ephemeral container. */
export const ContainerSchema = z.looseObject({
  name: z.string().min(1),
  image: z.string().optional(),
  ports: z.array(ContainerPortSchema).nullish(),
  env: z.array(EnvVarSchema).nullish(),
  securityContext: SecurityContextSchema.nullish(),
  livenessProbe: ProbeSchema.nullish(),
  readinessProbe: ProbeSchema.nullish(),
  startupProbe: ProbeSchema.nullish(),
  restartPolicy: z.string().optional(),
});
export type Container = z.infer<typeof ContainerSchema>;

/** A pod's securityContext. */
export const PodSecurityContextSchema = z.looseObject({
  runAsUser: z.number().int().nullish(),
  runAsGroup: z.number().int().nullish(),
  runAsNonRoot: z.boolean().nullish(),
  fsGroup: z.number().int().nullish(),
  seccompProfile: SeccompProfileSchema.nullish(),
});

/** A pod spec, as found in a Pod or a workload's pod template. */
export const PodSpecSchema = z.looseObject({
  containers: z.array(ContainerSchema).min(1, 'a pod needs at least one container'),
  initContainers: z.array(ContainerSchema).nullish(),
  ephemeralContainers: z.array(ContainerSchema).nullish(),
  volumes: z.array(z.looseObject({ name: z.string() })).nullish(),
  hostNetwork: z.boolean().nullish(),
  securityContext: PodSecurityContextSchema.nullish(),
  serviceAccountName: z.string().optional(),
});
export type PodSpec = z.infer<typeof PodSpecSchema>;

/** A v1 Pod. */
export const PodSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMetaSchema.optional(),
  spec: PodSpecSchema,
});
export type Pod = z.infer<typeof PodSchema>;

/** A pod template, as found in a workload's spec. */
export const PodTemplateSpecSchema = z.looseObject({
  metadata: ObjectMetaSchema.optional(),
  spec: PodSpecSchema,
});

/** Any Kubernetes object: only apiVersion, kind and metadata are read. */
export const KubeObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: ObjectMetaSchema.optional(),
});
export type KubeObject = z.infer<typeof KubeObjectSchema>;

/** Formats a zod issue path as a JSON path such as `spec.containers[0].name`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Summarises a zod error as `path: message` for each issue, the first few only. */
export function describeZodError(error: z.ZodError, prefix = '', max = 5): string {
  const parts = error.issues
    .slice(0, max)
    .map((issue) => `${formatIssuePath(issue.path, prefix)}: ${issue.message}`);
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`);
  return parts.join('; ');
}
