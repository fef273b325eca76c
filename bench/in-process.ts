import { evaluatePod, applyApiServerDefaults } from '../src/podsecurity/index.js';
import { validateMeshObject } from '../src/validation/index.js';

/** Runs `fn` for about `ms` of wall time after a warm-up and returns operations per second and µs per op. */
function measure(
  fn: () => unknown,
  ms = 2000,
): { opsPerSecond: number; microsPerOp: number; cpuMicrosPerOp: number } {
  for (let i = 0; i < 20_000; i++) fn();
  let ops = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
  }
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuStart);
  return {
    opsPerSecond: Math.round((ops / elapsedNs) * 1e9),
    microsPerOp: Math.round((elapsedNs / ops / 1000) * 1000) / 1000,
    cpuMicrosPerOp: Math.round(((cpu.user + cpu.system) / ops) * 1000) / 1000,
  };
}

const typicalMetadata = { name: 'web', namespace: 'shop', labels: { app: 'web' } };

/** A typical application pod spec that passes restricted. */
export const typicalRestrictedSpec = applyApiServerDefaults({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'web',
      image: 'registry.example/web:1.4.2',
      ports: [{ containerPort: 8080 }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
    {
      name: 'shipper',
      image: 'registry.example/shipper:2.0',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  ],
  volumes: [
    { name: 'logs', emptyDir: {} },
    { name: 'cfg', configMap: { name: 'web' } },
  ],
});

const virtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    hosts: ['reviews.bookinfo.svc.cluster.local'],
    gateways: ['mesh', 'bookinfo/gateway'],
    http: [
      {
        match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { prefix: '/api' } }],
        route: [{ destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } } }],
        timeout: '2s',
        retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx,reset' },
      },
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
        ],
        fault: { delay: { percentage: { value: 0.1 }, fixedDelay: '5s' } },
      },
    ],
  },
};

/** In-process figures: Pod Security evaluation cost and VirtualService validations per second. */
export function benchInProcess(): void {
  const pod = { spec: typicalRestrictedSpec, metadata: typicalMetadata };
  const policy = { level: 'restricted', version: 'latest' } as Parameters<typeof evaluatePod>[2];
  if (evaluatePod(pod.spec, pod.metadata, policy).length !== 0)
    console.log('(warning: the typical pod violates restricted)');
  const psa = measure(() => evaluatePod(pod.spec, pod.metadata, policy));
  console.log('\n## In-process');
  console.log('| what | ops/s | µs/op (wall) | µs/op (CPU) |');
  console.log('|---|---|---|---|');
  console.log(
    `| evaluatePod restricted:latest, typical 2-container pod | ${psa.opsPerSecond} | ${psa.microsPerOp} | ${psa.cpuMicrosPerOp} |`,
  );
  const findings = validateMeshObject(virtualService);
  if (findings === undefined || findings.some((f) => f.severity === 'error'))
    console.log('(warning: the VirtualService is not valid)');
  const vs = measure(() => validateMeshObject(virtualService));
  console.log(
    `| validateMeshObject VirtualService (2 rules, match, retries, fault) | ${vs.opsPerSecond} | ${vs.microsPerOp} | ${vs.cpuMicrosPerOp} |`,
  );
}
