import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const pc = (
  spec: unknown,
  apiVersion = 'networking.istio.io/v1beta1',
  metadata: Record<string, unknown> = {},
) => meshObject(apiVersion, 'ProxyConfig', spec, metadata);

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['mesh-wide concurrency 0', { concurrency: 0 }],
  ['a distroless image', { concurrency: 2, image: { imageType: 'distroless' } }],
  [
    'a debug image for a workload',
    { selector: { matchLabels: { app: 'ratings' } }, image: { imageType: 'debug' } },
  ],
  [
    'environment variables',
    { environmentVariables: { ISTIO_META_DNS_CAPTURE: 'true', FOO: 'bar' } },
  ],
  ['an empty spec', {}],
  ['the default image', { image: { imageType: 'default' } }],
  ['large concurrency', { concurrency: 64 }],
  [
    'selector with several labels',
    { selector: { matchLabels: { app: 'a', version: 'v1' } }, concurrency: 1 },
  ],
];

const invalid: readonly InvalidCase[] = [
  ['negative concurrency', { concurrency: -1 }, 'GW-PC-CONCURRENCY-NEGATIVE', 'spec.concurrency'],
  ['concurrency given as a string', { concurrency: '2' }, 'GW-SCHEMA-TYPE', 'spec.concurrency'],
  ['fractional concurrency', { concurrency: 1.5 }, 'GW-SCHEMA-TYPE', 'spec.concurrency'],
  ['concurrency beyond int32', { concurrency: 2 ** 31 }, 'GW-SCHEMA-RANGE', 'spec.concurrency'],
  [
    'an image type given as a number',
    { image: { imageType: 3 } },
    'GW-SCHEMA-TYPE',
    'spec.image.imageType',
  ],
  [
    'an environment variable that is not a string',
    { environmentVariables: { FOO: true } },
    'GW-SCHEMA-TYPE',
    'spec.environmentVariables.FOO',
  ],
  [
    'environment variables given as a list',
    { environmentVariables: ['FOO=bar'] },
    'GW-SCHEMA-TYPE',
    'spec.environmentVariables',
  ],
  [
    'a selector with a wildcard',
    { selector: { matchLabels: { app: '*' } } },
    'GW-SEL-WILDCARD',
    'spec.selector.matchLabels.app',
  ],
  [
    'a selector with an empty key',
    { selector: { matchLabels: { '': 'a' } } },
    'GW-SEL-EMPTY-KEY',
    'spec.selector.matchLabels[""]',
  ],
  [
    'a selector label value that is invalid',
    { selector: { matchLabels: { app: '-a-' } } },
    'GW-LABEL-VALUE-INVALID',
    'spec.selector.matchLabels.app',
  ],
  ['a selector given as a string', { selector: 'app=a' }, 'GW-SCHEMA-TYPE', 'spec.selector'],
  [
    'an unknown field (warning)',
    { concurrency: 1, drainDuration: '5s' },
    'GW-SCHEMA-UNKNOWN-FIELD',
    'spec.drainDuration',
  ],
  [
    'an unknown image type (warning)',
    { image: { imageType: 'centos' } },
    'GW-PC-IMAGE-TYPE-UNKNOWN',
    'spec.image.imageType',
  ],
];

const invalidObjects: readonly InvalidCase[] = [
  [
    'a version ProxyConfig is not served in',
    pc({}, 'networking.istio.io/v1'),
    'GW-MESH-VERSION-UNSERVED',
    'apiVersion',
  ],
  [
    'the dry-run annotation',
    pc({}, undefined, { annotations: { 'istio.io/dry-run': 'true' } }),
    'GW-MESH-DRY-RUN-UNSUPPORTED',
    'metadata.annotations["istio.io/dry-run"]',
  ],
  ['an unknown top-level key', { ...pc({}), data: {} }, 'GW-MESH-UNKNOWN-FIELD', 'data'],
];

describe('ProxyConfig', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(pc(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(pc(spec), code, path));
  it.each(invalidObjects)('rejects an object with %s', (_name, object, code, path) =>
    expectFinding(object, code, path),
  );
});
