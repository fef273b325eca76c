/** The certificate authority: issuing core, roots, caller authentication, gRPC API, distribution. */
export {
  startCa,
  type RunningCa,
  type CaSigners,
  type StartCaOptions,
  type SigningMode,
  type AuthenticationMode,
} from './start-ca.js';
export {
  createCaServer,
  addCaService,
  DEFAULT_SERVING_NAMES,
  type CaServer,
  type CaServerOptions,
} from './server/ca-server.js';
export {
  loadCaProto,
  CA_SERVICE_NAME,
  type IstioCertificateRequest,
  type IstioCertificateResponse,
} from './server/ca-proto.js';
export { REFUSAL_METADATA_KEY } from './server/ca-service.js';
export type { ServingNames } from './server/serving-identity.js';
export {
  createCertificateAuthority,
  type CertificateAuthority,
  type CertificateAuthorityOptions,
  type IssuedCertificate,
} from './authority.js';
export { refusalReasons, CaRefusal, isCaRefusal, type RefusalReason } from './refusals.js';
export { createCaMetrics, type CaMetrics } from './metrics.js';
export { buildSigner, type Signer, type SignerSource, type SignerMaterial } from './signer.js';
export {
  createSelfSignedRoots,
  type SelfSignedRoots,
  type SelfSignedRootsOptions,
} from './roots/self-signed-source.js';
export {
  createPluginSigners,
  PLUGIN_FILES,
  type PluginSigners,
  type PluginSignersOptions,
} from './roots/plugin-source.js';
export {
  createDirectoryRootStore,
  type RootStore,
  type StoredRootState,
} from './roots/root-store.js';
export {
  createSecretRootStore,
  CA_SECRET_NAME,
  type SecretRootStoreOptions,
} from './roots/secret-root-store.js';
export {
  spiffeIdOf,
  DEFAULT_CA_AUDIENCE,
  type Authenticator,
  type CallerIdentity,
} from './auth/identity.js';
export { createJwtAuthenticator, type JwtAuthenticatorOptions } from './auth/jwt-authenticator.js';
export { createTokenReviewAuthenticator } from './auth/token-review-authenticator.js';
export { createCachedAuthenticator } from './auth/cached-authenticator.js';
export {
  createFileKeySet,
  createDiscoveryKeySet,
  type IssuerKeySet,
  type GetJson,
} from './auth/jwks-source.js';
export { createHttpsGetJson } from './auth/https-json.js';
export {
  startRootDistribution,
  ROOT_DISTRIBUTION_LEASE,
  type RootDistribution,
} from './distribution/root-distribution.js';
export { ROOT_CONFIGMAP_NAME, ROOT_CONFIGMAP_KEY } from './distribution/root-distributor.js';
export { createLeaderElector, type LeaderElector } from './distribution/leader-election.js';
export type * from './kube/apis.js';
// Type only: client-apis.ts loads @kubernetes/client-node, which takes over a second to import.
// Import createKubeCaApis from './kube/client-apis.js' (lazily) where a cluster is used.
export type { KubeCaApis } from './kube/client-apis.js';
export { createMemoryKube, type MemoryKube } from './kube/memory-kube.js';
export { createCaCertificate } from './crypto/ca-certificate.js';
export {
  generateSigningKey,
  importSigningKey,
  toPem,
  type SigningKey,
} from './crypto/signing-key.js';
