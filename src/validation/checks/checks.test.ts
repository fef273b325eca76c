import { describe, expect, it } from 'vitest';
import { checkFqdn, checkWildcardDomain, isPartialWildcard } from './dns.js';
import { checkDuration, parseDuration } from './durations.js';
import { checkHeaderName, checkHeaderValue, isJwtClaimHeader } from './headers.js';
import { checkNamespacedHost, hostsOverlap, isHostSubsetOf } from './hosts.js';
import { checkIpOrCidr, isCidr, isIpAddress } from './ip.js';
import { isLabelKey, isLabelValue } from './labels.js';
import { checkPort, parseProtocol } from './ports.js';
import { checkRegex } from './regex.js';

describe('durations', () => {
  it.each([
    ['1s', 1_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['250ms', 250_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['0', 0n],
    ['-2m', -120_000_000_000n],
    ['1.0005s', 1_000_500_000n],
    ['10us', 10_000n],
  ])('parses %s', (text, nanos) => expect(parseDuration(text)).toBe(nanos));

  it.each(['', '5', 's', '1x', '1 s', '.s', '1s2'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it('checks the 1ms minimum and millisecond precision', () => {
    expect(checkDuration('1ms')).toBeUndefined();
    expect(checkDuration('0s')?.code).toBe('GW-DUR-TOO-SHORT');
    expect(checkDuration('1.5ms')?.code).toBe('GW-DUR-PRECISION');
    expect(checkDuration('-1s')?.code).toBe('GW-DUR-TOO-SHORT');
    expect(checkDuration('forever')?.code).toBe('GW-DUR-FORMAT');
  });
});

describe('hosts', () => {
  it('accepts FQDNs, short names and a leftmost wildcard', () => {
    for (const host of [
      'reviews',
      'reviews.default.svc.cluster.local',
      '*.example.com',
      '*',
      'istio.io.',
      '*foo.example.com',
    ]) {
      expect(checkWildcardDomain(host), host).toBeUndefined();
    }
    expect(isPartialWildcard('*foo.example.com')).toBe(true);
    expect(isPartialWildcard('*.example.com')).toBe(false);
  });

  it('rejects wildcards elsewhere, bad labels, numeric TLDs, empty and long names', () => {
    expect(checkWildcardDomain('foo.*.com')?.message).toContain('leftmost');
    expect(checkWildcardDomain('a_b.com')?.code).toBe('GW-HOST-LABEL-INVALID');
    expect(checkFqdn('1.2.3.4')?.code).toBe('GW-HOST-NUMERIC-TLD');
    expect(checkFqdn('')?.code).toBe('GW-HOST-EMPTY');
    expect(checkFqdn(`${'a'.repeat(63)}.`.repeat(5))?.code).toBe('GW-HOST-TOO-LONG');
  });

  it('matches hosts the way Istio does', () => {
    expect(hostsOverlap('*.example.com', 'a.example.com')).toBe(true);
    expect(hostsOverlap('*.com', '*.example.com')).toBe(true);
    expect(hostsOverlap('a.example.com', 'b.example.com')).toBe(false);
    expect(isHostSubsetOf('a.example.com', '*.example.com')).toBe(true);
    expect(isHostSubsetOf('*.example.com', 'a.example.com')).toBe(false);
  });

  it('checks namespace/host forms for gateways and sidecars', () => {
    expect(checkNamespacedHost('ns/*.example.com', 'sidecar')).toEqual([]);
    expect(checkNamespacedHost('~/*', 'sidecar')).toEqual([]);
    expect(checkNamespacedHost('1.2.3.4', 'gateway')).toEqual([]);
    expect(checkNamespacedHost('~/*', 'gateway').map((p) => p.code)).toEqual([
      'GW-HOST-NAMESPACE-INVALID',
    ]);
    expect(checkNamespacedHost('example.com', 'sidecar').map((p) => p.code)).toEqual([
      'GW-HOST-NAMESPACE-REQUIRED',
    ]);
  });
});

describe('ip, ports, labels, headers, regex', () => {
  it('parses addresses and CIDRs', () => {
    expect(isIpAddress('10.0.0.1')).toBe(true);
    expect(isIpAddress('fe80::1%eth0')).toBe(true);
    expect(isIpAddress('10.0.0.256')).toBe(false);
    expect(isCidr('10.0.0.0/8')).toBe(true);
    expect(isCidr('::/0')).toBe(true);
    expect(isCidr('10.0.0.0/33')).toBe(false);
    expect(checkIpOrCidr('10.0.0.0/x')?.code).toBe('GW-CIDR-INVALID');
  });

  it('checks ports and protocols', () => {
    expect(checkPort(1)).toBeUndefined();
    expect(checkPort(65536)?.code).toBe('GW-PORT-RANGE');
    expect(parseProtocol('grpc-WEB')).toBe('grpc-web');
    expect(parseProtocol('SMTP')).toBeUndefined();
  });

  it('checks label keys and values', () => {
    expect(isLabelKey('app.kubernetes.io/name')).toBe(true);
    expect(isLabelKey('Version')).toBe(true);
    expect(isLabelKey('a/b/c')).toBe(false);
    expect(isLabelValue('')).toBe(true);
    expect(isLabelValue('-x')).toBe(false);
  });

  it('checks header names, values and claim routes', () => {
    expect(checkHeaderName('x-request-id')).toBeUndefined();
    expect(checkHeaderName('x:y')?.code).toBe('GW-HEADER-NAME-INVALID');
    for (const ok of [
      'foo',
      '%HOSTNAME%',
      '100%%',
      'prefix %HOSTNAME% suffix',
      '%START_TIME(%s)%',
      '%UPSTREAM_METADATA(["a"])%',
    ]) {
      expect(checkHeaderValue(ok), ok).toBeUndefined();
    }
    for (const bad of ['abc%123', '%START_TIME%%', 'a\u0001b'])
      expect(checkHeaderValue(bad)?.code, bad).toBe('GW-HEADER-VALUE-INVALID');
    expect(isJwtClaimHeader('@request.auth.claims.sub')).toBe(true);
    expect(isJwtClaimHeader('@request.auth.claims[foo.com/name]')).toBe(true);
    expect(isJwtClaimHeader('request.auth.claims.sub')).toBe(false);
  });

  it('compiles regexes as RE2', () => {
    expect(checkRegex('^/api/v[0-9]+$')).toBeUndefined();
    expect(checkRegex('(?i)abc')).toBeUndefined();
    expect(checkRegex('a(?!b)')?.code).toBe('GW-REGEX-LOOKAROUND');
    expect(checkRegex('(?<=a)b')?.code).toBe('GW-REGEX-LOOKAROUND');
    expect(checkRegex('(a)\\1')?.code).toBe('GW-REGEX-INVALID');
    expect(checkRegex('')?.code).toBe('GW-REGEX-EMPTY');
  });
});
