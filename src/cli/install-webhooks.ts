import { type InstallSettings, appLabels, SYSTEM_NAMESPACES } from './install-objects.js';

type Selector = {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
};

function clientConfig(s: InstallSettings, path: string): object {
  const service = { name: 'gangway', namespace: s.namespace, path, port: 443 };
  return s.caBundle
    ? { service, caBundle: Buffer.from(s.caBundle).toString('base64') }
    : { service };
}

const notSystem = (s: InstallSettings): Selector => ({
  key: 'kubernetes.io/metadata.name',
  operator: 'NotIn',
  values: [...SYSTEM_NAMESPACES, s.namespace],
});

const notOptedOut: Selector[] = [
  { key: 'sidecar.gangway.io/inject', operator: 'NotIn', values: ['false'] },
  { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] },
];

function injectionWebhook(
  s: InstallSettings,
  name: string,
  namespaceSelector: Selector[],
  objectSelector: Selector[],
): object {
  return {
    name,
    admissionReviewVersions: ['v1'],
    clientConfig: clientConfig(s, '/inject'),
    rules: [
      {
        apiGroups: [''],
        apiVersions: ['v1'],
        operations: ['CREATE'],
        resources: ['pods'],
        scope: 'Namespaced',
      },
    ],
    namespaceSelector: { matchExpressions: [...namespaceSelector, notSystem(s)] },
    objectSelector: { matchExpressions: objectSelector },
    // Fail closed: a pod created while gangway is down would run outside the mesh.
    failurePolicy: 'Fail',
    sideEffects: 'None',
    reinvocationPolicy: 'IfNeeded',
    timeoutSeconds: 10,
    matchPolicy: 'Equivalent',
  };
}

/**
 * The MutatingWebhookConfiguration. Label selectors cannot express "A or B", so each way a
 * namespace or pod can ask for injection is its own webhook entry, written so that at most one
 * entry matches any pod.
 */
export function mutatingWebhookObject(s: InstallSettings): object {
  const noGangwayLabels: Selector[] = [
    { key: 'gangway.io/injection', operator: 'DoesNotExist' },
    { key: 'gangway.io/rev', operator: 'DoesNotExist' },
  ];
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'gangway-sidecar-injector', labels: appLabels },
    webhooks: [
      injectionWebhook(
        s,
        'namespace.sidecar-injector.gangway.io',
        [{ key: 'gangway.io/injection', operator: 'In', values: ['enabled'] }],
        notOptedOut,
      ),
      injectionWebhook(
        s,
        'rev.namespace.sidecar-injector.gangway.io',
        [
          { key: 'gangway.io/rev', operator: 'In', values: [s.revision] },
          { key: 'gangway.io/injection', operator: 'DoesNotExist' },
        ],
        notOptedOut,
      ),
      injectionWebhook(
        s,
        'istio.namespace.sidecar-injector.gangway.io',
        [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }, ...noGangwayLabels],
        notOptedOut,
      ),
      injectionWebhook(
        s,
        'object.sidecar-injector.gangway.io',
        [...noGangwayLabels, { key: 'istio-injection', operator: 'DoesNotExist' }],
        [{ key: 'sidecar.gangway.io/inject', operator: 'In', values: ['true'] }],
      ),
      injectionWebhook(
        s,
        'defaults.pod-security.gangway.io',
        [
          { key: 'gangway.io/pod-security-defaults', operator: 'In', values: ['restricted'] },
          ...noGangwayLabels,
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ],
        [],
      ),
      injectionWebhook(
        s,
        'istio.object.sidecar-injector.gangway.io',
        [...noGangwayLabels, { key: 'istio-injection', operator: 'DoesNotExist' }],
        [
          { key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] },
          { key: 'sidecar.gangway.io/inject', operator: 'DoesNotExist' },
        ],
      ),
    ],
  };
}

const meshGroups = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
];

/**
 * The ValidatingWebhookConfiguration: mesh config, and pods with their controllers for Pod Security.
 * Both fail closed; gangway's own namespace and the system namespaces are left out so that gangway
 * can always start.
 */
export function validatingWebhookObject(s: InstallSettings): object {
  const common = {
    admissionReviewVersions: ['v1'],
    clientConfig: clientConfig(s, '/validate'),
    failurePolicy: 'Fail',
    sideEffects: 'None',
    timeoutSeconds: 10,
    matchPolicy: 'Equivalent',
  };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'gangway-validator', labels: appLabels },
    webhooks: [
      {
        name: 'mesh.validation.gangway.io',
        ...common,
        rules: [
          {
            apiGroups: meshGroups,
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['*'],
            scope: '*',
          },
        ],
      },
      {
        name: 'pods.validation.gangway.io',
        ...common,
        namespaceSelector: { matchExpressions: [notSystem(s)] },
        rules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: [
              'pods',
              'pods/ephemeralcontainers',
              'replicationcontrollers',
              'podtemplates',
            ],
            scope: 'Namespaced',
          },
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
            scope: 'Namespaced',
          },
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['namespaces'],
            scope: 'Cluster',
          },
          {
            apiGroups: ['batch'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['jobs', 'cronjobs'],
            scope: 'Namespaced',
          },
        ],
      },
    ],
  };
}
