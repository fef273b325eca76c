import { describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { attemptProbe, waitForRedirect } from './redirect-probe.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('redirect probe', () => {
  it('succeeds when the dialled address reaches the probe listener', async () => {
    // Dialling the listener directly stands in for the redirect (the kernel test does it for real).
    const port = await freePort();
    const result = await waitForRedirect({
      listenPorts: [port],
      probeHost: '127.0.0.1',
      probePort: port,
      timeoutMs: 2_000,
      intervalMs: 20,
    });
    expect(result).toMatchObject({ ok: true, attempts: 1 });
  });

  it('keeps trying until the time is up when nothing answers', async () => {
    const [listen, nothing] = [await freePort(), await freePort()];
    const result = await waitForRedirect({
      listenPorts: [listen],
      probeHost: '127.0.0.1',
      probePort: nothing,
      timeoutMs: 300,
      intervalMs: 50,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.attempts).toBeGreaterThan(1);
      expect(result.lastError).toContain('ECONNREFUSED');
    }
  });

  it('does not take an answer from something else for the probe', async () => {
    const impostor = createServer((socket) => socket.end('hello, not an echo'));
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const { port } = impostor.address() as AddressInfo;
    expect(await attemptProbe('127.0.0.1', port)).toBe(
      'answered by something other than the probe',
    );
    impostor.close();
  });

  it('reports a capture port it cannot listen on', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    const result = await waitForRedirect({
      listenPorts: [port],
      probeHost: '127.0.0.1',
      probePort: port,
      timeoutMs: 100,
      intervalMs: 10,
    });
    expect(result).toMatchObject({ ok: false, attempts: 0 });
    if (!result.ok) expect(result.lastError).toContain('EADDRINUSE');
    busy.close();
  });
});
