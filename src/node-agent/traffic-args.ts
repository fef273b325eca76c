import {
  RESERVED_INBOUND_PORTS,
  defaultTrafficSettings,
  parseIpRangeList,
  parsePort,
  parsePortList,
  sortPorts,
  type TrafficSettings,
} from '../injection/traffic.js';
import { fail, ok, type ParseResult } from '../injection/parse-result.js';
import type { RedirectOptions } from './rules/redirect-rules.js';

/**
 * The reading side of the injector's `buildTrafficArgs`: the flags gangway-init is given (and that
 * the node agent finds in a pod's gangway-init container) back into traffic settings, with the same
 * strict parsers the annotations went through.
 */

/** What the redirect of one pod is built from. */
export interface RedirectSpec {
  readonly settings: TrafficSettings;
  readonly options: RedirectOptions;
}

/** The flags of `buildTrafficArgs`, without their leading dashes. */
export const TRAFFIC_FLAGS = [
  'proxy-uid',
  'proxy-gid',
  'inbound-capture-port',
  'outbound-capture-port',
  'include-outbound-ip-ranges',
  'exclude-outbound-ip-ranges',
  'include-inbound-ports',
  'exclude-inbound-ports',
  'exclude-outbound-ports',
] as const;

/** One of {@link TRAFFIC_FLAGS}. */
export type TrafficFlag = (typeof TRAFFIC_FLAGS)[number];

/** Flag values by name; an absent flag keeps its default. */
export type TrafficFlagValues = Partial<Record<TrafficFlag, string | undefined>>;

function parseId(text: string): ParseResult<number> {
  const id = Number(text);
  return /^(0|[1-9][0-9]*)$/.test(text) && id <= 2 ** 31 - 1
    ? ok(id)
    : fail(`"${text}" is not a uid or gid`);
}

function numberFlags(values: TrafficFlagValues): ParseResult<RedirectOptions> {
  const out: Record<string, number> = {};
  const table = [
    ['proxy-uid', 'proxyUid', parseId],
    ['proxy-gid', 'proxyGid', parseId],
    ['inbound-capture-port', 'inboundCapturePort', parsePort],
    ['outbound-capture-port', 'outboundCapturePort', parsePort],
  ] as const;
  for (const [flag, key, parse] of table) {
    const text = values[flag];
    if (text === undefined) continue;
    const parsed = parse(text);
    if (!parsed.ok) return fail(`--${flag}: ${parsed.error}`);
    out[key] = parsed.value;
  }
  return ok(out as RedirectOptions);
}

type ListParsers = {
  readonly [K in keyof TrafficSettings]: readonly [
    TrafficFlag,
    (text: string) => ParseResult<TrafficSettings[K]>,
  ];
};

/** The list flags, each with the parser its annotation goes through in the injector. */
const listParsers: ListParsers = {
  includeOutboundIPRanges: [
    'include-outbound-ip-ranges',
    (text) => parseIpRangeList(text, { allowWildcard: true }),
  ],
  excludeOutboundIPRanges: [
    'exclude-outbound-ip-ranges',
    (text) => parseIpRangeList(text, { allowWildcard: false }),
  ],
  includeInboundPorts: [
    'include-inbound-ports',
    (text) => parsePortList(text, { allowWildcard: true }),
  ],
  excludeInboundPorts: [
    'exclude-inbound-ports',
    (text) => parsePortList(text, { allowWildcard: false }),
  ],
  excludeOutboundPorts: [
    'exclude-outbound-ports',
    (text) => parsePortList(text, { allowWildcard: false }),
  ],
};

function listFlags(values: TrafficFlagValues): ParseResult<TrafficSettings> {
  const settings: Record<string, unknown> = { ...defaultTrafficSettings() };
  for (const [key, [flag, parse]] of Object.entries(listParsers)) {
    const text = values[flag];
    if (text === undefined) continue;
    const parsed = (parse as (text: string) => ParseResult<unknown>)(text);
    if (!parsed.ok) return fail(`--${flag}: ${parsed.error}`);
    settings[key] = parsed.value;
  }
  return ok(settings as TrafficSettings);
}

/**
 * Resolves traffic flag values into a redirect spec. The agent's own inbound ports are always
 * excluded, whatever the flags say, so that the kubelet's probes keep reaching the agent.
 */
export function resolveTrafficFlags(values: TrafficFlagValues): ParseResult<RedirectSpec> {
  const options = numberFlags(values);
  if (!options.ok) return options;
  const settings = listFlags(values);
  if (!settings.ok) return settings;
  const excludeInboundPorts = sortPorts([
    ...settings.value.excludeInboundPorts,
    ...RESERVED_INBOUND_PORTS,
  ]);
  return ok({ settings: { ...settings.value, excludeInboundPorts }, options: options.value });
}

/**
 * Reads the traffic flags out of an argument list (`--flag value` or `--flag=value`), ignoring
 * other arguments, as the node agent does with a pod's gangway-init args.
 */
export function parseTrafficArgs(args: readonly string[]): ParseResult<RedirectSpec> {
  const values: TrafficFlagValues = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg : arg.slice(0, eq)).replace(/^--/, '');
    if (!arg.startsWith('--') || !(TRAFFIC_FLAGS as readonly string[]).includes(name)) continue;
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined) return fail(`--${name} has no value`);
    values[name as TrafficFlag] = value;
  }
  return resolveTrafficFlags(values);
}
