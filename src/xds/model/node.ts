/**
 * The proxy as it introduces itself in the first DiscoveryRequest: `node.id`, `node.cluster`,
 * `node.metadata` (a google.protobuf.Struct, converted to plain JSON here) and its locality.
 */
export interface XdsNode {
  readonly id: string;
  readonly cluster: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly locality: {
    readonly region?: string;
    readonly zone?: string;
    readonly subZone?: string;
  };
  readonly userAgent: string;
}

type Loose = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/**
 * Converts a decoded google.protobuf.Value to plain JSON. protobufjs defines the well-known Struct
 * types with camelCase field names whatever the loader's keepCase says, hence `stringValue`.
 */
export function valueToJson(value: unknown): unknown {
  if (!isObject(value)) return null;
  if ('stringValue' in value) return value['stringValue'];
  if ('numberValue' in value) return value['numberValue'];
  if ('boolValue' in value) return value['boolValue'];
  if ('structValue' in value) return structToJson(value['structValue']);
  if ('listValue' in value) {
    const list = value['listValue'];
    const values = isObject(list) && Array.isArray(list['values']) ? list['values'] : [];
    return (values as unknown[]).map(valueToJson);
  }
  return null;
}

/** Converts a decoded google.protobuf.Struct to a plain object. */
export function structToJson(struct: unknown): Record<string, unknown> {
  const fields = isObject(struct) && isObject(struct['fields']) ? struct['fields'] : {};
  return Object.fromEntries(Object.entries(fields).map(([key, v]) => [key, valueToJson(v)]));
}

/** Converts plain JSON to a google.protobuf.Struct in proto field names (for bootstrap tests). */
export function jsonToStruct(json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const toValue = (value: unknown): Record<string, unknown> => {
    if (typeof value === 'string') return { stringValue: value };
    if (typeof value === 'number') return { numberValue: value };
    if (typeof value === 'boolean') return { boolValue: value };
    if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
    if (isObject(value)) return { structValue: jsonToStruct(value) };
    return { nullValue: 'NULL_VALUE' };
  };
  return { fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, toValue(v)])) };
}

/** The node of a decoded DiscoveryRequest, or undefined when the request carries none. */
export function nodeFromRequest(node: unknown): XdsNode | undefined {
  if (!isObject(node) || typeof node['id'] !== 'string') return undefined;
  const locality = isObject(node['locality']) ? node['locality'] : {};
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const region = text(locality['region']);
  const zone = text(locality['zone']);
  const subZone = text(locality['sub_zone']);
  return {
    id: node['id'],
    cluster: text(node['cluster']) ?? '',
    metadata: structToJson(node['metadata']),
    locality: {
      ...(region ? { region } : {}),
      ...(zone ? { zone } : {}),
      ...(subZone ? { subZone } : {}),
    },
    userAgent: [text(node['user_agent_name']), text(node['user_agent_version'])]
      .filter(Boolean)
      .join('/'),
  };
}

/**
 * The namespace a node claims: `metadata.NAMESPACE`, else the third part of an Istio-style id
 * (`sidecar~10.0.0.1~pod.ns~ns.svc.cluster.local`), else undefined.
 */
export function namespaceOfNode(node: XdsNode): string | undefined {
  const claimed = node.metadata['NAMESPACE'];
  if (typeof claimed === 'string' && claimed !== '') return claimed;
  const parts = node.id.split('~');
  const podDotNamespace = parts.length === 4 ? parts[2] : undefined;
  const namespace = podDotNamespace?.slice(podDotNamespace.lastIndexOf('.') + 1);
  return namespace === undefined || namespace === '' ? undefined : namespace;
}
