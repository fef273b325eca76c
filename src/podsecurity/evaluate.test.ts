import { describe, expect, it } from 'vitest';
import {
  evaluatePod,
  formatViolationDetail,
  formatViolations,
  formatWouldViolate,
} from './evaluate.js';
import type { PodSpecInput } from './pod-spec.js';

const spec = (value: unknown) => value as PodSpecInput;
const app = { name: 'app', image: 'nginx' };

describe('evaluatePod', () => {
  it('allows anything at privileged', () => {
    const pod = spec({
      hostNetwork: true,
      containers: [{ ...app, securityContext: { privileged: true } }],
    });
    expect(evaluatePod(pod, {}, { level: 'privileged', version: 'latest' })).toEqual([]);
  });

  it('returns violations in upstream order, with check ids', () => {
    const pod = spec({
      containers: [app],
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
    const violations = evaluatePod(pod, undefined, { level: 'restricted', version: 30 });
    expect(violations.map((v) => v.checkId)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
    ]);
    expect(formatViolations({ level: 'restricted', version: 30 }, violations)).toBe(
      'violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
    );
  });

  it('evaluates the same pod differently by version', () => {
    const pod = spec({
      containers: [{ ...app, securityContext: { runAsNonRoot: true, runAsUser: 0 } }],
    });
    const at = (version: number) =>
      evaluatePod(pod, {}, { level: 'restricted', version }).map((v) => v.checkId);
    expect(at(7)).toEqual([]);
    expect(at(8)).toEqual(['allowPrivilegeEscalation']);
    expect(at(23)).toContain('runAsUser');
  });

  it('relaxes runAsNonRoot and runAsUser for user-namespaced pods from v1.35 only', () => {
    const pod = spec({
      hostUsers: false,
      securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          ...app,
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    });
    expect(evaluatePod(pod, {}, { level: 'restricted', version: 35 })).toEqual([]);
    expect(
      evaluatePod(pod, {}, { level: 'restricted', version: 34 }).map((v) => v.checkId),
    ).toEqual(['runAsNonRoot', 'runAsUser']);
  });

  it('relaxes Linux-only restricted checks for Windows pods from v1.25', () => {
    const pod = spec({
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [app],
    });
    expect(evaluatePod(pod, {}, { level: 'restricted', version: 'latest' })).toEqual([]);
    expect(
      evaluatePod(pod, {}, { level: 'restricted', version: 24 }).map((v) => v.checkId),
    ).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });

  it('returns the same frozen empty list for every passing pod', () => {
    const pod = spec({ containers: [app] });
    const a = evaluatePod(pod, {}, { level: 'baseline', version: 'latest' });
    expect(a).toBe(evaluatePod(pod, {}, { level: 'baseline', version: 'latest' }));
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('formatting', () => {
  it('leaves out empty details and uses the would-violate wording for warn and audit', () => {
    const violations = [
      { checkId: 'hostNamespaces' as const, reason: 'host namespaces', detail: 'hostNetwork=true' },
      { checkId: 'privileged' as const, reason: 'privileged', detail: '' },
    ];
    expect(formatViolationDetail(violations)).toBe(
      'host namespaces (hostNetwork=true), privileged',
    );
    expect(formatWouldViolate({ level: 'baseline', version: 'latest' }, violations)).toBe(
      'would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged',
    );
  });
});
