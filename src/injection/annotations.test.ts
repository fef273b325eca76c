import { describe, expect, it } from 'vitest';
import { GangwayError } from '../shared/errors.js';
import {
  SIDECAR_ANNOTATION_NAMES,
  TRAFFIC_ANNOTATION_NAMES,
  findAnnotation,
  parseImageReference,
  parseSidecarAnnotations,
  parseTrafficAnnotations,
  unknownAnnotationWarnings,
} from './annotations.js';

const G = 'sidecar.gangway.io/';
const T = 'traffic.gangway.io/';

function refusal(run: () => unknown): GangwayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GangwayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('sidecar annotations', () => {
  it('parses every annotation with a good value', () => {
    const parsed = parseSidecarAnnotations(
      {
        [`${G}proxyCPU`]: '250m',
        [`${G}proxyMemory`]: '256Mi',
        [`${G}proxyCPULimit`]: '1',
        [`${G}proxyMemoryLimit`]: '1Gi',
        [`${G}proxyImage`]: 'registry.example.com:5000/mesh/proxy:1.2.3',
        [`${G}logLevel`]: 'debug',
        [`${G}interceptionMode`]: 'iptables',
        [`${G}holdApplicationUntilProxyStarts`]: 'true',
        [`${G}rewriteAppHTTPProbers`]: 'false',
        [`${G}nativeSidecar`]: 'false',
      },
      true,
    );
    expect(parsed).toEqual({
      proxyCPU: { text: '250m', value: 0.25 },
      proxyMemory: { text: '256Mi', value: 256 * 2 ** 20 },
      proxyCPULimit: { text: '1', value: 1 },
      proxyMemoryLimit: { text: '1Gi', value: 2 ** 30 },
      proxyImage: 'registry.example.com:5000/mesh/proxy:1.2.3',
      logLevel: 'debug',
      interceptionMode: 'iptables',
      holdApplicationUntilProxyStarts: true,
      rewriteAppHTTPProbers: false,
      nativeSidecar: false,
    });
    expect(SIDECAR_ANNOTATION_NAMES).toHaveLength(10);
  });

  it.each([
    ['proxyCPU', '100 m'],
    ['proxyMemory', '128m'],
    ['proxyCPULimit', '-1'],
    ['proxyMemoryLimit', '1GB'],
    ['proxyImage', 'Not An Image'],
    ['proxyImage', 'repo/UPPER:tag'],
    ['logLevel', 'verbose'],
    ['interceptionMode', 'REDIRECT'],
    ['holdApplicationUntilProxyStarts', 'yes'],
    ['rewriteAppHTTPProbers', 'True'],
    ['nativeSidecar', '1'],
  ])('refuses %s=%j naming the annotation and the value', (name, value) => {
    const error = refusal(() => parseSidecarAnnotations({ [`${G}${name}`]: value }, true));
    expect(error.code).toBe('GANGWAY_ERR_INJECT_ANNOTATION');
    expect(error.message).toContain(
      `annotation ${G}${name}: invalid value ${JSON.stringify(value)}`,
    );
    expect(error.field).toBe(`metadata.annotations["${G}${name}"]`);
  });

  it("honours Istio's keys in compatibility mode, gangway's winning", () => {
    const annotations = {
      'sidecar.istio.io/proxyCPU': '300m',
      'sidecar.istio.io/logLevel': 'error',
      [`${G}logLevel`]: 'info',
    };
    expect(parseSidecarAnnotations(annotations, true)).toEqual({
      proxyCPU: { text: '300m', value: 0.3 },
      logLevel: 'info',
    });
    expect(parseSidecarAnnotations(annotations, false)).toEqual({ logLevel: 'info' });
  });

  it("maps Istio's interception modes under Istio's key only", () => {
    const mode = (value: string) =>
      parseSidecarAnnotations({ 'sidecar.istio.io/interceptionMode': value }, true)
        .interceptionMode;
    expect(mode('REDIRECT')).toBe('capture');
    expect(mode('TPROXY')).toBe('capture');
    expect(mode('NONE')).toBe('none');
    expect(mode('cni')).toBe('cni');
  });

  it('finds nothing under Istio keys without compatibility', () => {
    expect(
      findAnnotation({ 'sidecar.istio.io/logLevel': 'x' }, 'sidecar', 'logLevel', false),
    ).toBeUndefined();
  });
});

