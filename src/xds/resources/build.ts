import type { ProtoObject } from './envoy-protos.js';

/** A `google.protobuf.Duration` as protobufjs takes it. */
export interface ProtoDuration {
  readonly seconds: number;
  readonly nanos: number;
}

/** A duration from milliseconds. */
export function durationFromMs(ms: number): ProtoDuration {
  const whole = Math.floor(ms / 1000);
  return { seconds: whole, nanos: Math.round((ms - whole * 1000) * 1e6) };
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/**
 * Milliseconds of an Istio/Go duration such as `1.5s`, `100ms` or `1h30m`; undefined when the text
 * is not one, so that callers decide what a bad duration means.
 */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce(
    (sum, [, value, unit]) => sum + Number(value) * DURATION_UNITS[unit ?? 's']!,
    0,
  );
}

/** A duration message from an Istio duration string, or undefined. */
export function durationFromString(text: string | undefined): ProtoDuration | undefined {
  const ms = parseDurationMs(text);
  return ms === undefined ? undefined : durationFromMs(ms);
}

/** A `UInt32Value`/`BoolValue`-style wrapper. */
export function wrap<T>(value: T): { readonly value: T } {
  return { value };
}

/** An `Any` in the `@type` form the encoder expands. */
export function anyOf(typeUrl: string, body: ProtoObject = {}): ProtoObject {
  return { '@type': typeUrl, ...body };
}

/** An Envoy `FractionalPercent` (per million) from a percentage such as 12.5. */
export function fractionalPercent(percent: number): ProtoObject {
  const bounded = Math.min(100, Math.max(0, percent));
  return { numerator: Math.round(bounded * 10_000), denominator: 'MILLION' };
}

/** The ADS config source every dynamic reference points at. */
export const ADS_CONFIG_SOURCE: ProtoObject = { ads: {}, resource_api_version: 'V3' };

/** A socket address. */
export function socketAddress(address: string, port: number): ProtoObject {
  return { socket_address: { address, port_value: port } };
}

/** Drops keys whose value is undefined, so optional parts stay out of the encoded message. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = field;
  return out as T;
}
