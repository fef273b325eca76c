import { digest } from '../cache/resource.js';
import type { MeshService } from './types.js';

/**
 * Content digests of translation inputs, computed once per object (objects are immutable), so that
 * memo keys say "this service, this rule, as they are now" in a few bytes.
 */
export interface InputDigests {
  /** The digest of a service, VirtualService, DestinationRule or any config object. */
  of(object: object): string;
}

function serviceJson(service: MeshService): string {
  return JSON.stringify({
    ...service,
    exportTo: [...service.exportTo].sort(),
    endpoints: [...service.endpoints].sort(([a], [b]) => a - b),
  });
}

/** Builds a digest cache. */
export function createInputDigests(): InputDigests {
  const memo = new WeakMap<object, string>();
  return {
    of(object) {
      let known = memo.get(object);
      if (known === undefined) {
        const text =
          'hostname' in object && 'endpoints' in object
            ? serviceJson(object as MeshService)
            : JSON.stringify(object);
        known = digest(text);
        memo.set(object, known);
      }
      return known;
    },
  };
}
