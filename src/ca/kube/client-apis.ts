import {
  AuthenticationV1Api,
  CoordinationV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1ObjectMeta,
  type V1Secret,
} from '@kubernetes/client-node';
import type { ConfigMapApi, LeaseApi, NamespaceApi, SecretApi, TokenReviewer } from './apis.js';
import { compact, decodeData, encodeData, mapStatus } from './client-helpers.js';
import { createConfigMapApi, createNamespaceApi } from './client-config-maps.js';
import { createLeaseApi } from './client-leases.js';

/** The real implementations of the CA's Kubernetes interfaces. */
export interface KubeCaApis {
  secrets: SecretApi;
  configMaps: ConfigMapApi;
  namespaces: NamespaceApi;
  leases: LeaseApi;
  tokenReviewer: TokenReviewer;
}

/** Builds the CA's Kubernetes API slices over @kubernetes/client-node. */
export function createKubeCaApis(config: KubeConfig): KubeCaApis {
  const core = config.makeApiClient(CoreV1Api);
  return {
    secrets: createSecretApi(core),
    configMaps: createConfigMapApi(core, config),
    namespaces: createNamespaceApi(core, config),
    leases: createLeaseApi(config.makeApiClient(CoordinationV1Api)),
    tokenReviewer: createTokenReviewer(config.makeApiClient(AuthenticationV1Api)),
  };
}

function createSecretApi(core: CoreV1Api): SecretApi {
  const toBody = (namespace: string, name: string, secret: Parameters<SecretApi['create']>[2]) =>
    compact<V1Secret>({
      metadata: compact<V1ObjectMeta>({ name, namespace, resourceVersion: secret.resourceVersion }),
      type: secret.type,
      data: encodeData(secret.data),
    });
  return {
    read: async (namespace, name) => {
      const secret = await mapStatus(() => core.readNamespacedSecret({ name, namespace }), {
        404: undefined,
      });
      if (!secret) return undefined;
      return compact({
        data: decodeData(secret.data),
        type: secret.type,
        resourceVersion: secret.metadata?.resourceVersion,
      });
    },
    create: (namespace, name, secret) =>
      mapStatus(
        async () => {
          await core.createNamespacedSecret({ namespace, body: toBody(namespace, name, secret) });
          return 'created' as const;
        },
        { 409: 'exists' as const },
      ),
    replace: (namespace, name, secret) =>
      mapStatus(
        async () => {
          await core.replaceNamespacedSecret({
            name,
            namespace,
            body: toBody(namespace, name, secret),
          });
          return 'replaced' as const;
        },
        { 409: 'conflict' as const },
      ),
  };
}

function createTokenReviewer(authentication: AuthenticationV1Api): TokenReviewer {
  return {
    review: async (token, audiences) => {
      const review = await authentication.createTokenReview({
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenReview',
          spec: { token, audiences: [...audiences] },
        },
      });
      const status = review.status ?? {};
      return compact({
        authenticated: status.authenticated === true,
        username: status.user?.username,
        audiences: status.audiences,
        error: status.error,
      });
    },
  };
}
