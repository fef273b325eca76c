import { z } from 'zod';
import { ObjectMetaSchema, StringMapSchema } from '../../kube/types.js';

/**
 * The Kubernetes objects xDS translation reads, as much as it reads of them. Loose: unknown fields
 * pass, because these come from the API server or from files written for it.
 */

const IntOrString = z.union([z.number().int(), z.string()]);
const Meta = ObjectMetaSchema.extend({ name: z.string().min(1) });

/** A port of a Service. */
export const ServicePortSchema = z.looseObject({
  name: z.string().optional(),
  port: z.number().int().min(1).max(65535),
  targetPort: IntOrString.optional(),
  protocol: z.string().optional(),
  appProtocol: z.string().optional(),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

/** A v1 Service. */
export const ServiceSchema = z.looseObject({
  kind: z.literal('Service'),
  metadata: Meta,
  spec: z.looseObject({
    ports: z.array(ServicePortSchema).nullish(),
    selector: StringMapSchema.nullish(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).nullish(),
    type: z.string().optional(),
    externalName: z.string().optional(),
  }),
});
export type Service = z.infer<typeof ServiceSchema>;

const ObjectReference = z.looseObject({
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});

/** A discovery.k8s.io/v1 EndpointSlice. */
export const EndpointSliceSchema = z.looseObject({
  kind: z.literal('EndpointSlice'),
  metadata: Meta,
  addressType: z.string().optional(),
  endpoints: z
    .array(
      z.looseObject({
        addresses: z.array(z.string()),
        conditions: z
          .looseObject({ ready: z.boolean().nullish(), terminating: z.boolean().nullish() })
          .nullish(),
        targetRef: ObjectReference.nullish(),
        nodeName: z.string().nullish(),
        zone: z.string().nullish(),
      }),
    )
    .nullish(),
  ports: z
    .array(z.looseObject({ name: z.string().nullish(), port: z.number().int().nullish() }))
    .nullish(),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

const EndpointAddress = z.looseObject({
  ip: z.string(),
  nodeName: z.string().nullish(),
  targetRef: ObjectReference.nullish(),
});

/** A v1 Endpoints (read when a Service has no EndpointSlices). */
export const EndpointsSchema = z.looseObject({
  kind: z.literal('Endpoints'),
  metadata: Meta,
  subsets: z
    .array(
      z.looseObject({
        addresses: z.array(EndpointAddress).nullish(),
        notReadyAddresses: z.array(EndpointAddress).nullish(),
        ports: z
          .array(z.looseObject({ name: z.string().nullish(), port: z.number().int() }))
          .nullish(),
      }),
    )
    .nullish(),
});
export type Endpoints = z.infer<typeof EndpointsSchema>;

/** A v1 Pod: labels, service account, IP and node, for endpoint labels and identities. */
export const PodSchema = z.looseObject({
  kind: z.literal('Pod'),
  metadata: Meta,
  spec: z
    .looseObject({
      serviceAccountName: z.string().optional(),
      nodeName: z.string().optional(),
    })
    .optional(),
  status: z.looseObject({ podIP: z.string().optional() }).optional(),
});
export type Pod = z.infer<typeof PodSchema>;

/** A v1 Node: only its topology labels (locality of the endpoints on it). */
export const NodeSchema = z.looseObject({ kind: z.literal('Node'), metadata: Meta });
export type KubeNode = z.infer<typeof NodeSchema>;
