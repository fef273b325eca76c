import { type InstallSettings, appLabels, namespaceObject } from './install-objects.js';

/**
 * The node agent's install objects: its DaemonSet, ServiceAccount and read-only pod RBAC, and the
 * Pod Security labels its namespace needs. The agent is the one gangway component with privileges;
 * docs/node-agent.md gives the reason for each.
 */

/** The name of the DaemonSet, its ServiceAccount, ClusterRole and binding. */
export const NODE_AGENT_NAME = 'gangway-node-agent';

const agentLabels = {
  ...appLabels,
  'app.kubernetes.io/name': NODE_AGENT_NAME,
  'app.kubernetes.io/component': 'node-agent',
};

function meta(name: string, s: InstallSettings, namespaced = true): Record<string, unknown> {
  return namespaced
    ? { name, namespace: s.namespace, labels: agentLabels }
    : { name, labels: agentLabels };
}

/**
 * The install namespace, labelled so the node agent may run there: `enforce: privileged` (it needs
 * capabilities and hostPID), with `warn` and `audit` kept at restricted so that anything else in
 * the namespace that would break restricted is still reported.
 */
export function nodeAgentNamespaceObject(s: InstallSettings): object {
  const base = namespaceObject(s) as { metadata: { labels: Record<string, string> } };
  return {
    ...base,
    metadata: {
      ...base.metadata,
      labels: {
        ...base.metadata.labels,
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
      },
    },
  };
}

/** ServiceAccount, ClusterRole (get, list, watch pods; nothing else) and its binding. */
export function nodeAgentRbacObjects(s: InstallSettings): object[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NODE_AGENT_NAME, s) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(NODE_AGENT_NAME, s, false),
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(NODE_AGENT_NAME, s, false),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: NODE_AGENT_NAME,
      },
      subjects: [{ kind: 'ServiceAccount', name: NODE_AGENT_NAME, namespace: s.namespace }],
    },
  ];
}

/** The capabilities the agent adds (after dropping all); docs/node-agent.md says why each. */
export const NODE_AGENT_CAPABILITIES: readonly string[] = [
  'NET_ADMIN',
  'NET_RAW',
  'SYS_ADMIN',
  'SYS_PTRACE',
];

function agentContainer(s: InstallSettings): object {
  return {
    name: 'node-agent',
    image: s.image,
    args: ['node-agent', '--health-port=15014'],
    env: [
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'GANGWAY_LOG_LEVEL', value: 'info' },
    ],
    ports: [{ name: 'health', containerPort: 15014, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/readyz', port: 'health' }, periodSeconds: 5 },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'health' },
      periodSeconds: 10,
      failureThreshold: 6,
    },
    resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    securityContext: {
      // Root for the capabilities to be effective; nothing else: not privileged, no escalation.
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: [...NODE_AGENT_CAPABILITIES] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    // iptables-legacy takes its lock under /run; the root filesystem stays read-only.
    volumeMounts: [{ name: 'run', mountPath: '/run' }],
  };
}

/**
 * The DaemonSet: one agent on every node, whatever its taints (a pod in cni mode can land on any
 * node, and waits for the agent there); hostPID to find pod processes; never injected itself.
 */
export function nodeAgentDaemonSetObject(s: InstallSettings): object {
  const selector = { 'app.kubernetes.io/name': NODE_AGENT_NAME };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(NODE_AGENT_NAME, s),
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { ...agentLabels, 'sidecar.gangway.io/inject': 'false' } },
        spec: {
          serviceAccountName: NODE_AGENT_NAME,
          hostPID: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
          terminationGracePeriodSeconds: 5,
          containers: [agentContainer(s)],
          volumes: [{ name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }],
        },
      },
    },
  };
}

/** Every node agent object but the namespace, in apply order. */
export function nodeAgentObjects(s: InstallSettings): object[] {
  return [...nodeAgentRbacObjects(s), nodeAgentDaemonSetObject(s)];
}
