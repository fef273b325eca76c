import * as grpc from '@grpc/grpc-js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock } from '../../../src/shared/clock.js';
import { createNodeFileSystem } from '../../../src/shared/fs/node-file-system.js';
import { runAgent, type AgentHandle } from '../../../src/agent/run-agent.js';
import { createManualTimers, type ManualTimers } from '../../../src/agent/timers.js';
import { loadSdsService } from '../../../src/agent/sds/sds-proto.js';
import type { AgentOptions } from '../../../src/agent/agent-options.js';
import { startTestCa, type TestCa } from './harness.js';

/** A CA and an agent on loopback, both on one manual clock. */
export interface AgentRig {
  ca: TestCa;
  agent: AgentHandle;
  clock: ReturnType<typeof createManualClock>;
  timers: ManualTimers;
  dir: string;
  certDir: string;
  tokenPath: string;
  rootPath: string;
  /** Writes a fresh token valid for two days from the manual now. */
  refreshToken(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the rig; `agentOptions` overrides the agent's options. */
export async function startAgentRig(agentOptions: Partial<AgentOptions> = {}): Promise<AgentRig> {
  const clock = createManualClock(Date.now());
  const timers = createManualTimers(clock);
  const ca = await startTestCa({ clock });
  const dir = await mkdtemp(join(tmpdir(), 'gangway-agent-'));
  const certDir = join(dir, 'certs');
  const tokenPath = join(dir, 'token');
  const rootPath = join(dir, 'root-cert.pem');
  const refreshToken = async (): Promise<void> =>
    writeFile(
      tokenPath,
      await ca.issuer.token({ nowMs: clock.now(), lifetimeSeconds: 2 * 86_400 }),
    );
  await refreshToken();
  await writeFile(rootPath, ca.rootPem());
  const agent = await runAgent({
    caAddress: ca.address,
    caServerName: 'localhost',
    caRootPath: rootPath,
    tokenPath,
    certDir,
    files: createNodeFileSystem(),
    clock,
    timers,
    random: () => 0.5,
    status: { port: 0, host: '127.0.0.1' },
    ...agentOptions,
  });
  return {
    ca,
    agent,
    clock,
    timers,
    dir,
    certDir,
    tokenPath,
    rootPath,
    refreshToken,
    close: async () => {
      await agent.close();
      await ca.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An SDS stream as Envoy opens it: subscribe to names, collect responses. */
export function openSdsStream(socketPath: string, names: string[]) {
  const Client = loadSdsService();
  const client = new Client(`unix:${socketPath}`, grpc.credentials.createInsecure());
  const stream = (
    client as unknown as { StreamSecrets(): grpc.ClientDuplexStream<unknown, SdsResponse> }
  ).StreamSecrets();
  const received: SdsResponse[] = [];
  const waiters: (() => void)[] = [];
  stream.on('data', (response: SdsResponse) => {
    received.push(response);
    // Envoy ACKs every response with its nonce.
    stream.write({
      resource_names: names,
      type_url: response.type_url,
      response_nonce: response.nonce,
      version_info: response.version_info,
    });
    waiters.splice(0).forEach((wake) => wake());
  });
  stream.on('error', () => undefined);
  stream.write({
    resource_names: names,
    type_url: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
  });
  return {
    received,
    /** Resolves once `count` responses have arrived. */
    waitFor: async (count: number): Promise<SdsResponse> => {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received[count - 1]!;
    },
    close: () => {
      stream.end();
      client.close();
    },
  };
}

/** A DiscoveryResponse as decoded with `json: true`. */
export interface SdsResponse {
  version_info: string;
  nonce: string;
  type_url: string;
  resources: {
    '@type': string;
    name: string;
    tls_certificate?: {
      certificate_chain: { inline_bytes: string };
      private_key: { inline_bytes: string };
    };
    validation_context?: { trusted_ca: { inline_bytes: string } };
  }[];
}
