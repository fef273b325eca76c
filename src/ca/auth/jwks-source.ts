import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { systemClock, type Clock } from '../../shared/clock.js';
import { GangwayError } from '../../shared/errors.js';
import type { FileSystem, FileWatcher } from '../../shared/fs/file-system.js';

/** A JSON document fetched over HTTP(S); injected so that tests and the CLI choose the transport. */
export type GetJson = (url: string) => Promise<unknown>;

/** A set of issuer keys that can be reloaded. */
export interface IssuerKeySet {
  /** The key resolver for jose's jwtVerify. */
  readonly getKey: JWTVerifyGetKey;
  /** Loads the keys; rejects when they cannot be loaded. */
  load(): Promise<void>;
  /** Stops any watch. */
  close(): void;
}

const JwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) });
const DiscoverySchema = z.looseObject({ issuer: z.string(), jwks_uri: z.url() });

type Jwks = Parameters<typeof createLocalJWKSet>[0];

function parseJwks(json: unknown, where: string): Jwks {
  const parsed = JwksSchema.safeParse(json);
  if (!parsed.success) {
    throw new GangwayError(
      'GANGWAY_ERR_CA_AUTH_CONFIG',
      `${where} is not a JWKS: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/**
 * A key set that refetches on an unknown key id (the issuer rotated), at most once per
 * `minRefetchMs` so that a flood of forged tokens cannot turn into a flood of fetches.
 */
function createReloadingKeySet(fetchKeys: () => Promise<Jwks>, clock: Clock, minRefetchMs: number) {
  let current: ReturnType<typeof createLocalJWKSet> | undefined;
  let lastFetchMs = Number.NEGATIVE_INFINITY;
  const load = async (): Promise<void> => {
    lastFetchMs = clock.now();
    current = createLocalJWKSet(await fetchKeys());
  };
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (!current) await load();
    try {
      return await current!(header, token);
    } catch (error) {
      const unknownKey = (error as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY';
      if (!unknownKey || clock.now() - lastFetchMs < minRefetchMs) throw error;
      await load();
      return current!(header, token);
    }
  };
  return { getKey, load };
}

/** Issuer keys from a JWKS file (e.g. the output of `kubectl get --raw /openid/v1/jwks`), watched. */
export function createFileKeySet(options: {
  files: FileSystem;
  path: string;
  clock?: Clock;
}): IssuerKeySet {
  const read = async (): Promise<Jwks> => {
    const text = await options.files.readFile(options.path).then(
      (bytes) => bytes.toString('utf8'),
      (error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        throw new GangwayError(
          'GANGWAY_ERR_CA_AUTH_CONFIG',
          `cannot read ${options.path}: ${detail}`,
          {
            cause: error,
          },
        );
      },
    );
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new GangwayError('GANGWAY_ERR_CA_AUTH_CONFIG', `${options.path} is not JSON`, {
        cause: error,
      });
    }
    return parseJwks(json, options.path);
  };
  const keys = createReloadingKeySet(read, options.clock ?? systemClock, 1_000);
  let watcher: FileWatcher | undefined;
  return {
    getKey: keys.getKey,
    load: async () => {
      await keys.load();
      watcher = options.files.watch([options.path], () => void keys.load().catch(() => undefined));
    },
    close: () => watcher?.close(),
  };
}

/** Options of {@link createDiscoveryKeySet}. */
export interface DiscoveryKeySetOptions {
  /** The issuer URL; its `/.well-known/openid-configuration` names the JWKS. */
  issuer: string;
  getJson: GetJson;
  clock?: Clock;
  /** Smallest interval between two fetches triggered by unknown key ids; 30 s by default. */
  minRefetchMs?: number;
}

/** Issuer keys found through the issuer's OpenID discovery document. */
export function createDiscoveryKeySet(options: DiscoveryKeySetOptions): IssuerKeySet {
  const fetchKeys = async (): Promise<Jwks> => {
    const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const discovery = DiscoverySchema.safeParse(await options.getJson(url));
    if (!discovery.success) {
      throw new GangwayError('GANGWAY_ERR_CA_AUTH_CONFIG', `${url}: ${discovery.error.message}`);
    }
    if (discovery.data.issuer !== options.issuer) {
      // OpenID Connect Discovery 1.0 section 4.3: the document must name the issuer it was fetched for.
      throw new GangwayError(
        'GANGWAY_ERR_CA_AUTH_CONFIG',
        `${url} names issuer ${discovery.data.issuer}`,
      );
    }
    return parseJwks(await options.getJson(discovery.data.jwks_uri), discovery.data.jwks_uri);
  };
  const keys = createReloadingKeySet(
    fetchKeys,
    options.clock ?? systemClock,
    options.minRefetchMs ?? 30_000,
  );
  return { getKey: keys.getKey, load: keys.load, close: () => undefined };
}
