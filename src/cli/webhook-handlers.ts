import type { MeshConfig } from '../config/mesh-config.js';
import type { NamespaceLookup } from '../kube/namespaces.js';
import type { AdmissionHandler } from '../admission/handler.js';
import { createKindRegistryHandler } from '../admission/handler.js';
import { createInjectionHandler } from '../injection/index.js';

/** What the webhooks are built from. */
export interface WebhookDependencies {
  mesh: MeshConfig;
  namespaces: NamespaceLookup;
  clusterVersion: { major: number; minor: number } | undefined;
}

/** Builds the two webhook handlers `gangway serve` mounts, from the features' pure cores. */
export function buildWebhookHandlers(deps: WebhookDependencies): {
  inject: AdmissionHandler;
  validate: AdmissionHandler;
} {
  return {
    inject: createInjectionHandler(deps),
    validate: createKindRegistryHandler('validate', []),
  };
}
