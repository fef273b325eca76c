/**
 * What `gangway agent` reads from its environment: the variables the injector sets on the
 * `gangway-proxy` container. This module and serve-config.ts are the only readers of process.env.
 */
export interface AgentEnvironment {
  caAddress: string | undefined;
  trustDomain: string | undefined;
  appProbers: string | undefined;
  prometheusAnnotations: string | undefined;
}

/** Reads the agent's environment variables. */
export function readAgentEnv(env: NodeJS.ProcessEnv = process.env): AgentEnvironment {
  return {
    caAddress: env['GANGWAY_CA_ADDRESS'],
    trustDomain: env['TRUST_DOMAIN'],
    appProbers: env['GANGWAY_KUBE_APP_PROBERS'],
    prometheusAnnotations: env['GANGWAY_PROMETHEUS_ANNOTATIONS'],
  };
}
