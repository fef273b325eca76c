import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../shared/clock.js';

/**
 * Proof that a pod's traffic redirect is in place, for gangway-init in `cni` mode (which has no
 * capabilities and cannot read iptables): listen on the capture ports, then connect, as the proxy
 * uid, to a loopback address where nothing listens. Without the redirect that connection is refused;
 * with it, the proxy's own loopback traffic to an address other than 127.0.0.1 is sent to the
 * inbound capture port, where the probe answers with the token it was sent.
 */

/** Where the probe listens and what it dials. */
export interface RedirectProbeOptions {
  /** The capture ports to listen on, on 127.0.0.1 (where REDIRECT delivers local traffic). */
  readonly listenPorts: readonly number[];
  /** A loopback address nothing listens on, other than 127.0.0.1 (which the rules leave alone). */
  readonly probeHost: string;
  /** A port nothing listens on; only the redirect turns the connection into one to the probe. */
  readonly probePort: number;
  /** How long to keep trying. */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs: number;
  /** Measures the time spent; the wall clock by default. */
  readonly clock?: Clock;
}

/** The probe addresses gangway-init uses; 127.0.0.6:15002 as in Istio's validation. */
export const DEFAULT_PROBE = { probeHost: '127.0.0.6', probePort: 15002, intervalMs: 250 } as const;

/** How it went. */
export type RedirectProbeResult =
  | { readonly ok: true; readonly attempts: number; readonly elapsedMs: number }
  | { readonly ok: false; readonly attempts: number; readonly lastError: string };

/** One attempt at most this long: on loopback a redirected connection answers in microseconds. */
const ATTEMPT_TIMEOUT_MS = 1_000;

function echoServer(): Server {
  return createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
}

async function listenAll(ports: readonly number[]): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    for (const port of ports) {
      const server = echoServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
    }
    return servers;
  } catch (error) {
    closeAll(servers);
    throw error;
  }
}

function closeAll(servers: readonly Server[]): void {
  for (const server of servers) server.close();
}

/** Dials the probe address once; resolves with an error text, or undefined when the echo came back. */
export function attemptProbe(host: string, port: number): Promise<string | undefined> {
  const token = randomBytes(16).toString('hex');
  return new Promise((resolve) => {
    let received = '';
    const socket: Socket = connect({ host, port });
    const finish = (error: string | undefined): void => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(ATTEMPT_TIMEOUT_MS, () => finish('timed out'));
    socket.on('error', (error) => finish(error.message));
    socket.on('connect', () => socket.write(token));
    const impostor = 'answered by something other than the probe';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!token.startsWith(received.slice(0, token.length))) finish(impostor);
      else if (received.length >= token.length) finish(undefined);
    });
    socket.on('end', () => finish(received === '' ? 'closed without an answer' : impostor));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Tries until the redirect answers or the time is up; the listeners are closed either way. */
export async function waitForRedirect(options: RedirectProbeOptions): Promise<RedirectProbeResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  let servers: Server[];
  try {
    servers = await listenAll(options.listenPorts);
  } catch (error) {
    return { ok: false, attempts: 0, lastError: `cannot listen: ${(error as Error).message}` };
  }
  let attempts = 0;
  let lastError: string;
  try {
    do {
      attempts++;
      const error = await attemptProbe(options.probeHost, options.probePort);
      if (error === undefined) return { ok: true, attempts, elapsedMs: clock.now() - started };
      lastError = error;
      await sleep(options.intervalMs);
    } while (clock.now() - started < options.timeoutMs);
    return { ok: false, attempts, lastError };
  } finally {
    closeAll(servers);
  }
}