describe('parseImageReference', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'ghcr.io/gangway-mesh/gangway:0.1.0',
    'localhost:5000/proxy',
    `proxy@sha256:${'a'.repeat(64)}`,
    `ghcr.io/org/proxy:1.0@sha256:${'0'.repeat(64)}`,
  ])('accepts %s', (text) => {
    expect(parseImageReference(text).ok).toBe(true);
  });

  it.each(['', ':tag', 'proxy:', 'proxy@sha256:abc', 'a b', 'proxy:-tag', `x:${'t'.repeat(129)}`])(
    'refuses %j',
    (text) => {
      expect(parseImageReference(text).ok).toBe(false);
    },
  );
});

describe('traffic annotations', () => {
  it('defaults to capturing everything but the agent ports', () => {
    expect(parseTrafficAnnotations({}, true)).toEqual({
      includeOutboundIPRanges: '*',
      excludeOutboundIPRanges: [],
      includeInboundPorts: '*',
      excludeInboundPorts: [15020, 15021],
      excludeOutboundPorts: [],
    });
    expect(TRAFFIC_ANNOTATION_NAMES).toHaveLength(5);
  });

  it('parses every annotation, gangway over Istio', () => {
    const settings = parseTrafficAnnotations(
      {
        [`${T}includeOutboundIPRanges`]: '10.0.0.0/8,fd00::/8',
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32',
        [`${T}includeInboundPorts`]: '8080,9090',
        [`${T}excludeInboundPorts`]: '9091',
        [`${T}excludeOutboundPorts`]: '5432,3306',
      },
      true,
    );
    expect(settings).toEqual({
      includeOutboundIPRanges: ['10.0.0.0/8', 'fd00::/8'],
      excludeOutboundIPRanges: ['169.254.169.254/32'],
      includeInboundPorts: [8080, 9090],
      excludeInboundPorts: [9091, 15020, 15021],
      excludeOutboundPorts: [3306, 5432],
    });
  });

  it.each([
    ['15021', [15020, 15021]],
    ['15021,80,15020', [80, 15020, 15021]],
    ['20000,15020', [15020, 15021, 20000]],
  ])('excludes the reserved inbound ports once, sorted, with %s', (value, expected) => {
    const settings = parseTrafficAnnotations({ [`${T}excludeInboundPorts`]: value }, false);
    expect(settings.excludeInboundPorts).toEqual(expected);
  });

  it.each([
    ['includeOutboundIPRanges', '10.0.0.0/33'],
    ['excludeOutboundIPRanges', '*'],
    ['excludeOutboundIPRanges', '1.2.3'],
    ['includeInboundPorts', '0'],
    ['excludeInboundPorts', '65536'],
    ['excludeOutboundPorts', '80,,81'],
  ])('refuses %s=%j', (name, value) => {
    const error = refusal(() => parseTrafficAnnotations({ [`${T}${name}`]: value }, true));
    expect(error.code).toBe('GANGWAY_ERR_INJECT_ANNOTATION');
    expect(error.message).toContain(
      `annotation ${T}${name}: invalid value ${JSON.stringify(value)}`,
    );
  });
});

describe('unknownAnnotationWarnings', () => {
  it("warns about unknown keys under gangway's prefixes only", () => {
    expect(
      unknownAnnotationWarnings({
        [`${G}proxyCpu`]: '1',
        [`${T}includePorts`]: '1',
        [`${G}status`]: '{}',
        [`${G}logLevel`]: 'info',
        'sidecar.istio.io/userVolume': '[]',
        [`${G}inject`]: 'false',
      }),
    ).toEqual([
      `annotation ${G}inject is ignored: opting in or out is a pod label`,
      `annotation ${G}proxyCpu is not a gangway annotation and is ignored`,
      `annotation ${T}includePorts is not a gangway annotation and is ignored`,
    ]);
  });
});
