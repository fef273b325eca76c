import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { resolveEnvoyProtoDirs } from '../../shared/fs/index.js';
import { messageNameOf } from './type-urls.js';

/** The Envoy API files gangway encodes with; their imports come along. */
export const ENVOY_PROTO_FILES: readonly string[] = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/filters/http/rbac/v3/rbac.proto',
  'envoy/extensions/filters/network/rbac/v3/rbac.proto',
  'envoy/extensions/filters/listener/original_dst/v3/original_dst.proto',
  'envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto',
  'envoy/extensions/filters/listener/http_inspector/v3/http_inspector.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/transport_sockets/raw_buffer/v3/raw_buffer.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
];

/** A protobuf message as a plain object in proto field names (snake_case); `Any` carries `@type`. */
export type ProtoObject = { readonly [field: string]: unknown };

/** A `google.protobuf.Any` ready for the wire. */
export interface EncodedAny {
  readonly type_url: string;
  readonly value: Buffer;
}

/** The loaded Envoy API: encoders, decoders and descriptors by message name. */
export interface EnvoyProtos {
  /** The package definition, for building the ADS gRPC service. */
  readonly packageDefinition: PackageDefinition;
  /** Encodes a message (plain object in proto field names) of the named type. */
  encode(messageName: string, value: ProtoObject): Buffer;
  /** Decodes a message to a plain object, expanding nested `Any` into `@type` objects. */
  decode(messageName: string, bytes: Buffer): ProtoObject;
  /** Encodes an object carrying `@type` into an `Any`. */
  encodeAny(value: ProtoObject): EncodedAny;
}

let loaded: EnvoyProtos | undefined;

/**
 * Loads the Envoy protos once per process (about half a second) from the include directories
 * @grpc/grpc-js-xds ships; every later call returns the same instance.
 */
export function loadEnvoyProtos(): EnvoyProtos {
  loaded ??= buildEnvoyProtos(
    loadSync([...ENVOY_PROTO_FILES], {
      keepCase: true,
      includeDirs: resolveEnvoyProtoDirs(),
      longs: String,
      enums: String,
      defaults: false,
      oneofs: false,
      json: true,
    }),
  );
  return loaded;
}

interface MessageEntry {
  serialize(value: unknown): Buffer;
  deserialize(bytes: Buffer): unknown;
}

function buildEnvoyProtos(packageDefinition: PackageDefinition): EnvoyProtos {
  const entry = (name: string): MessageEntry => {
    const found = packageDefinition[name] as unknown as Partial<MessageEntry> | undefined;
    if (!found?.serialize || !found.deserialize) throw new Error(`unknown message type ${name}`);
    return found as MessageEntry;
  };
  return {
    packageDefinition,
    encode: (name, value) => entry(name).serialize(value),
    decode: (name, bytes) => entry(name).deserialize(bytes) as ProtoObject,
    encodeAny: (value) => {
      const typeUrl = value['@type'];
      if (typeof typeUrl !== 'string') throw new Error('value has no @type');
      return { type_url: typeUrl, value: entry(messageNameOf(typeUrl)).serialize(value) };
    },
  };
}
