import type { SecretApi } from '../kube/apis.js';
import {
  decodeRootState,
  encodeRootState,
  ROOT_BUNDLE_FILE,
  ROOT_STATE_FILE,
  type RootStore,
  type StoredRootState,
} from './root-store.js';
import type { RootState } from './root-state.js';

/** Name of the Secret holding a self-signed CA's roots. */
export const CA_SECRET_NAME = 'gangway-ca';
/** Type of that Secret, so tooling can tell it apart. */
export const CA_SECRET_TYPE = 'gangway.io/ca-root';

/** Options of {@link createSecretRootStore}. */
export interface SecretRootStoreOptions {
  secrets: SecretApi;
  /** gangway's own namespace. */
  namespace: string;
  /** The Secret's name; `gangway-ca` by default. */
  name?: string;
}

/**
 * A RootStore in a Kubernetes Secret. Creation is create-if-absent followed by a re-read, so
 * replicas starting together converge on whichever root the API server accepted first; updates are
 * compare-and-swap on resourceVersion.
 */
export function createSecretRootStore(options: SecretRootStoreOptions): RootStore {
  const name = options.name ?? CA_SECRET_NAME;
  const where = `Secret ${options.namespace}/${name}`;
  const load = async (): Promise<StoredRootState | undefined> => {
    const secret = await options.secrets.read(options.namespace, name);
    const text = secret?.data[ROOT_STATE_FILE];
    if (!secret || text === undefined) return undefined;
    return { state: decodeRootState(text, where), revision: secret.resourceVersion ?? '' };
  };
  const toData = (state: RootState): Record<string, string> => ({
    [ROOT_STATE_FILE]: encodeRootState(state),
    [ROOT_BUNDLE_FILE]: state.roots.map((root) => root.certificatePem).join(''),
  });
  return {
    load,
    create: async (state) => {
      await options.secrets.create(options.namespace, name, {
        data: toData(state),
        type: CA_SECRET_TYPE,
      });
      // Re-read whether we won or lost: the stored Secret is the one truth, with its revision.
      const stored = await load();
      if (!stored) throw new Error(`${where} missing right after create`);
      return stored;
    },
    update: async (state, revision) => {
      const outcome = await options.secrets.replace(options.namespace, name, {
        data: toData(state),
        type: CA_SECRET_TYPE,
        resourceVersion: revision,
      });
      return outcome === 'replaced' ? load() : undefined;
    },
  };
}
