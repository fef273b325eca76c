import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { resolveProtoRoot } from '../../shared/fs/proto-paths.js';
import type { AppProbe } from './app-probers.js';

/** The outcome of a probe, as the HTTP status to give the kubelet. */
export interface ProbeResult {
  status: number;
  detail: string;
}

/** Runs one app probe against `host` (the pod's loopback unless the probe names a host). */
export async function runAppProbe(probe: AppProbe, host: string): Promise<ProbeResult> {
  const timeoutMs = probe.timeoutSeconds * 1000;
  try {
    if (probe.httpGet) return await probeHttp(probe.httpGet, probe.httpGet.host ?? host, timeoutMs);
    if (probe.tcpSocket)
      return await probeTcp(probe.tcpSocket.port, probe.tcpSocket.host ?? host, timeoutMs);
    if (probe.grpc)
      return await probeGrpc(probe.grpc.port, probe.grpc.service ?? '', host, timeoutMs);
    return { status: 500, detail: 'no probe action' };
  } catch (error) {
    // The app did not answer: the probe failed, it is not the agent that is unavailable.
    return { status: 503, detail: error instanceof Error ? error.message : String(error) };
  }
}

function probeHttp(
  action: NonNullable<AppProbe['httpGet']>,
  host: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const https = action.scheme.toUpperCase() === 'HTTPS';
  const headers = Object.fromEntries(
    action.httpHeaders.map((header) => [header.name, header.value]),
  );
  const options = {
    host,
    port: action.port,
    path: action.path,
    headers: { 'user-agent': 'kube-probe/gangway', ...headers },
    // The kubelet does not verify an app's probe certificate; the probe it delegated to us does not either.
    ...(https ? { rejectUnauthorized: false } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(options, (res) => {
      res.resume();
      const status = res.statusCode ?? 500;
      // The kubelet counts 200-399 as success; report success as 200, failures with the app's code.
      resolve({
        status: status >= 200 && status < 400 ? 200 : status,
        detail: `app answered ${status}`,
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function probeTcp(port: number, host: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, timeout: timeoutMs }, () => {
      socket.destroy();
      resolve({ status: 200, detail: 'connected' });
    });
    socket.on('timeout', () => socket.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    socket.on('error', reject);
  });
}

type HealthClient = grpc.Client & {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: { status?: string }) => void,
  ): void;
};
let healthClientConstructor: grpc.ServiceClientConstructor | undefined;

function probeGrpc(
  port: number,
  service: string,
  host: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  healthClientConstructor ??= (
    grpc.loadPackageDefinition(
      loadSync('grpc/health/v1/health.proto', {
        includeDirs: [resolveProtoRoot()],
        keepCase: true,
        enums: String,
      }),
    ) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } }
  ).grpc.health.v1.Health;
  // Like the kubelet's gRPC probe: plaintext to the app's own port.
  const client = new healthClientConstructor(
    `${host}:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as HealthClient;
  return new Promise((resolve) => {
    client.Check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
      client.close();
      if (error) resolve({ status: 503, detail: `${grpc.status[error.code]}: ${error.details}` });
      else if (response?.status === 'SERVING') resolve({ status: 200, detail: 'SERVING' });
      else resolve({ status: 503, detail: response?.status ?? 'UNKNOWN' });
    });
  });
}
