import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { joinPath, type FileSystem } from '../shared/fs/file-system.js';
import { GangwayError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { grpcNodeId, writeGrpcBootstrap } from '../xds/proxy/grpc-bootstrap.js';
import { createXdsProxy, type XdsProxy } from '../xds/proxy/xds-proxy.js';
import { AGENT_DEFAULTS, type AgentPodInfo, type AgentXdsOptions } from './agent-options.js';
import { CERT_FILES } from './cert-files.js';
import { parseDownwardLabels } from './pod-labels.js';
import type { CertManager } from './cert-manager.js';
import { registerXdsStreamsGauge } from './metrics.js';
import type { PinnedRoots } from './pinned-roots.js';

/** What the agent's xDS part needs from the rest of the agent. */
export interface AgentXdsContext {
  readonly options: AgentXdsOptions;
  readonly certDir: string;
  readonly tokenPath: string;
  readonly pinned: PinnedRoots;
  readonly files: FileSystem;
  readonly logger: Logger;
  /** Where the open-streams gauge goes. */
  readonly registry: Registry;
}

/** The running xDS proxy of the agent. */
export interface AgentXds {
  readonly proxy: XdsProxy;
  /** The first TCP endpoint's bound port (0 when the proxy listens on Unix sockets only). */
  readonly port: number;
  /** Where the bootstrap is (or will be, once the first certificate is in place). */
  readonly bootstrapPath: string;
  /** Where the bootstrap points the app: the first plaintext endpoint. */
  readonly serverUri: string;
  /** Writes the bootstrap; called once the first certificate is in place. */
  writeBootstrap(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the xDS proxy: plaintext on the pod's loopback (or a Unix socket), TLS upstream verified
 * against the pinned roots (followed on change), the projected token read for each stream.
 */
export async function startAgentXds(context: AgentXdsContext): Promise<AgentXds> {
  const { options, pinned, files } = context;
  const listen = options.listen ?? [AGENT_DEFAULTS.xdsListen];
  const credentials = (): grpc.ChannelCredentials =>
    grpc.credentials.createSsl(Buffer.from(pinned.roots().join('')));
  const proxy = createXdsProxy({
    upstreamAddress: options.discoveryAddress,
    upstreamCredentials: credentials(),
    upstreamOptions: options.serverName
      ? {
          'grpc.ssl_target_name_override': options.serverName,
          'grpc.default_authority': options.serverName,
        }
      : {},
    token: () => readToken(files, context.tokenPath),
    listen,
    logger: context.logger,
  });
  const stopFollowing = pinned.onChange(() => proxy.replaceUpstreamCredentials(credentials()));
  const port = await proxy.start().catch(async (error: unknown) => {
    stopFollowing();
    await proxy.close();
    throw error;
  });
  registerXdsStreamsGauge(context.registry, () => proxy.streams());
  const serverUri = localServerUri(listen[0] ?? AGENT_DEFAULTS.xdsListen, port);
  const bootstrapPath =
    options.bootstrapPath ?? joinPath(context.certDir, AGENT_DEFAULTS.grpcBootstrapName);
  return {
    proxy,
    port,
    bootstrapPath,
    serverUri,
    writeBootstrap: () => writeAgentBootstrap(context, bootstrapPath, serverUri),
    close: async () => {
      stopFollowing();
      await proxy.close();
    },
  };
}

/**
 * Writes the gRPC bootstrap once a certificate is in place: an app that starts on it finds the
 * files its certificate providers name. A failed write is retried at the next certificate change.
 */
export function writeBootstrapOnFirstCertificate(
  manager: Pick<CertManager, 'onChange'>,
  xds: Pick<AgentXds, 'writeBootstrap'>,
  logger: Logger,
): void {
  let state: 'waiting' | 'writing' | 'written' = 'waiting';
  const off = manager.onChange((certificate) => {
    if (!certificate || state !== 'waiting') return;
    state = 'writing';
    xds.writeBootstrap().then(
      () => {
        state = 'written';
        off();
      },
      (error: unknown) => {
        state = 'waiting';
        logger.error({ err: error }, 'could not write the gRPC xDS bootstrap');
      },
    );
  });
}

/** The `server_uri` of a listen address: a port 0 request is replaced by the bound port. */
export function localServerUri(listen: string, boundPort: number): string {
  if (listen.startsWith('unix:')) return listen;
  return listen.endsWith(':0') ? `${listen.slice(0, -2)}:${boundPort}` : listen;
}

async function readToken(files: FileSystem, tokenPath: string): Promise<string> {
  try {
    // Read for every stream: the kubelet rotates the projected token, and a stream outlives it.
    return (await files.readFile(tokenPath)).toString('utf8').trim();
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_AGENT_TOKEN_READ', tokenPath, { cause: error });
  }
}

async function writeAgentBootstrap(
  context: AgentXdsContext,
  path: string,
  serverUri: string,
): Promise<void> {
  const { options, certDir } = context;
  const pod = options.pod;
  const labels = await readLabels(context, pod);
  await writeGrpcBootstrap(context.files, path, {
    serverUri,
    nodeId: grpcNodeId({
      ip: pod.ip,
      pod: pod.name,
      namespace: pod.namespace,
      ...(options.domainSuffix ? { domainSuffix: options.domainSuffix } : {}),
    }),
    cluster: `${labels['app'] ?? pod.name}.${pod.namespace}`,
    metadata: {
      NAME: pod.name,
      NAMESPACE: pod.namespace,
      LABELS: labels,
      INSTANCE_IPS: pod.ip,
      ...(pod.serviceAccount ? { SERVICE_ACCOUNT: pod.serviceAccount } : {}),
    },
    certificates: {
      certificateFile: joinPath(certDir, CERT_FILES.chain),
      privateKeyFile: joinPath(certDir, CERT_FILES.key),
      caCertificateFile: joinPath(certDir, CERT_FILES.root),
    },
  });
  context.logger.info({ path, serverUri }, 'wrote the gRPC xDS bootstrap');
}

/** The pod's labels from the downward API file; none (logged) when it cannot be read. */
async function readLabels(
  context: AgentXdsContext,
  pod: AgentPodInfo,
): Promise<Record<string, string>> {
  if (!pod.labelsPath) return {};
  const text = await context.files.readFileIfExists(pod.labelsPath).catch(() => undefined);
  if (text === undefined) {
    context.logger.warn({ path: pod.labelsPath }, 'pod labels unreadable; the node has none');
    return {};
  }
  return parseDownwardLabels(text.toString('utf8'));
}
