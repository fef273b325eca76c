import { z } from 'zod';
import { INVALID_VERSION_MESSAGE, LEVELS, parseVersion } from './levels.js';
import type { Policy } from './namespace-policy.js';

const LevelSchema = z.enum(LEVELS);
const VersionSchema = z
  .string()
  .refine((raw) => parseVersion(raw).error === undefined, { message: INVALID_VERSION_MESSAGE });
const NamesSchema = z.array(z.string().min(1)).default([]);

/**
 * The Pod Security configuration: the policy of namespaces without labels (upstream's
 * PodSecurityConfiguration defaults), exemptions, and secure defaults. Every field has a default,
 * so `{}` is the embedded default: privileged everywhere, nothing exempt, defaulting opt-in.
 */
export const PodSecurityConfigSchema = z.strictObject({
  defaults: z
    .strictObject({
      enforce: LevelSchema.default('privileged'),
      enforceVersion: VersionSchema.default('latest'),
      audit: LevelSchema.default('privileged'),
      auditVersion: VersionSchema.default('latest'),
      warn: LevelSchema.default('privileged'),
      warnVersion: VersionSchema.default('latest'),
    })
    .prefault({}),
  exemptions: z
    .strictObject({
      /** Authenticated user names whose requests are never checked. */
      usernames: NamesSchema,
      /** Namespaces whose pods are never checked. */
      namespaces: NamesSchema,
      /** Pods using these runtime classes are never checked. */
      runtimeClassNames: NamesSchema,
    })
    .prefault({}),
  secureDefaults: z
    .strictObject({
      /** Default every pod, not only those in namespaces labelled gangway.io/pod-security-defaults=restricted. */
      clusterWide: z.boolean().default(false),
      /** Images known to run as a non-root user: `repo/image:tag`, or a prefix ending in `*`. */
      nonRootImages: NamesSchema,
    })
    .prefault({}),
  /**
   * A pod in a namespace the lookup does not know: `error` refuses it (upstream fails closed when
   * the namespace cannot be read), `defaults` evaluates it against the default policy.
   */
  unknownNamespace: z.enum(['error', 'defaults']).default('error'),
});

/** The Pod Security configuration, defaults applied. */
export type PodSecurityConfig = z.infer<typeof PodSecurityConfigSchema>;

/** The policy of a namespace that sets no Pod Security labels. */
export function defaultPolicyOf(config: PodSecurityConfig): Policy {
  const { defaults } = config;
  return {
    enforce: { level: defaults.enforce, version: parseVersion(defaults.enforceVersion).value },
    audit: { level: defaults.audit, version: parseVersion(defaults.auditVersion).value },
    warn: { level: defaults.warn, version: parseVersion(defaults.warnVersion).value },
  };
}
