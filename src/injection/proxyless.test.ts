import { describe, expect, it } from 'vitest';
import { isGangwayError } from '../shared/errors.js';
import type { Container } from '../kube/types.js';
import {
  addProxylessGrpc,
  GRPC_BOOTSTRAP_PATH,
  parseIstioTemplates,
  parseProxylessGrpc,
} from './proxyless.js';

describe('parseProxylessGrpc', () => {
  it('reads gangway.io/proxyless-grpc, then (Istio compatibility) inject.istio.io/templates', () => {
    expect(parseProxylessGrpc({}, true)).toBe(false);
    expect(parseProxylessGrpc({ 'gangway.io/proxyless-grpc': 'true' }, false)).toBe(true);
    expect(parseProxylessGrpc({ 'inject.istio.io/templates': 'grpc-agent' }, true)).toBe(true);
    expect(parseProxylessGrpc({ 'inject.istio.io/templates': 'grpc-agent' }, false)).toBe(false);
    const both = {
      'gangway.io/proxyless-grpc': 'false',
      'inject.istio.io/templates': 'grpc-agent',
    };
    expect(parseProxylessGrpc(both, true)).toBe(false);
  });

  it('refuses other values with an error naming the annotation and its field', () => {
    const error = (() => {
      try {
        parseProxylessGrpc({ 'gangway.io/proxyless-grpc': 'yes' }, true);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isGangwayError(error) && error.code).toBe('GANGWAY_ERR_INJECT_ANNOTATION');
    expect((error as Error).message).toContain('gangway.io/proxyless-grpc');
    expect((error as { field?: string }).field).toBe(
      'metadata.annotations["gangway.io/proxyless-grpc"]',
    );
  });

  it('accepts a template list of sidecar and grpc-agent only', () => {
    expect(parseIstioTemplates('sidecar')).toEqual({ ok: true, value: false });
    expect(parseIstioTemplates(' sidecar , grpc-agent ')).toEqual({ ok: true, value: true });
    expect(parseIstioTemplates('gateway').ok).toBe(false);
    expect(parseIstioTemplates('').ok).toBe(false);
  });
});

describe('addProxylessGrpc', () => {
  it('adds the env and the read-only mount once, keeping what the container had', () => {
    const containers: Container[] = [
      { name: 'app', image: 'a' },
      {
        name: 'own',
        image: 'b',
        env: [{ name: 'GRPC_XDS_BOOTSTRAP', value: '/mine.json' }],
        volumeMounts: [{ name: 'mine', mountPath: '/var/run/gangway/certs' }],
      },
    ];
    addProxylessGrpc(containers);
    const once = structuredClone(containers);
    addProxylessGrpc(containers);
    expect(containers).toEqual(once);
    expect(containers[0]).toEqual({
      name: 'app',
      image: 'a',
      env: [{ name: 'GRPC_XDS_BOOTSTRAP', value: GRPC_BOOTSTRAP_PATH }],
      volumeMounts: [
        { name: 'gangway-certs', mountPath: '/var/run/gangway/certs', readOnly: true },
      ],
    });
    expect(containers[1]?.env).toEqual([{ name: 'GRPC_XDS_BOOTSTRAP', value: '/mine.json' }]);
    expect(containers[1]?.['volumeMounts']).toEqual([
      { name: 'mine', mountPath: '/var/run/gangway/certs' },
    ]);
  });
});
