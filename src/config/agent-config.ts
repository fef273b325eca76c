/**
 * What `gangway agent` reads from its environment: the variables the injector sets on the
 * `gangway-proxy` container. This module and serve-config.ts are the only readers of process.env.
 */
export interface AgentEnvironment {
  caAddress: string | undefined;
  discoveryAddress: string | undefined;
  trustDomain: string | undefined;
  appProbers: string | undefined;
  prometheusAnnotations: string | undefined;
  podName: string | undefined;
  podNamespace: string | undefined;
  serviceAccount: string | undefined;
  instanceIp: string | undefined;
}

/** Reads the agent's environment variables; an empty value counts as unset. */
export function readAgentEnv(env: NodeJS.ProcessEnv = process.env): AgentEnvironment {
  const read = (name: string): string | undefined => env[name] || undefined;
  return {
    caAddress: read('GANGWAY_CA_ADDRESS'),
    discoveryAddress: read('GANGWAY_DISCOVERY_ADDRESS'),
    trustDomain: read('TRUST_DOMAIN'),
    appProbers: read('GANGWAY_KUBE_APP_PROBERS'),
    prometheusAnnotations: read('GANGWAY_PROMETHEUS_ANNOTATIONS'),
    podName: read('POD_NAME'),
    podNamespace: read('POD_NAMESPACE'),
    serviceAccount: read('SERVICE_ACCOUNT'),
    instanceIp: read('INSTANCE_IP'),
  };
}
