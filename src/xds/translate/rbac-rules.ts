import type {
  AuthorizationOperation,
  AuthorizationRule,
  AuthorizationSource,
} from '../model/istio-policy.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import type { Flavor } from './traffic-policy.js';

/**
 * One AuthorizationPolicy rule as an Envoy RBAC policy: `from` entries ORed, fields within a
 * source ANDed, values within a field ORed; the same for `to` operations; `when` conditions ANDed.
 */

/** Istio's wildcard strings (`*`, `prefix*`, `*suffix`, exact) as a StringMatcher. */
export function wildcardMatcher(value: string, prefix = ''): ProtoObject {
  if (value === '*') return { safe_regex: { regex: '.+' } };
  if (value.endsWith('*')) return { prefix: prefix + value.slice(0, -1) };
  if (value.startsWith('*')) return { suffix: value.slice(1) };
  return { exact: prefix + value };
}

function cidr(text: string): ProtoObject {
  const [address = '', length] = text.split('/');
  const full = address.includes(':') ? 128 : 32;
  return {
    address_prefix: address,
    prefix_len: { value: length === undefined ? full : Number(length) },
  };
}

type Item = ProtoObject;
type Combine = (items: Item[]) => Item;

const orIds: Combine = (ids) => (ids.length === 1 ? ids[0]! : { or_ids: { ids } });
const andIds: Combine = (ids) => (ids.length === 1 ? ids[0]! : { and_ids: { ids } });
const orRules: Combine = (rules) => (rules.length === 1 ? rules[0]! : { or_rules: { rules } });
const andRules: Combine = (rules) => (rules.length === 1 ? rules[0]! : { and_rules: { rules } });

/** A field's values ORed, its not-values negated; undefined when the field is unset. */
function field(
  values: readonly string[] | null | undefined,
  negated: readonly string[] | null | undefined,
  one: (v: string) => Item,
  or: Combine,
  not: (item: Item) => Item,
): Item[] {
  const out: Item[] = [];
  if (values && values.length > 0) out.push(or(values.map(one)));
  if (negated && negated.length > 0) out.push(not(or(negated.map(one))));
  return out;
}

/** Istio principals are SPIFFE ids without the scheme: `cluster.local/ns/default/sa/web`. */
function principal(value: string): Item {
  return {
    authenticated: { principal_name: wildcardMatcher(value, value === '*' ? '' : 'spiffe://') },
  };
}

function namespacePrincipal(ns: string): Item {
  return { authenticated: { principal_name: { safe_regex: { regex: `.*/ns/${ns}/.*` } } } };
}

/** The principal of one `from.source`; notes unsupported fields through `skip`. */
export function sourcePrincipal(
  source: AuthorizationSource,
  unsupported: (what: string) => void,
): Item {
  const notId = (id: Item): Item => ({ not_id: id });
  const parts = [
    ...field(source.principals, source.notPrincipals, principal, orIds, notId),
    ...field(source.namespaces, source.notNamespaces, namespacePrincipal, orIds, notId),
    ...field(
      source.ipBlocks,
      source.notIpBlocks,
      (v) => ({ direct_remote_ip: cidr(v) }),
      orIds,
      notId,
    ),
  ];
  if (source.requestPrincipals && source.requestPrincipals.length > 0)
    unsupported('requestPrincipals (JWT)');
  return parts.length === 0 ? { any: true } : andIds(parts);
}

/** The permission of one `to.operation`. */
export function operationPermission(operation: AuthorizationOperation, flavor: Flavor): Item {
  const notRule = (rule: Item): Item => ({ not_rule: rule });
  const header =
    (name: string) =>
    (v: string): Item => ({ header: { name, string_match: wildcardMatcher(v) } });
  const method = (v: string): Item =>
    // gRPC requests are all POSTs and gRPC's RBAC does not see :method; decide statically.
    flavor === 'grpc'
      ? v === 'POST' || v === '*'
        ? { any: true }
        : { not_rule: { any: true } }
      : header(':method')(v);
  const parts = [
    ...field(operation.hosts, operation.notHosts, header(':authority'), orRules, notRule),
    ...field(
      operation.ports,
      operation.notPorts,
      (v) => ({ destination_port: Number(v) }),
      orRules,
      notRule,
    ),
    ...field(operation.methods, operation.notMethods, method, orRules, notRule),
    ...field(
      operation.paths,
      operation.notPaths,
      (v) => ({ url_path: { path: wildcardMatcher(v) } }),
      orRules,
      notRule,
    ),
  ];
  return parts.length === 0 ? { any: true } : andRules(parts);
}

/** A `when` condition as a principal or permission; undefined when the key is not supported. */
function condition(
  key: string,
  values: readonly string[],
): { principal?: Item; permission?: Item } | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header)
    return {
      permission: orRules(
        values.map((v) => ({
          header: { name: header[1]!.toLowerCase(), string_match: wildcardMatcher(v) },
        })),
      ),
    };
  if (key === 'source.ip')
    return { principal: orIds(values.map((v) => ({ direct_remote_ip: cidr(v) }))) };
  if (key === 'source.namespace') return { principal: orIds(values.map(namespacePrincipal)) };
  if (key === 'source.principal') return { principal: orIds(values.map(principal)) };
  if (key === 'destination.port')
    return { permission: orRules(values.map((v) => ({ destination_port: Number(v) }))) };
  return undefined;
}

/** The Envoy RBAC policy of one rule, or undefined when the rule can never match. */
export function rulePolicy(
  rule: AuthorizationRule,
  options: { flavor: Flavor; action: 'ALLOW' | 'DENY'; note: (m: string) => void },
): ProtoObject | undefined {
  let sawUnsupported = false;
  const unsupported = (what: string): void => {
    sawUnsupported = true;
    options.note(`${what} is not supported`);
  };
  const principals = (rule.from ?? []).map((f) => sourcePrincipal(f.source ?? {}, unsupported));
  const permissions = (rule.to ?? []).map((t) =>
    operationPermission(t.operation ?? {}, options.flavor),
  );
  const extraIds: Item[] = [];
  const extraRules: Item[] = [];
  for (const when of rule.when ?? []) {
    const built = condition(when.key, when.values ?? []);
    if (!built) {
      unsupported(`condition ${when.key}`);
      continue;
    }
    if (built.principal) extraIds.push(built.principal);
    if (built.permission) extraRules.push(built.permission);
  }
  // Fail closed: an ALLOW rule that cannot be checked never matches; a DENY rule matches wider
  // (the unsupported part is left out).
  if (sawUnsupported && options.action === 'ALLOW') return undefined;
  const from = principals.length > 0 ? orIds(principals) : { any: true };
  const to = permissions.length > 0 ? orRules(permissions) : { any: true };
  return {
    principals: [extraIds.length > 0 ? andIds([from, ...extraIds]) : from],
    permissions: [extraRules.length > 0 ? andRules([to, ...extraRules]) : to],
  };
}
