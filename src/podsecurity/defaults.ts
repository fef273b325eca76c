import type { ContainerInput, PodObjectInput, PodSpecInput } from './pod-spec.js';
import { goQuote } from './format.js';

/** Namespace label opting a namespace into secure defaults (`restricted`), or out (`disabled`). */
export const POD_SECURITY_DEFAULTS_LABEL = 'gangway.io/pod-security-defaults';
/** Pod annotation listing every field secure defaults filled in. */
export const POD_SECURITY_DEFAULTED_ANNOTATION = 'gangway.io/pod-security-defaulted';

/** What secure defaults may assume. */
export interface SecureDefaultsOptions {
  /** Images known to run as a non-root user: exact references, or prefixes ending in `*`. */
  readonly nonRootImages?: readonly string[];
}

/** The defaulted pod, the paths of the fields filled in, and warnings for what could not be. */
export interface SecureDefaultsResult {
  readonly pod: PodObjectInput;
  readonly defaulted: readonly string[];
  readonly warnings: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type SecurityContext = Mutable<NonNullable<ContainerInput['securityContext']>>;

/** One container of the copy, with its path and the original it was copied from. */
interface Target {
  readonly path: string;
  readonly container: Mutable<ContainerInput>;
}

/**
 * Fills the unset fields the restricted level requires and that are safe to assume: a pod-level
 * RuntimeDefault seccomp profile, allowPrivilegeEscalation=false (unless privileged or adding
 * SYS_ADMIN), capabilities.drop=["ALL"], and runAsNonRoot=true where a non-zero user is known.
 * Fields the author set are never changed. Pure: the input is not modified.
 */
export function applySecureDefaults(
  pod: PodObjectInput,
  options: SecureDefaultsOptions = {},
): SecureDefaultsResult {
  const copy = structuredClone(pod) as Mutable<PodObjectInput>;
  const spec = copy.spec as Mutable<PodSpecInput>;
  const targets = containerTargets(spec);
  const defaulted: string[] = [];
  const warnings: string[] = [];
  // The API refuses these Linux fields on Windows pods, and restricted exempts them there.
  if (spec.os?.name !== 'windows') {
    defaultSeccomp(spec, defaulted);
    for (const target of targets) defaultContainer(target, defaulted, warnings);
  }
  defaultRunAsNonRoot(spec, targets, options, { defaulted, warnings });
  if (defaulted.length > 0) {
    annotate(copy, defaulted);
    warnings.unshift(
      `gangway set Pod Security secure defaults (listed in annotation ${POD_SECURITY_DEFAULTED_ANNOTATION}): ${defaulted.join(', ')}`,
    );
  }
  return { pod: copy, defaulted, warnings };
}

function containerTargets(spec: Mutable<PodSpecInput>): Target[] {
  const lists = [
    ['initContainers', spec.initContainers],
    ['containers', spec.containers],
  ] as const;
  return lists.flatMap(([field, containers]) =>
    (containers ?? []).map((container, i) => ({ path: `spec.${field}[${i}]`, container })),
  );
}

function securityContextOf(holder: { securityContext?: unknown }): SecurityContext {
  if (typeof holder.securityContext !== 'object' || holder.securityContext === null)
    holder.securityContext = {};
  return holder.securityContext as SecurityContext;
}

function defaultSeccomp(spec: Mutable<PodSpecInput>, defaulted: string[]): void {
  if (spec.securityContext?.seccompProfile) return;
  securityContextOf(spec).seccompProfile = { type: 'RuntimeDefault' };
  defaulted.push('spec.securityContext.seccompProfile.type');
}

function addsSysAdmin(context: ContainerInput['securityContext']): boolean {
  const added = context?.capabilities?.add ?? [];
  return added.includes('SYS_ADMIN') || added.includes('CAP_SYS_ADMIN');
}

function defaultContainer(
  { path, container }: Target,
  defaulted: string[],
  warnings: string[],
): void {
  const current = container.securityContext;
  const name = goQuote(container.name);
  if (current?.allowPrivilegeEscalation == null) {
    // The API refuses allowPrivilegeEscalation=false beside privileged or CAP_SYS_ADMIN.
    if (current?.privileged === true || addsSysAdmin(current)) {
      warnings.push(
        `container ${name} is privileged or adds SYS_ADMIN, so allowPrivilegeEscalation was not defaulted`,
      );
    } else {
      securityContextOf(container).allowPrivilegeEscalation = false;
      defaulted.push(`${path}.securityContext.allowPrivilegeEscalation`);
    }
  }
  if (current?.capabilities?.drop == null) {
    const context = securityContextOf(container);
    context.capabilities = { ...context.capabilities, drop: ['ALL'] };
    defaulted.push(`${path}.securityContext.capabilities.drop`);
  }
}

/** Whether an image is listed as running as non-root: an exact match, or a listed prefix ending in `*`. */
export function isNonRootImage(
  image: string | null | undefined,
  nonRootImages: readonly string[],
): boolean {
  if (!image) return false;
  return nonRootImages.some((entry) =>
    entry.endsWith('*') ? image.startsWith(entry.slice(0, -1)) : image === entry,
  );
}

interface Notes {
  readonly defaulted: string[];
  readonly warnings: string[];
}

function defaultRunAsNonRoot(
  spec: Mutable<PodSpecInput>,
  targets: readonly Target[],
  options: SecureDefaultsOptions,
  notes: Notes,
): void {
  if (spec.securityContext?.runAsNonRoot != null) return;
  const podUser = spec.securityContext?.runAsUser;
  const open = targets.filter((t) => t.container.securityContext?.runAsNonRoot == null);
  const nonRoot = open.filter((t) =>
    knownNonRoot(t.container, podUser, options.nonRootImages ?? []),
  );
  if (podUser != null && podUser !== 0 && nonRoot.length === open.length && open.length > 0) {
    securityContextOf(spec).runAsNonRoot = true;
    notes.defaulted.push('spec.securityContext.runAsNonRoot');
    return;
  }
  for (const target of open) {
    if (nonRoot.includes(target)) {
      securityContextOf(target.container).runAsNonRoot = true;
      notes.defaulted.push(`${target.path}.securityContext.runAsNonRoot`);
    } else {
      notes.warnings.push(rootWarning(target.container, podUser));
    }
  }
}

function knownNonRoot(
  container: ContainerInput,
  podUser: number | null | undefined,
  images: readonly string[],
): boolean {
  const user = container.securityContext?.runAsUser ?? podUser;
  return user != null ? user !== 0 : isNonRootImage(container.image, images);
}

function rootWarning(container: ContainerInput, podUser: number | null | undefined): string {
  const name = goQuote(container.name);
  const user = container.securityContext?.runAsUser ?? podUser;
  const why =
    user === 0
      ? 'it runs as runAsUser=0'
      : `neither the pod nor the container sets a non-zero runAsUser and image ${goQuote(container.image ?? '')} is not listed as non-root`;
  return (
    `container ${name} was not given securityContext.runAsNonRoot=true because ${why}, so the pod will still ` +
    `violate PodSecurity "restricted" (runAsNonRoot != true); set securityContext.runAsUser to a non-zero UID, ` +
    `or list the image in podSecurity.secureDefaults.nonRootImages if it runs as a non-root user`
  );
}

function annotate(pod: Mutable<PodObjectInput>, defaulted: readonly string[]): void {
  const metadata = (pod.metadata ??= {}) as Mutable<NonNullable<PodObjectInput['metadata']>>;
  const annotations = { ...metadata.annotations };
  const existing =
    annotations[POD_SECURITY_DEFAULTED_ANNOTATION]?.split(',').filter((s) => s !== '') ?? [];
  annotations[POD_SECURITY_DEFAULTED_ANNOTATION] = [...new Set([...existing, ...defaulted])].join(
    ',',
  );
  metadata.annotations = annotations;
}
