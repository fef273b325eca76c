/**
 * The xDS control plane: ADS server over an immutable snapshot cache, translation of mesh config
 * for proxyless gRPC and Envoy, config sources, the agent-side proxy and bootstrap, debug handlers.
 */
export { startXds, translateOptionsFrom, type RunningXds, type StartXdsOptions } from './start.js';
export {
  createXdsServer,
  type XdsServer,
  type XdsServerOptions,
  type BindOptions,
  type Authenticator,
  type CallerIdentity,
} from './server/ads-server.js';
export { bearerTokenAuthenticator, type TokenAuthenticator } from './server/authenticate.js';
export type { AdsStream, TypeStatus } from './server/ads-stream.js';
export * from './cache/index.js';
export { createPublisher, type Publisher, type PublishReport } from './publish/publisher.js';
export {
  createStaticSource,
  type ConfigSource,
  type StaticConfigSource,
} from './sources/config-source.js';
export {
  createYamlDirectorySource,
  type YamlDirectoryFs,
  type YamlDirectoryOptions,
  type YamlDirectorySource,
} from './sources/yaml-directory.js';
export {
  createKubeSource,
  type KubeSource,
  type KubeSourceOptions,
  type ObjectWatch,
  type WatchFactory,
} from './sources/kube-source.js';
export { createInformerWatches } from './sources/kube-informers.js';
export {
  parseConfigObjects,
  emptyConfigSet,
  mergeConfigSets,
  type ConfigSet,
  type ConfigKind,
  type ConfigProblem,
} from './model/config-set.js';
export type { XdsNode } from './model/node.js';
export { createXdsProxy, type XdsProxy, type XdsProxyOptions } from './proxy/xds-proxy.js';
export {
  buildGrpcBootstrap,
  writeGrpcBootstrap,
  grpcNodeId,
  type GrpcBootstrap,
  type GrpcBootstrapOptions,
  type BootstrapCertificates,
} from './proxy/grpc-bootstrap.js';
export { createDebugHandlers, type DebugHandlers, type DebugResponse } from './debug/handlers.js';
export { createXdsMetrics, noXdsMetrics, type XdsMetrics } from './metrics.js';
export { buildMeshIndex, type MeshIndex } from './translate/mesh-index.js';
export {
  translateProxy,
  buildProxySnapshot,
  type ProxyTranslation,
} from './translate/translate-proxy.js';
export { proxyInfoFromNode, proxyGroupKey } from './translate/proxy-info.js';
export type { ProxyInfo, TranslateOptions, TranslationNote } from './translate/types.js';
export { loadEnvoyProtos, type EnvoyProtos, type ProtoObject } from './resources/envoy-protos.js';
export { DEFAULT_SERVER_LISTENER_TEMPLATE } from './resources/names.js';
export { KIND_TYPE_URLS, type ResourceKind } from './resources/type-urls.js';
