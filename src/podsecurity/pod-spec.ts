import { z } from 'zod';

/**
 * The parts of a pod that the Pod Security checks read, as zod schemas. Objects are loose (fields
 * not listed pass through untouched); listed fields are typed as the API server would decode them,
 * so an object the API server could not have accepted is refused with the path of the bad field.
 */

const nullableBool = z.boolean().nullish();
const nullableString = z.string().nullish();

/** A Linux user or group id, in the range the API server accepts. */
const UserIdSchema = z.number().int().min(0).max(2147483647);

const ProfileSchema = z.looseObject({ type: nullableString, localhostProfile: nullableString });

const SELinuxOptionsSchema = z.looseObject({
  user: nullableString,
  role: nullableString,
  type: nullableString,
  level: nullableString,
});

const WindowsOptionsSchema = z.looseObject({ hostProcess: nullableBool });

const CapabilitiesSchema = z.looseObject({
  add: z.array(z.string()).nullish(),
  drop: z.array(z.string()).nullish(),
});

const ContainerSecurityContextSchema = z.looseObject({
  privileged: nullableBool,
  allowPrivilegeEscalation: nullableBool,
  runAsNonRoot: nullableBool,
  runAsUser: UserIdSchema.nullish(),
  capabilities: CapabilitiesSchema.nullish(),
  seLinuxOptions: SELinuxOptionsSchema.nullish(),
  seccompProfile: ProfileSchema.nullish(),
  appArmorProfile: ProfileSchema.nullish(),
  procMount: nullableString,
  windowsOptions: WindowsOptionsSchema.nullish(),
});

const HostActionSchema = z.looseObject({ host: nullableString });

/** A probe or lifecycle handler: only the host of its HTTP and TCP actions is read. */
const HandlerSchema = z.looseObject({
  httpGet: HostActionSchema.nullish(),
  tcpSocket: HostActionSchema.nullish(),
});

const ContainerSchema = z.looseObject({
  name: z.string().min(1, 'a container needs a name'),
  image: nullableString,
  ports: z.array(z.looseObject({ hostPort: z.number().int().nullish() })).nullish(),
  securityContext: ContainerSecurityContextSchema.nullish(),
  livenessProbe: HandlerSchema.nullish(),
  readinessProbe: HandlerSchema.nullish(),
  startupProbe: HandlerSchema.nullish(),
  lifecycle: z
    .looseObject({ postStart: HandlerSchema.nullish(), preStop: HandlerSchema.nullish() })
    .nullish(),
});

const PodSecurityContextSchema = z.looseObject({
  runAsNonRoot: nullableBool,
  runAsUser: UserIdSchema.nullish(),
  seLinuxOptions: SELinuxOptionsSchema.nullish(),
  seccompProfile: ProfileSchema.nullish(),
  appArmorProfile: ProfileSchema.nullish(),
  windowsOptions: WindowsOptionsSchema.nullish(),
  sysctls: z.array(z.looseObject({ name: z.string(), value: nullableString })).nullish(),
});

/** A volume: its source is whichever other key is set, read by the volume checks. */
const VolumeSchema = z.looseObject({ name: z.string() });

/** A pod spec as the Pod Security checks read it. */
export const PodSecuritySpecSchema = z.looseObject({
  containers: z.array(ContainerSchema).min(1, 'a pod needs at least one container'),
  initContainers: z.array(ContainerSchema).nullish(),
  ephemeralContainers: z.array(ContainerSchema).nullish(),
  volumes: z.array(VolumeSchema).nullish(),
  hostNetwork: nullableBool,
  hostPID: nullableBool,
  hostIPC: nullableBool,
  hostUsers: nullableBool,
  os: z.looseObject({ name: z.string() }).nullish(),
  runtimeClassName: nullableString,
  securityContext: PodSecurityContextSchema.nullish(),
});

/** Pod metadata as the Pod Security checks and the namespace pod scan read it. */
export const PodSecurityMetadataSchema = z.looseObject({
  name: nullableString,
  generateName: nullableString,
  namespace: nullableString,
  annotations: z.record(z.string(), z.string()).nullish(),
  ownerReferences: z
    .array(z.looseObject({ uid: nullableString, controller: nullableBool }))
    .nullish(),
});

/** A Pod, or the pod template of a workload: metadata and spec. */
export const PodSecurityObjectSchema = z.looseObject({
  metadata: PodSecurityMetadataSchema.nullish(),
  spec: PodSecuritySpecSchema,
});

/** A pod spec the checks can evaluate. */
export type PodSpecInput = z.infer<typeof PodSecuritySpecSchema>;
/** One container, init container or ephemeral container. */
export type ContainerInput = z.infer<typeof ContainerSchema>;
/** The pod's (or template's) metadata. */
export type PodMetadataInput = z.infer<typeof PodSecurityMetadataSchema>;
/** A parsed pod or pod template. */
export type PodObjectInput = z.infer<typeof PodSecurityObjectSchema>;

/** The three container lists, in the order upstream visits them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * Applies the API server defaulting the checks depend on: a volume with no source is an emptyDir.
 * Raw manifests (the CLI) need it; objects reaching a webhook are already defaulted. Pure: returns
 * the same spec when nothing changes, otherwise a copy.
 */
export function applyApiServerDefaults(spec: PodSpecInput): PodSpecInput {
  const volumes = spec.volumes;
  if (!volumes || volumes.every(hasVolumeSource)) return spec;
  return {
    ...spec,
    volumes: volumes.map((volume) =>
      hasVolumeSource(volume) ? volume : { ...volume, emptyDir: {} },
    ),
  };
}

function hasVolumeSource(volume: Readonly<Record<string, unknown>>): boolean {
  for (const key in volume) if (key !== 'name' && volume[key] != null) return true;
  return false;
}
