import { z } from 'zod';
import { ObjectMetaSchema, StringMapSchema } from '../../kube/types.js';

/** DestinationRule, Sidecar, PeerAuthentication and AuthorizationPolicy, as translation reads them. */

const Meta = ObjectMetaSchema.extend({ name: z.string().min(1) });
const Strings = z.array(z.string()).nullish();
const Selector = z.looseObject({ matchLabels: StringMapSchema.nullish() }).nullish();
const WorkloadSelector = z.looseObject({ labels: StringMapSchema.nullish() }).nullish();

/** A DestinationRule's traffic policy (also per port and per subset). */
export const TrafficPolicySchema = z.looseObject({
  loadBalancer: z
    .looseObject({
      simple: z.string().optional(),
      consistentHash: z
        .looseObject({
          httpHeaderName: z.string().optional(),
          useSourceIp: z.boolean().optional(),
          httpQueryParameterName: z.string().optional(),
          minimumRingSize: z.number().int().optional(),
          ringHash: z.looseObject({ minimumRingSize: z.number().int().optional() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  connectionPool: z
    .looseObject({
      tcp: z
        .looseObject({
          maxConnections: z.number().int().optional(),
          connectTimeout: z.string().optional(),
        })
        .nullish(),
      http: z
        .looseObject({
          http1MaxPendingRequests: z.number().int().optional(),
          http2MaxRequests: z.number().int().optional(),
          maxRequestsPerConnection: z.number().int().optional(),
          maxRetries: z.number().int().optional(),
        })
        .nullish(),
    })
    .nullish(),
  outlierDetection: z
    .looseObject({
      consecutive5xxErrors: z.number().int().optional(),
      consecutiveGatewayErrors: z.number().int().optional(),
      interval: z.string().optional(),
      baseEjectionTime: z.string().optional(),
      maxEjectionPercent: z.number().int().optional(),
      minHealthPercent: z.number().int().optional(),
    })
    .nullish(),
  tls: z
    .looseObject({
      mode: z.string().optional(),
      sni: z.string().optional(),
      subjectAltNames: Strings,
      clientCertificate: z.string().optional(),
      privateKey: z.string().optional(),
      caCertificates: z.string().optional(),
    })
    .nullish(),
});
export type TrafficPolicy = z.infer<typeof TrafficPolicySchema>;

const PortTrafficPolicy = TrafficPolicySchema.extend({
  port: z.looseObject({ number: z.number().int().optional() }).nullish(),
});

/** A DestinationRule. */
export const DestinationRuleSchema = z.looseObject({
  kind: z.literal('DestinationRule'),
  metadata: Meta,
  spec: z.looseObject({
    host: z.string(),
    trafficPolicy: TrafficPolicySchema.extend({
      portLevelSettings: z.array(PortTrafficPolicy).nullish(),
    }).nullish(),
    subsets: z
      .array(
        z.looseObject({
          name: z.string(),
          labels: StringMapSchema.nullish(),
          trafficPolicy: TrafficPolicySchema.nullish(),
        }),
      )
      .nullish(),
    exportTo: Strings,
    workloadSelector: WorkloadSelector,
  }),
});
export type DestinationRule = z.infer<typeof DestinationRuleSchema>;

/** A Sidecar: which hosts a workload's proxy sees. */
export const SidecarSchema = z.looseObject({
  kind: z.literal('Sidecar'),
  metadata: Meta,
  spec: z.looseObject({
    workloadSelector: WorkloadSelector,
    egress: z.array(z.looseObject({ hosts: z.array(z.string()) })).nullish(),
  }),
});
export type Sidecar = z.infer<typeof SidecarSchema>;

const MtlsMode = z.looseObject({ mode: z.string().optional() }).nullish();

/** A PeerAuthentication. */
export const PeerAuthenticationSchema = z.looseObject({
  kind: z.literal('PeerAuthentication'),
  metadata: Meta,
  spec: z
    .looseObject({
      selector: Selector,
      mtls: MtlsMode,
      portLevelMtls: z.record(z.string(), z.looseObject({ mode: z.string().optional() })).nullish(),
    })
    .prefault({}),
});
export type PeerAuthentication = z.infer<typeof PeerAuthenticationSchema>;

const Source = z.looseObject({
  principals: Strings,
  notPrincipals: Strings,
  namespaces: Strings,
  notNamespaces: Strings,
  ipBlocks: Strings,
  notIpBlocks: Strings,
  requestPrincipals: Strings,
});
const Operation = z.looseObject({
  hosts: Strings,
  notHosts: Strings,
  ports: Strings,
  notPorts: Strings,
  methods: Strings,
  notMethods: Strings,
  paths: Strings,
  notPaths: Strings,
});

/** One rule of an AuthorizationPolicy. */
export const AuthorizationRuleSchema = z.looseObject({
  from: z.array(z.looseObject({ source: Source.nullish() })).nullish(),
  to: z.array(z.looseObject({ operation: Operation.nullish() })).nullish(),
  when: z.array(z.looseObject({ key: z.string(), values: Strings, notValues: Strings })).nullish(),
});
export type AuthorizationRule = z.infer<typeof AuthorizationRuleSchema>;
export type AuthorizationSource = z.infer<typeof Source>;
export type AuthorizationOperation = z.infer<typeof Operation>;

/** An AuthorizationPolicy. */
export const AuthorizationPolicySchema = z.looseObject({
  kind: z.literal('AuthorizationPolicy'),
  metadata: Meta,
  spec: z
    .looseObject({
      selector: Selector,
      action: z.string().optional(),
      rules: z.array(AuthorizationRuleSchema).nullish(),
    })
    .prefault({}),
});
export type AuthorizationPolicy = z.infer<typeof AuthorizationPolicySchema>;
