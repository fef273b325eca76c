import { describe, expect, it } from 'vitest';
import { defaultMeshConfig } from '../config/mesh-config.js';
import { ServeConfigSchema } from '../config/serve-config.js';
import { readCaSettings } from './ca-options.js';
import { caFlagsOf } from './serve-ca.js';

const mesh = { ...defaultMeshConfig(), trustDomain: 'example.org' };
const serve = (extra: Record<string, unknown> = {}) =>
  ServeConfigSchema.parse({ stateDir: '/state', namespace: 'mesh-system', ...extra });

describe('the CA settings gangway serve implies', () => {
  it('in a cluster: TokenReview, the root in a Secret, roots distributed, the mesh trust domain', () => {
    const flags = caFlagsOf(serve(), mesh, true);
    expect(flags).toMatchObject({
      auth: 'token-review',
      'root-store': 'secret',
      'distribute-roots': true,
      'trust-domain': 'example.org',
      namespace: 'mesh-system',
    });
    const settings = readCaSettings(flags!, {
      KUBERNETES_SERVICE_HOST: 'h',
      KUBERNETES_SERVICE_PORT: '1',
    });
    expect(settings.signing).toEqual({ mode: 'self-signed', store: 'secret' });
    expect(settings.auth).toEqual({ mode: 'token-review' });
  });

  it('with no cluster and no --ca-issuer: off, since nobody could be authenticated', () => {
    expect(caFlagsOf(serve(), mesh, false)).toBeUndefined();
  });

  it('with no cluster and --ca-issuer/--ca-jwks: local JWT checks, the root under <state-dir>/ca', () => {
    const flags = caFlagsOf(
      serve({ caIssuer: 'https://issuer.example', caJwks: '/keys.json', caMaxTtl: '3600' }),
      mesh,
      false,
    );
    const settings = readCaSettings(flags!, {});
    expect(settings.auth).toEqual({
      mode: 'jwt',
      issuer: 'https://issuer.example',
      keys: { file: '/keys.json' },
    });
    expect(settings.signing).toEqual({
      mode: 'self-signed',
      store: 'directory',
      stateDir: '/state/ca',
    });
    expect(settings.distributeRoots).toBe(false);
    expect(settings.maxTtlSeconds).toBe(3600);
  });

  it('signs with a plug-in intermediate when --ca-plugin-dir is given, in a cluster too', () => {
    const flags = caFlagsOf(serve({ caPluginDir: '/plugin' }), mesh, true);
    const settings = readCaSettings(flags!, {
      KUBERNETES_SERVICE_HOST: 'h',
      KUBERNETES_SERVICE_PORT: '1',
    });
    expect(settings.signing).toMatchObject({ mode: 'plugin', dir: '/plugin' });
  });

  it('refuses a --ca-max-ttl that is not a whole number of seconds', () => {
    expect(() => serve({ caMaxTtl: '10y' })).toThrow(/whole number of seconds/);
  });
});
