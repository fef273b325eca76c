import { describe, expect, it } from 'vitest';
import { parseCidr } from './cidr.js';
import {
  buildTrafficArgs,
  defaultTrafficSettings,
  parseIpRangeList,
  parsePort,
  parsePortList,
} from './traffic.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.168.1.7', '192.168.1.7/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['fe80::/10', 'fe80::/10'],
    ['1:0:0:2:0:0:0:3/128', '1:0:0:2::3/128'],
    ['::ffff:10.0.0.1', '::ffff:a00:1/128'],
  ])('accepts %s as %s', (text, canonical) => {
    const parsed = parseCidr(text);
    expect(parsed.ok && `${parsed.value.address}/${parsed.value.prefix}`).toBe(canonical);
  });

  it.each([
    ['10.0.0.0/33', 'prefix length "/33"'],
    ['1.2.3', 'not an IPv4 address'],
    ['1.2.3.4.5', 'not an IPv4 address'],
    ['256.0.0.0/8', 'not an IPv4 address'],
    ['010.0.0.0/8', 'not an IPv4 address'],
    ['10.0.0.0/08', 'prefix length "/08"'],
    ['10.0.0.0/', 'prefix length "/"'],
    ['10.0.0.0/8/8', 'not an IPv4 address'],
    ['10.1.0.0/8', 'host bits set; the network is 10.0.0.0/8'],
    ['::/129', 'prefix length "/129"'],
    ['1::2::3', 'not an IPv6 address'],
    ['fe80::1%eth0', 'not an IPv6 address'],
    ['12345::', 'not an IPv6 address'],
    ['1:2:3:4:5:6:7:8:9', 'not an IPv6 address'],
    ['2001:db8::1/32', 'host bits set; the network is 2001:db8::/32'],
    ['', 'not an IPv4 address'],
    [' 10.0.0.0/8', 'not an IPv4 address'],
  ])('refuses %s', (text, reason) => {
    const parsed = parseCidr(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(reason);
  });
});

describe('parseIpRangeList', () => {
  it('canonicalises, keeps order and drops duplicates', () => {
    expect(parseIpRangeList('10.0.0.0/8, fd00::/8,10.0.0.0/8', { allowWildcard: false })).toEqual({
      ok: true,
      value: ['10.0.0.0/8', 'fd00::/8'],
    });
  });

  it('accepts * for include lists only, and alone', () => {
    expect(parseIpRangeList('*', { allowWildcard: true })).toEqual({ ok: true, value: '*' });
    expect(parseIpRangeList('*', { allowWildcard: false })).toMatchObject({ ok: false });
    expect(parseIpRangeList('*,10.0.0.0/8', { allowWildcard: true })).toMatchObject({
      ok: false,
      error: '"*" cannot be combined with other items',
    });
  });

  it('reads an empty value as an empty list and refuses empty items', () => {
    expect(parseIpRangeList('', { allowWildcard: true })).toEqual({ ok: true, value: [] });
    expect(parseIpRangeList('10.0.0.0/8,', { allowWildcard: true })).toMatchObject({ ok: false });
  });
});

describe('parsePort and parsePortList', () => {
  it.each(['0', '65536', '-1', '08', '80.0', 'http', '1e3', ''])('refuses port %j', (text) => {
    expect(parsePort(text).ok).toBe(false);
  });

  it('accepts 1 and 65535', () => {
    expect(parsePort('1')).toEqual({ ok: true, value: 1 });
    expect(parsePort('65535')).toEqual({ ok: true, value: 65535 });
  });

  it('sorts and de-duplicates', () => {
    expect(parsePortList('9090, 80,80', { allowWildcard: false })).toEqual({
      ok: true,
      value: [80, 9090],
    });
  });

  it('refuses ranges and a wildcard where not allowed', () => {
    expect(parsePortList('8000-8080', { allowWildcard: true }).ok).toBe(false);
    expect(parsePortList('*', { allowWildcard: false }).ok).toBe(false);
    expect(parsePortList('*', { allowWildcard: true })).toEqual({ ok: true, value: '*' });
  });
});

describe('buildTrafficArgs', () => {
  it('emits every flag, an empty list as an empty value', () => {
    const args = buildTrafficArgs(defaultTrafficSettings());
    expect(args).toEqual([
      '--proxy-uid',
      '1337',
      '--proxy-gid',
      '1337',
      '--inbound-capture-port',
      '15006',
      '--outbound-capture-port',
      '15001',
      '--include-outbound-ip-ranges',
      '*',
      '--exclude-outbound-ip-ranges',
      '',
      '--include-inbound-ports',
      '*',
      '--exclude-inbound-ports',
      '15020,15021',
      '--exclude-outbound-ports',
      '',
    ]);
  });
});
