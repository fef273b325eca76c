import type { FileSystem } from '../../shared/fs/index.js';
import { dirnameOf } from '../../shared/fs/index.js';
import { DEFAULT_SERVER_LISTENER_TEMPLATE } from '../resources/names.js';
import { IDENTITY_PROVIDER, ROOT_PROVIDER } from '../translate/tls.js';

/** Certificate files the agent keeps fresh; gRPC's file_watcher provider re-reads them. */
export interface BootstrapCertificates {
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  readonly caCertificateFile: string;
  /** How often gRPC re-reads the files; `900s` by default (rotation happens well before expiry). */
  readonly refreshInterval?: string;
}

/** Options of {@link buildGrpcBootstrap}. */
export interface GrpcBootstrapOptions {
  /** Where the xDS server is: the agent's local proxy, e.g. `unix:///var/run/gangway/xds.sock`. */
  readonly serverUri: string;
  readonly nodeId: string;
  readonly cluster?: string;
  /** Node metadata: `GENERATOR: grpc` is added; pass NAMESPACE, LABELS, SERVICE_ACCOUNT, INSTANCE_IPS. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly certificates?: BootstrapCertificates;
  readonly serverListenerTemplate?: string;
}

/** A gRPC xDS bootstrap (the JSON `GRPC_XDS_BOOTSTRAP` names), as gRPC's A27/A29/A36 define it. */
export interface GrpcBootstrap {
  readonly xds_servers: readonly {
    readonly server_uri: string;
    readonly channel_creds: readonly { readonly type: string }[];
    readonly server_features: readonly string[];
  }[];
  readonly node: {
    readonly id: string;
    readonly cluster: string;
    readonly metadata: Readonly<Record<string, unknown>>;
    readonly locality: Readonly<Record<string, string>>;
  };
  readonly certificate_providers?: Readonly<Record<string, unknown>>;
  readonly server_listener_resource_name_template: string;
}

/** The Istio-style node id of a proxyless workload: `sidecar~<ip>~<pod>.<ns>~<ns>.svc.<suffix>`. */
export function grpcNodeId(parts: {
  ip: string;
  pod: string;
  namespace: string;
  domainSuffix?: string;
}): string {
  const suffix = parts.domainSuffix ?? 'cluster.local';
  return `sidecar~${parts.ip}~${parts.pod}.${parts.namespace}~${parts.namespace}.svc.${suffix}`;
}

/**
 * Builds the bootstrap of a proxyless gRPC application: one plaintext xDS server (the agent's local
 * proxy, which carries the pod's token upstream over TLS), the node, certificate providers
 * `default` (workload certificate) and `ROOTCA` (mesh root), and the server listener template.
 */
export function buildGrpcBootstrap(options: GrpcBootstrapOptions): GrpcBootstrap {
  const certs = options.certificates;
  const refresh = certs?.refreshInterval ?? '900s';
  return {
    xds_servers: [
      {
        server_uri: options.serverUri,
        channel_creds: [{ type: 'insecure' }],
        server_features: ['xds_v3'],
      },
    ],
    node: {
      id: options.nodeId,
      cluster: options.cluster ?? '',
      metadata: { ...options.metadata, GENERATOR: 'grpc' },
      locality: {},
    },
    ...(certs
      ? {
          certificate_providers: {
            [IDENTITY_PROVIDER]: {
              plugin_name: 'file_watcher',
              config: {
                certificate_file: certs.certificateFile,
                private_key_file: certs.privateKeyFile,
                ca_certificate_file: certs.caCertificateFile,
                refresh_interval: refresh,
              },
            },
            [ROOT_PROVIDER]: {
              plugin_name: 'file_watcher',
              config: { ca_certificate_file: certs.caCertificateFile, refresh_interval: refresh },
            },
          },
        }
      : {}),
    server_listener_resource_name_template:
      options.serverListenerTemplate ?? DEFAULT_SERVER_LISTENER_TEMPLATE,
  };
}

/** Writes the bootstrap atomically (readers never see half a file), mode 0644. */
export async function writeGrpcBootstrap(
  fs: Pick<FileSystem, 'writeFileAtomic' | 'mkdir'>,
  path: string,
  options: GrpcBootstrapOptions,
): Promise<GrpcBootstrap> {
  const bootstrap = buildGrpcBootstrap(options);
  await fs.mkdir(dirnameOf(path));
  await fs.writeFileAtomic(path, `${JSON.stringify(bootstrap, null, 2)}\n`, { mode: 0o644 });
  return bootstrap;
}
