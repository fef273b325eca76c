import { createHash } from 'node:crypto';
import type { ProtoObject } from '../resources/envoy-protos.js';
import type { ResourceKind } from '../resources/type-urls.js';

/** One discovery resource: its name, kind, proto value and a content hash that versions it. */
export interface Resource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly value: ProtoObject;
  /** A digest of the value: equal hashes mean equal content, so unchanged resources are not resent. */
  readonly hash: string;
}

/** A short digest of a string: 16 base64url characters (96 bits), ample to tell versions apart. */
export function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

/** Builds a resource, hashing its value. */
export function createResource(kind: ResourceKind, name: string, value: ProtoObject): Resource {
  return Object.freeze({ kind, name, value, hash: digest(JSON.stringify(value)) });
}

/**
 * Shares resource objects between snapshots and between proxies: the same content yields the same
 * object, so its wire encoding (memoized per object) is computed once however many proxies get it.
 */
export interface ResourceInterner {
  /** The shared resource with this content. */
  intern(kind: ResourceKind, name: string, value: ProtoObject): Resource;
  /** Forgets resources not interned since the previous sweep; call once per publication. */
  sweep(): void;
  /** How many resources are held. */
  size(): number;
}

/** Builds an interner with two generations: the current publication and the one before it. */
export function createResourceInterner(): ResourceInterner {
  let current = new Map<string, Resource>();
  let previous = new Map<string, Resource>();
  // The same value object (a memoized translation) is the same resource: no need to hash it again.
  const byValue = new WeakMap<ProtoObject, Resource>();
  return {
    intern(kind, name, value) {
      const same = byValue.get(value);
      if (same && same.kind === kind && same.name === name) {
        current.set(`${kind}\u0000${name}\u0000${same.hash}`, same);
        return same;
      }
      const fresh = createResource(kind, name, value);
      const key = `${kind}\u0000${name}\u0000${fresh.hash}`;
      const known = current.get(key) ?? previous.get(key) ?? fresh;
      current.set(key, known);
      byValue.set(value, known);
      return known;
    },
    sweep() {
      previous = current;
      current = new Map();
    },
    size: () => new Set([...current.keys(), ...previous.keys()]).size,
  };
}
