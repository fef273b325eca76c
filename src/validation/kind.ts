import type { z } from 'zod';
import type { Reporter } from './findings.js';

/** What a kind validator knows about the object besides its spec. */
export interface KindContext {
  /** Reporter positioned at `spec`. */
  readonly spec: Reporter;
  /** Reporter positioned at the object root, for findings about metadata. */
  readonly root: Reporter;
  /** metadata.name, or '' when only generateName is given. */
  readonly name: string;
  /** metadata.namespace, when the object carries one. */
  readonly namespace: string | undefined;
  readonly annotations: Readonly<Record<string, string>>;
  /** The version of the apiVersion, e.g. `v1beta1`. */
  readonly version: string;
}

/** How a kind is named in the API, for the registry and the generated CRD. */
export interface KindNames {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  /** Every version the kind is served in; all share one schema and one validator. */
  readonly versions: readonly string[];
  /** The version the API server stores. */
  readonly storageVersion: string;
}

/** A mesh kind as the registry holds it: names, the spec schema, and the semantic validator. */
export interface MeshKind extends KindNames {
  readonly spec: z.ZodType;
  /** Runs the semantic rules on a spec that parsed with {@link MeshKind.spec}. */
  validate(spec: unknown, context: KindContext): void;
}

/** Defines a mesh kind, typing its validator by its spec schema. */
export function defineKind<S extends z.ZodType>(
  definition: KindNames & { spec: S; validate: (spec: z.infer<S>, context: KindContext) => void },
): MeshKind {
  const { validate, ...rest } = definition;
  return {
    ...rest,
    // The registry only calls this with the output of `definition.spec`, so the cast is sound.
    validate: (spec, context) => validate(spec as z.infer<S>, context),
  };
}

/** Versions of networking.istio.io kinds that went to v1. */
export const NETWORKING_VERSIONS = ['v1alpha3', 'v1beta1', 'v1'] as const;
/** Versions of security.istio.io kinds. */
export const SECURITY_VERSIONS = ['v1beta1', 'v1'] as const;

/** Only AuthorizationPolicy understands it; Istio rejects it on every other kind. */
export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';
