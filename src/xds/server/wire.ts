import type { EncodedAny } from '../resources/envoy-protos.js';

/**
 * Hand-written protobuf for the one message the server sends most: a DiscoveryResponse is four
 * fields, and writing it directly lets every proxy share the pre-encoded bytes of each resource
 * instead of re-encoding the same Any for each of thousands of streams.
 */

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2). */
function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

function stringField(field: number, text: string): Buffer {
  return text === '' ? Buffer.alloc(0) : lengthDelimited(field, Buffer.from(text, 'utf8'));
}

/** An Any encoded as the `resources` field (2) of a DiscoveryResponse, ready to concatenate. */
export function encodeResourceField(any: EncodedAny): Buffer {
  const body = Buffer.concat([stringField(1, any.type_url), lengthDelimited(2, any.value)]);
  return lengthDelimited(2, body);
}

/** The parts of a DiscoveryResponse. */
export interface ResponseParts {
  readonly versionInfo: string;
  readonly typeUrl: string;
  readonly nonce: string;
  /** Outputs of {@link encodeResourceField}. */
  readonly resourceFields: readonly Buffer[];
}

/** Encodes `envoy.service.discovery.v3.DiscoveryResponse`. */
export function encodeDiscoveryResponse(parts: ResponseParts): Buffer {
  return Buffer.concat([
    stringField(1, parts.versionInfo),
    ...parts.resourceFields,
    stringField(4, parts.typeUrl),
    stringField(5, parts.nonce),
  ]);
}
