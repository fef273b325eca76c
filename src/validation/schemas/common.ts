import { z } from 'zod';

/**
 * Building blocks of the mesh kind schemas. Istio's API is proto3: every field is optional on the
 * wire and "required" is a semantic rule, so {@link message} makes every field optional (validators
 * report missing required fields with specific codes) and records the required ones in metadata
 * for the generated CRDs. Unknown fields are rejected by the strict objects and reported as
 * warnings inside spec.
 */

/** The metadata key under which a message lists its one-of groups (rewritten for CRDs). */
export const ONEOF_META = 'x-gangway-oneof';

/** A proto `string`. */
export const str = z.string();
/** A proto `bool`. */
export const bool = z.boolean();
/** A proto `double` or `float`. */
export const double = z.number();
/** A proto `int32`. */
export const int32 = z.number().int().min(-2147483648).max(2147483647).meta({ format: 'int32' });
/** A proto `uint32`. */
export const uint32 = z.number().int().min(0).max(4294967295);
/** A proto `uint64` (JSON numbers; large values lose precision exactly as in Kubernetes). */
export const uint64 = z.number().int().min(0).meta({ format: 'int64' });
/** A google.protobuf.Duration as Kubernetes YAML writes it (`5s`, `1m30s`); checked by validators. */
export const duration = z.string().meta({ description: 'A duration such as 5s, 1m30s or 250ms.' });
/** A repeated string. */
export const strings = z.array(z.string());
/** A map<string, string>. */
export const stringMap = z.record(z.string(), z.string());
/** A google.protobuf.Struct: any JSON object, kept as it is. */
export const struct = z
  .record(z.string(), z.unknown())
  .meta({ 'x-kubernetes-preserve-unknown-fields': true });
/** istio.networking Percent: `{ value: double }`. */
export const percent = z.strictObject({ value: double }).partial();

/** Options of {@link message}. */
export interface MessageOptions<K extends string> {
  /** Fields the API marks REQUIRED: listed in the CRD; validators report their absence. */
  readonly required?: readonly K[];
  /** Groups of fields of which at most one may be set (proto `oneof`). */
  readonly oneOf?: ReadonlyArray<readonly K[]>;
}

function oneOfMessage(group: readonly string[]): string {
  return `only one of ${group.join(', ')} may be set`;
}

/**
 * A proto message: a strict object whose fields are all optional, with its one-of groups enforced
 * (an issue on the second field set, so repair can drop it) and its required fields in metadata.
 */
export function message<S extends z.core.$ZodLooseShape>(
  shape: S,
  options: MessageOptions<keyof S & string> = {},
) {
  const groups = options.oneOf ?? [];
  const meta: Record<string, unknown> = {};
  if (groups.length > 0) meta[ONEOF_META] = groups.map((g) => [...g]);
  if ((options.required ?? []).length > 0) meta.required = [...(options.required ?? [])];
  return z
    .strictObject(shape)
    .partial()
    .superRefine((value, ctx) => {
      const record = value as Record<string, unknown>;
      for (const group of groups) {
        const present = group.filter((key) => record[key] !== undefined);
        for (const key of present.slice(1)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: oneOfMessage(group),
            params: { gw: 'GW-SCHEMA-ONEOF' },
          });
        }
      }
    })
    .meta(meta);
}

/** A proto enum given by its value names. */
export function protoEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values);
}

/** istio.type.v1beta1.WorkloadSelector: `{ matchLabels }`. */
export const workloadSelector = message({ matchLabels: stringMap });

/** istio.networking.v1alpha3.WorkloadSelector: `{ labels }` (Sidecar, ServiceEntry, EnvoyFilter). */
export const alphaWorkloadSelector = message({ labels: stringMap });

/** istio.type.v1beta1.PolicyTargetReference. */
export const targetRef = message(
  { group: str, kind: str, name: str, namespace: str },
  { required: ['kind', 'name'] },
);
