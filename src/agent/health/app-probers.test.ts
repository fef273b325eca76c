import { describe, expect, it } from 'vitest';
import { parsePrometheusAnnotations } from './app-metrics.js';
import { parseAppProbers } from './app-probers.js';

describe('GANGWAY_KUBE_APP_PROBERS', () => {
  it("parses Istio's format, with kubelet defaults", () => {
    const probes = parseAppProbers(
      JSON.stringify({
        '/app-health/app/livez': {
          httpGet: { path: '/healthz', port: 8080, scheme: 'HTTPS' },
          timeoutSeconds: 3,
        },
        '/app-health/app/readyz': { tcpSocket: { port: '8081' } },
        '/app-health/app/startupz': { grpc: { port: 9090 } },
      }),
    );
    expect(probes.get('/app-health/app/livez')).toMatchObject({
      httpGet: { port: 8080, scheme: 'HTTPS' },
      timeoutSeconds: 3,
    });
    expect(probes.get('/app-health/app/readyz')).toMatchObject({
      tcpSocket: { port: 8081 },
      timeoutSeconds: 1,
    });
    expect(probes.size).toBe(3);
    expect(parseAppProbers(undefined).size).toBe(0);
  });

  it.each([
    ['not JSON', '{'],
    ['a path outside /app-health', JSON.stringify({ '/admin': { tcpSocket: { port: 1 } } })],
    [
      'two actions',
      JSON.stringify({ '/app-health/a/livez': { tcpSocket: { port: 1 }, grpc: { port: 2 } } }),
    ],
    ['a bad port', JSON.stringify({ '/app-health/a/livez': { tcpSocket: { port: 70000 } } })],
  ])('rejects %s with a coded error', (_what, json) => {
    expect(() => parseAppProbers(json)).toThrow(
      expect.objectContaining({ code: 'GANGWAY_ERR_AGENT_PROBERS_INVALID' }),
    );
  });
});

describe('GANGWAY_PROMETHEUS_ANNOTATIONS', () => {
  it('reads the port and path, honouring scrape=false', () => {
    expect(parsePrometheusAnnotations('{"scrape":"true","port":"9090"}')).toEqual({
      port: 9090,
      path: '/metrics',
    });
    expect(parsePrometheusAnnotations('{"scrape":"false","port":"9090"}')).toBeUndefined();
    expect(parsePrometheusAnnotations('')).toBeUndefined();
    expect(() => parsePrometheusAnnotations('{"port":"x"}')).toThrow(
      expect.objectContaining({ code: 'GANGWAY_ERR_AGENT_PROMETHEUS_INVALID' }),
    );
  });
});
