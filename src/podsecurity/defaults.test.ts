import { describe, expect, it } from 'vitest';
import {
  applySecureDefaults,
  isNonRootImage,
  POD_SECURITY_DEFAULTED_ANNOTATION,
} from './defaults.js';
import { evaluatePod } from './evaluate.js';
import type { PodObjectInput } from './pod-spec.js';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) =>
  ({ metadata, spec }) as unknown as PodObjectInput;
const restrictedLatest = { level: 'restricted', version: 'latest' } as const;

describe('applySecureDefaults', () => {
  it('makes a pod with a known non-root user pass restricted, listing every field it set', () => {
    const input = pod({
      securityContext: { runAsUser: 1000 },
      containers: [{ name: 'app', image: 'nginx' }],
    });
    const result = applySecureDefaults(input);
    expect(result.defaulted).toEqual([
      'spec.securityContext.seccompProfile.type',
      'spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.containers[0].securityContext.capabilities.drop',
      'spec.securityContext.runAsNonRoot',
    ]);
    expect(evaluatePod(result.pod.spec, result.pod.metadata, restrictedLatest)).toEqual([]);
    expect(result.pod.metadata?.annotations?.[POD_SECURITY_DEFAULTED_ANNOTATION]).toBe(
      result.defaulted.join(','),
    );
    expect(result.warnings).toEqual([
      `gangway set Pod Security secure defaults (listed in annotation ${POD_SECURITY_DEFAULTED_ANNOTATION}): ${result.defaulted.join(', ')}`,
    ]);
    expect(input.spec.securityContext).toEqual({ runAsUser: 1000 });
  });

  it('never overwrites what the author set', () => {
    const input = pod({
      securityContext: {
        seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
        runAsNonRoot: false,
      },
      containers: [
        {
          name: 'app',
          image: 'nginx',
          securityContext: {
            allowPrivilegeEscalation: true,
            capabilities: { drop: ['NET_RAW'], add: ['NET_BIND_SERVICE'] },
          },
        },
      ],
    });
    const result = applySecureDefaults(input);
    expect(result.defaulted).toEqual([]);
    expect(result.pod).toEqual(input);
    expect(result.warnings).toEqual([]);
  });

  it('keeps added capabilities when it fills drop, and skips privileged and SYS_ADMIN containers', () => {
    const result = applySecureDefaults(
      pod({
        securityContext: { runAsNonRoot: true },
        containers: [
          {
            name: 'web',
            image: 'a',
            securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } },
          },
          { name: 'priv', image: 'b', securityContext: { privileged: true } },
          {
            name: 'fuse',
            image: 'c',
            securityContext: { capabilities: { add: ['CAP_SYS_ADMIN'] } },
          },
        ],
      }),
    );
    const containers = result.pod.spec.containers;
    expect(containers[0]?.securityContext).toEqual({
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      allowPrivilegeEscalation: false,
    });
    expect(containers[1]?.securityContext?.allowPrivilegeEscalation).toBeUndefined();
    expect(containers[2]?.securityContext?.allowPrivilegeEscalation).toBeUndefined();
    expect(result.warnings).toContain(
      'container "priv" is privileged or adds SYS_ADMIN, so allowPrivilegeEscalation was not defaulted',
    );
  });

  it('leaves runAsNonRoot alone for a root image and explains how to fix it', () => {
    const result = applySecureDefaults(pod({ containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    expect(result.defaulted).not.toContain('spec.containers[0].securityContext.runAsNonRoot');
    expect(result.pod.spec.securityContext?.runAsNonRoot).toBeUndefined();
    expect(result.warnings).toContain(
      'container "app" was not given securityContext.runAsNonRoot=true because neither the pod nor the container sets a non-zero runAsUser and image "nginx:1.27" is not listed as non-root, so the pod will still violate PodSecurity "restricted" (runAsNonRoot != true); set securityContext.runAsUser to a non-zero UID, or list the image in podSecurity.secureDefaults.nonRootImages if it runs as a non-root user',
    );
    expect(
      evaluatePod(result.pod.spec, result.pod.metadata, restrictedLatest).map((v) => v.checkId),
    ).toEqual(['runAsNonRoot']);
  });

  it('does not default runAsNonRoot over an explicit runAsUser=0', () => {
    const result = applySecureDefaults(
      pod({ containers: [{ name: 'app', image: 'x', securityContext: { runAsUser: 0 } }] }),
    );
    expect(result.warnings.some((w) => w.includes('because it runs as runAsUser=0'))).toBe(true);
  });

  it('sets runAsNonRoot per container for images listed as non-root', () => {
    const result = applySecureDefaults(
      pod({
        initContainers: [{ name: 'init', image: 'gcr.io/distroless/static:nonroot' }],
        containers: [
          { name: 'app', image: 'registry.example/app:1', securityContext: { runAsUser: 1001 } },
          { name: 'sidecar', image: 'busybox' },
        ],
      }),
      { nonRootImages: ['gcr.io/distroless/*', 'registry.example/exact:1'] },
    );
    expect(result.defaulted).toContain('spec.initContainers[0].securityContext.runAsNonRoot');
    expect(result.defaulted).toContain('spec.containers[0].securityContext.runAsNonRoot');
    expect(result.defaulted).not.toContain('spec.containers[1].securityContext.runAsNonRoot');
    expect(result.warnings.some((w) => w.startsWith('container "sidecar" was not given'))).toBe(
      true,
    );
  });

  it('only considers runAsNonRoot for Windows pods, where the Linux fields are refused', () => {
    const result = applySecureDefaults(
      pod({
        os: { name: 'windows' },
        containers: [{ name: 'app', image: 'mcr.microsoft.com/nonroot' }],
      }),
      { nonRootImages: ['mcr.microsoft.com/nonroot'] },
    );
    expect(result.defaulted).toEqual(['spec.containers[0].securityContext.runAsNonRoot']);
  });

  it('is idempotent: a defaulted pod gets nothing more, and the annotation is kept', () => {
    const once = applySecureDefaults(
      pod({ securityContext: { runAsUser: 7 }, containers: [{ name: 'app', image: 'x' }] }),
    );
    const twice = applySecureDefaults(once.pod);
    expect(twice.defaulted).toEqual([]);
    expect(twice.pod).toEqual(once.pod);
  });
});

describe('isNonRootImage', () => {
  it('matches exact references and prefixes ending in *', () => {
    expect(isNonRootImage('a/b:1', ['a/b:1'])).toBe(true);
    expect(isNonRootImage('a/b:2', ['a/b:1'])).toBe(false);
    expect(isNonRootImage('a/b:2', ['a/*'])).toBe(true);
    expect(isNonRootImage(undefined, ['*'])).toBe(false);
  });
});
