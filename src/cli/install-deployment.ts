import { type InstallSettings, appLabels, meta, TLS_SECRET_NAME } from './install-objects.js';

const restrictedContainerSecurity = {
  runAsNonRoot: true,
  runAsUser: 1337,
  runAsGroup: 1337,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function container(s: InstallSettings): object {
  return {
    name: 'gangway',
    image: s.image,
    args: [
      'serve',
      '--tls-cert=/etc/gangway/tls/tls.crt',
      '--tls-key=/etc/gangway/tls/tls.key',
      '--state-dir=/var/run/gangway',
      '--config-dir=/etc/gangway/config',
    ],
    env: [
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'GANGWAY_LOG_LEVEL', value: 'info' },
    ],
    ports: [
      { name: 'webhook', containerPort: 8443, protocol: 'TCP' },
      { name: 'grpc-xds', containerPort: 15010, protocol: 'TCP' },
      { name: 'grpc', containerPort: 15012, protocol: 'TCP' },
      { name: 'health', containerPort: 15014, protocol: 'TCP' },
    ],
    readinessProbe: {
      httpGet: { path: '/readyz', port: 'health' },
      periodSeconds: 5,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'health' },
      periodSeconds: 10,
      failureThreshold: 6,
    },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    securityContext: restrictedContainerSecurity,
    volumeMounts: [
      { name: 'tls', mountPath: '/etc/gangway/tls', readOnly: true },
      { name: 'config', mountPath: '/etc/gangway/config', readOnly: true },
      { name: 'state', mountPath: '/var/run/gangway' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

/** The control-plane Deployment: 2 replicas spread across nodes, non-root, read-only root. */
export function deploymentObject(s: InstallSettings): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('gangway', s),
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'gangway' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { ...appLabels, 'sidecar.gangway.io/inject': 'false' } },
        spec: {
          serviceAccountName: 'gangway',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'gangway' } },
                  },
                },
              ],
            },
          },
          containers: [container(s)],
          volumes: [
            { name: 'tls', secret: { secretName: TLS_SECRET_NAME } },
            { name: 'config', configMap: { name: 'gangway-config', optional: true } },
            { name: 'state', emptyDir: {} },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          ],
        },
      },
    },
  };
}
