import { describe, expect, it } from 'vitest';
import { defaultTrafficSettings, type TrafficSettings } from '../../injection/traffic.js';
import {
  OWN_CHAINS,
  buildRedirectRuleSet,
  buildRedirectRules,
  renderRestoreInput,
} from './redirect-rules.js';

const settings = (overrides: Partial<TrafficSettings> = {}): TrafficSettings => ({
  ...defaultTrafficSettings(),
  ...overrides,
});

describe('buildRedirectRules', () => {
  it('declares only its own chains and hooks PREROUTING and OUTPUT once each', () => {
    const text = buildRedirectRules(settings());
    expect(text.startsWith('*nat\n')).toBe(true);
    expect(text.endsWith('COMMIT\n')).toBe(true);
    const declared = text.split('\n').filter((l) => l.startsWith(':'));
    expect(declared).toEqual(OWN_CHAINS.map((c) => `:${c} - [0:0]`));
    expect(text.match(/^-A PREROUTING .*$/gm)).toEqual(['-A PREROUTING -p tcp -j GANGWAY_INBOUND']);
    expect(text.match(/^-A OUTPUT .*$/gm)).toEqual(['-A OUTPUT -p tcp -j GANGWAY_OUTPUT']);
  });

  it('sends inbound TCP to 15006 and outbound TCP to 15001 by default', () => {
    const text = buildRedirectRules(settings());
    expect(text).toContain('-A GANGWAY_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
    expect(text).toContain('-A GANGWAY_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
    expect(text).toContain('-A GANGWAY_INBOUND -p tcp -j GANGWAY_IN_REDIRECT');
    expect(text).toContain('-A GANGWAY_OUTPUT -j GANGWAY_REDIRECT');
  });

  it('lets the proxy uid and gid and loopback through before anything is captured', () => {
    const { rules } = buildRedirectRuleSet(settings());
    const capture = rules.indexOf('-A GANGWAY_OUTPUT -j GANGWAY_REDIRECT');
    for (const rule of [
      '-A GANGWAY_OUTPUT -m owner --uid-owner 1337 -j RETURN',
      '-A GANGWAY_OUTPUT -m owner --gid-owner 1337 -j RETURN',
      '-A GANGWAY_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
      '-A GANGWAY_OUTPUT -d 127.0.0.1/32 -j RETURN',
    ]) {
      expect(rules.indexOf(rule), rule).toBeGreaterThanOrEqual(0);
      expect(rules.indexOf(rule), rule).toBeLessThan(capture);
    }
  });

  it('uses the given identities and ports', () => {
    const text = buildRedirectRules(settings(), {
      proxyUid: 2000,
      proxyGid: 2001,
      inboundCapturePort: 16006,
      outboundCapturePort: 16001,
    });
    expect(text).toContain('--uid-owner 2000');
    expect(text).toContain('--gid-owner 2001');
    expect(text).toContain('--to-ports 16006');
    expect(text).toContain('--to-ports 16001');
    expect(text).not.toContain('1337');
  });

  it('keeps each family to its own CIDRs and loopback', () => {
    const s = settings({
      includeOutboundIPRanges: ['10.0.0.0/8', 'fd00::/8'],
      excludeOutboundIPRanges: ['10.1.0.0/16', 'fd00:1::/32'],
    });
    const v4 = buildRedirectRules(s, { family: 4 });
    const v6 = buildRedirectRules(s, { family: 6 });
    expect(v4).toContain('-d 10.0.0.0/8 -j GANGWAY_REDIRECT');
    expect(v4).toContain('-d 10.1.0.0/16 -j RETURN');
    expect(v4).not.toContain('fd00');
    expect(v6).toContain('-d fd00::/8 -j GANGWAY_REDIRECT');
    expect(v6).toContain('-d fd00:1::/32 -j RETURN');
    expect(v6).toContain('! -d ::1/128 -o lo');
    expect(v6).not.toContain('10.');
  });

  it('lets an excluded inbound port win over an included one', () => {
    const text = buildRedirectRules(
      settings({ includeInboundPorts: [80, 8080], excludeInboundPorts: [8080, 15020, 15021] }),
    );
    expect(text).toContain('--dport 80 -j GANGWAY_IN_REDIRECT');
    expect(text).not.toContain('--dport 8080 -j GANGWAY_IN_REDIRECT');
    expect(text).toContain('--dport 8080 -j RETURN');
  });

  it('can leave the hooks out and delete duplicates', () => {
    const set = buildRedirectRuleSet(settings());
    const text = renderRestoreInput(set, { hooks: false, deleteHooks: [set.hooks[0]!] });
    expect(text).not.toMatch(/^-A (PREROUTING|OUTPUT) /m);
    expect(text).toContain('-D PREROUTING -p tcp -j GANGWAY_INBOUND');
  });
});
