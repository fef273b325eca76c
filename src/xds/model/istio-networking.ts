import { z } from 'zod';
import { ObjectMetaSchema, StringMapSchema } from '../../kube/types.js';

/**
 * The Istio networking kinds translation reads (networking.istio.io v1/v1beta1/v1alpha3 share the
 * shape). Loose and permissive: the validation webhook judges configs; translation reads what it
 * understands and reports the rest.
 */

const Meta = ObjectMetaSchema.extend({ name: z.string().min(1) });
const Strings = z.array(z.string()).nullish();

/** A StringMatch: one of exact, prefix or regex. */
export const StringMatchSchema = z.looseObject({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  regex: z.string().optional(),
});
export type StringMatch = z.infer<typeof StringMatchSchema>;

const WorkloadSelector = z.looseObject({ labels: StringMapSchema.nullish() });

/** A WorkloadEntry spec (also the inline endpoints of a ServiceEntry). */
export const WorkloadEntrySpecSchema = z.looseObject({
  address: z.string().optional(),
  ports: z.record(z.string(), z.number().int()).nullish(),
  labels: StringMapSchema.nullish(),
  locality: z.string().optional(),
  weight: z.number().int().optional(),
  serviceAccount: z.string().optional(),
  network: z.string().optional(),
});
export type WorkloadEntrySpec = z.infer<typeof WorkloadEntrySpecSchema>;

/** A WorkloadEntry. */
export const WorkloadEntrySchema = z.looseObject({
  kind: z.literal('WorkloadEntry'),
  metadata: Meta,
  spec: WorkloadEntrySpecSchema,
});
export type WorkloadEntry = z.infer<typeof WorkloadEntrySchema>;

/** A ServiceEntry. */
export const ServiceEntrySchema = z.looseObject({
  kind: z.literal('ServiceEntry'),
  metadata: Meta,
  spec: z.looseObject({
    hosts: z.array(z.string()).min(1),
    addresses: Strings,
    ports: z
      .array(
        z.looseObject({
          number: z.number().int(),
          name: z.string().optional(),
          protocol: z.string().optional(),
          targetPort: z.number().int().optional(),
        }),
      )
      .nullish(),
    location: z.string().optional(),
    resolution: z.string().optional(),
    endpoints: z.array(WorkloadEntrySpecSchema).nullish(),
    workloadSelector: WorkloadSelector.nullish(),
    exportTo: Strings,
    subjectAltNames: Strings,
  }),
});
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;

const Destination = z.looseObject({
  host: z.string(),
  subset: z.string().optional(),
  port: z.looseObject({ number: z.number().int().optional() }).nullish(),
});

const Percent = z.looseObject({ value: z.number().optional() }).nullish();

/** One HTTP match of a VirtualService route. */
export const HttpMatchSchema = z.looseObject({
  name: z.string().optional(),
  uri: StringMatchSchema.nullish(),
  method: StringMatchSchema.nullish(),
  authority: StringMatchSchema.nullish(),
  headers: z.record(z.string(), StringMatchSchema).nullish(),
  withoutHeaders: z.record(z.string(), StringMatchSchema).nullish(),
  queryParams: z.record(z.string(), StringMatchSchema).nullish(),
  port: z.number().int().optional(),
  sourceLabels: StringMapSchema.nullish(),
  sourceNamespace: z.string().optional(),
  gateways: Strings,
  ignoreUriCase: z.boolean().optional(),
});
export type HttpMatch = z.infer<typeof HttpMatchSchema>;

/** One HTTP route of a VirtualService. */
export const HttpRouteSchema = z.looseObject({
  name: z.string().optional(),
  match: z.array(HttpMatchSchema).nullish(),
  route: z
    .array(z.looseObject({ destination: Destination, weight: z.number().int().optional() }))
    .nullish(),
  redirect: z
    .looseObject({
      uri: z.string().optional(),
      authority: z.string().optional(),
      redirectCode: z.number().int().optional(),
    })
    .nullish(),
  rewrite: z
    .looseObject({ uri: z.string().optional(), authority: z.string().optional() })
    .nullish(),
  timeout: z.string().optional(),
  retries: z
    .looseObject({
      attempts: z.number().int().optional(),
      perTryTimeout: z.string().optional(),
      retryOn: z.string().optional(),
    })
    .nullish(),
  fault: z
    .looseObject({
      delay: z
        .looseObject({
          fixedDelay: z.string().optional(),
          percentage: Percent,
          percent: z.number().optional(),
        })
        .nullish(),
      abort: z
        .looseObject({
          httpStatus: z.number().int().optional(),
          grpcStatus: z.string().optional(),
          percentage: Percent,
        })
        .nullish(),
    })
    .nullish(),
  mirror: Destination.nullish(),
  mirrorPercentage: Percent,
  headers: z.looseObject({}).nullish(),
});
export type HttpRoute = z.infer<typeof HttpRouteSchema>;

/** A VirtualService. */
export const VirtualServiceSchema = z.looseObject({
  kind: z.literal('VirtualService'),
  metadata: Meta,
  spec: z.looseObject({
    hosts: z.array(z.string()).nullish(),
    gateways: Strings,
    http: z.array(HttpRouteSchema).nullish(),
    exportTo: Strings,
  }),
});
export type VirtualService = z.infer<typeof VirtualServiceSchema>;
