import { describe, expect, it } from 'vitest';
import { parseTrafficAnnotations } from '../injection/annotations.js';
import { buildTrafficArgs, defaultTrafficSettings } from '../injection/traffic.js';
import { parseTrafficArgs, resolveTrafficFlags } from './traffic-args.js';

describe('traffic args', () => {
  it('read back exactly what the injector wrote into gangway-init args', () => {
    const settings = parseTrafficAnnotations(
      {
        'traffic.gangway.io/includeOutboundIPRanges': '10.0.0.0/8,fd00::/8',
        'traffic.gangway.io/excludeOutboundIPRanges': '10.96.0.10',
        'traffic.gangway.io/includeInboundPorts': '8080',
        'traffic.gangway.io/excludeInboundPorts': '9090',
        'traffic.gangway.io/excludeOutboundPorts': '5432',
      },
      false,
    );
    const parsed = parseTrafficArgs(['init', '--mode', 'cni', ...buildTrafficArgs(settings)]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        settings,
        options: {
          proxyUid: 1337,
          proxyGid: 1337,
          inboundCapturePort: 15006,
          outboundCapturePort: 15001,
        },
      },
    });
  });

  it('round-trip the defaults, with empty lists as empty values', () => {
    const args = buildTrafficArgs({ ...defaultTrafficSettings(), excludeOutboundIPRanges: [] });
    const parsed = parseTrafficArgs(args);
    expect(parsed.ok && parsed.value.settings).toEqual(defaultTrafficSettings());
  });

  it('accept --flag=value and default what is absent', () => {
    const parsed = parseTrafficArgs(['--exclude-outbound-ports=53,5432']);
    expect(parsed.ok && parsed.value.settings).toEqual({
      ...defaultTrafficSettings(),
      excludeOutboundPorts: [53, 5432],
    });
  });

  it('always exclude the agent ports inbound', () => {
    const parsed = resolveTrafficFlags({ 'exclude-inbound-ports': '' });
    expect(parsed.ok && parsed.value.settings.excludeInboundPorts).toEqual([15020, 15021]);
  });

  it.each([
    [
      { 'include-outbound-ip-ranges': '10.0.0.1/8' },
      '--include-outbound-ip-ranges: "10.0.0.1/8" has host bits set',
    ],
    [{ 'exclude-outbound-ip-ranges': '*' }, '--exclude-outbound-ip-ranges: "*" is only valid'],
    [{ 'exclude-outbound-ports': '70000' }, '--exclude-outbound-ports: "70000" is not a port'],
    [{ 'proxy-uid': '-1' }, '--proxy-uid: "-1" is not a uid'],
    [{ 'inbound-capture-port': '0' }, '--inbound-capture-port: "0" is not a port'],
    [{ 'include-inbound-ports': '80 -j ACCEPT' }, '--include-inbound-ports: "80 -j ACCEPT"'],
  ])('refuse %o', (values, message) => {
    const parsed = resolveTrafficFlags(values);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('refuse a flag without a value', () => {
    expect(parseTrafficArgs(['--exclude-outbound-ports'])).toEqual({
      ok: false,
      error: '--exclude-outbound-ports has no value',
    });
  });
});
