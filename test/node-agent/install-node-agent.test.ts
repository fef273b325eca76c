import { describe, expect, it } from 'vitest';
import { defaultInstallSettings } from '../../src/cli/install-objects.js';
import {
  NODE_AGENT_NAME,
  nodeAgentDaemonSetObject,
  nodeAgentNamespaceObject,
  nodeAgentObjects,
  nodeAgentRbacObjects,
} from '../../src/cli/install-node-agent.js';

interface Container {
  args: string[];
  env: unknown[];
  securityContext: unknown;
  readinessProbe: { httpGet: unknown };
  livenessProbe: { httpGet: unknown };
}
interface DaemonSet {
  metadata: unknown;
  spec: {
    template: {
      metadata: { labels: Record<string, string> };
      spec: Record<string, unknown> & {
        containers: Container[];
        volumes: { hostPath?: unknown }[];
      };
    };
  };
}
interface Named {
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  rules?: unknown;
}

const s = defaultInstallSettings;
const daemonSet = nodeAgentDaemonSetObject(s) as DaemonSet;
const podSpec = daemonSet.spec.template.spec;
const container = podSpec.containers[0]!;

describe('node agent install objects', () => {
  it('run one agent on every node, whatever its taints', () => {
    expect(daemonSet).toMatchObject({
      kind: 'DaemonSet',
      metadata: { namespace: 'gangway-system' },
    });
    expect(podSpec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(podSpec.nodeSelector).toBeUndefined();
    expect(podSpec.affinity).toBeUndefined();
    expect(podSpec.priorityClassName).toBe('system-node-critical');
  });

  it('grant exactly hostPID and the four capabilities, nothing more', () => {
    expect(podSpec.hostPID).toBe(true);
    expect(podSpec.hostNetwork).toBeUndefined();
    expect(podSpec.hostIPC).toBeUndefined();
    expect(podSpec.volumes.some((v) => v.hostPath)).toBe(false);
    expect(container.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'SYS_PTRACE'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('tell the agent its node and probe its health endpoints', () => {
    expect(container.args[0]).toBe('node-agent');
    expect(container.env).toContainEqual({
      name: 'NODE_NAME',
      valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(daemonSet.spec.template.metadata.labels['sidecar.gangway.io/inject']).toBe('false');
  });

  it('allow reading pods, and nothing else', () => {
    const [account, role, binding] = nodeAgentRbacObjects(s) as Named[];
    expect(account).toMatchObject({ kind: 'ServiceAccount', metadata: { name: NODE_AGENT_NAME } });
    expect(role!.kind).toBe('ClusterRole');
    expect(role!.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(binding).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: NODE_AGENT_NAME },
      subjects: [{ kind: 'ServiceAccount', name: NODE_AGENT_NAME, namespace: 'gangway-system' }],
    });
    expect(podSpec.serviceAccountName).toBe(NODE_AGENT_NAME);
    expect(nodeAgentObjects(s)).toHaveLength(4);
  });

  it('label the namespace privileged for enforcement, restricted for warnings and audit', () => {
    const ns = nodeAgentNamespaceObject(s) as Named;
    expect(ns.metadata.name).toBe('gangway-system');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'gangway.io/injection': 'disabled',
    });
  });
});
