import { describe, expect, it } from 'vitest';
import type { Container } from '../kube/types.js';
import { formatAppProbers, parseAppProbers, rewriteAppProbes } from './probes.js';

function app(): Container {
  return {
    name: 'app',
    ports: [{ name: 'http', containerPort: 8080 }],
    livenessProbe: { httpGet: { path: '/live', port: 'http', scheme: 'HTTPS' }, periodSeconds: 5 },
    readinessProbe: { tcpSocket: { port: 8080 } },
    startupProbe: { grpc: { port: 9000, service: 'health' }, failureThreshold: 30 },
  };
}

describe('rewriteAppProbes', () => {
  it('rewrites http, tcp and grpc probes to the agent and returns the originals', () => {
    const containers = [app()];
    const probers = rewriteAppProbes(containers);
    expect(containers[0]).toMatchObject({
      livenessProbe: { httpGet: { path: '/app-health/app/livez', port: 15020 }, periodSeconds: 5 },
      readinessProbe: { httpGet: { path: '/app-health/app/readyz', port: 15020 } },
      startupProbe: {
        httpGet: { path: '/app-health/app/startupz', port: 15020 },
        failureThreshold: 30,
      },
    });
    expect(containers[0]!.readinessProbe).not.toHaveProperty('tcpSocket');
    expect(containers[0]!.startupProbe).not.toHaveProperty('grpc');
    expect(probers).toEqual({
      '/app-health/app/livez': { httpGet: { path: '/live', port: 8080, scheme: 'HTTPS' } },
      '/app-health/app/readyz': { tcpSocket: { port: 8080 } },
      '/app-health/app/startupz': { grpc: { port: 9000, service: 'health' } },
    });
  });

  it('leaves exec probes alone', () => {
    const containers: Container[] = [
      { name: 'db', livenessProbe: { exec: { command: ['pg_isready'] } } },
    ];
    expect(rewriteAppProbes(containers)).toEqual({});
    expect(containers[0]!.livenessProbe).toEqual({ exec: { command: ['pg_isready'] } });
  });

  it('does not rewrite a rewritten probe again', () => {
    const containers = [app()];
    rewriteAppProbes(containers);
    const again = structuredClone(containers);
    expect(rewriteAppProbes(again)).toEqual({});
    expect(again).toEqual(containers);
  });

  it('keeps an unknown named port as written', () => {
    const containers: Container[] = [
      { name: 'app', livenessProbe: { tcpSocket: { port: 'metrics' } } },
    ];
    expect(rewriteAppProbes(containers)).toEqual({
      '/app-health/app/livez': { tcpSocket: { port: 'metrics' } },
    });
  });
});

describe('app probers JSON', () => {
  it('formats with stable key order and reads back', () => {
    const text = formatAppProbers({
      '/b': { tcpSocket: { port: 1 } },
      '/a': { httpGet: { port: 2, path: '/' } },
    });
    expect(text).toBe('{"/a":{"httpGet":{"path":"/","port":2}},"/b":{"tcpSocket":{"port":1}}}');
    expect(parseAppProbers(text)).toEqual({
      '/a': { httpGet: { path: '/', port: 2 } },
      '/b': { tcpSocket: { port: 1 } },
    });
  });

  it('reads anything unreadable as none', () => {
    expect(parseAppProbers(undefined)).toEqual({});
    expect(parseAppProbers('not json')).toEqual({});
    expect(parseAppProbers('[1]')).toEqual({});
  });
});
