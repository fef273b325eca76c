import { createHash } from 'node:crypto';
import { GangwayError } from '../../shared/errors.js';
import { joinPath, type FileSystem } from '../../shared/fs/file-system.js';
import { RootStateSchema, type RootState } from './root-state.js';

/** A root state as stored, with the revision that guards concurrent writers. */
export interface StoredRootState {
  state: RootState;
  /** Opaque: a Secret's resourceVersion, a file's hash. */
  revision: string;
}

/**
 * Where a self-signed CA keeps its roots. Two implementations: a Kubernetes Secret
 * ({@link createSecretRootStore}) and a state directory ({@link createDirectoryRootStore}).
 */
export interface RootStore {
  /** The stored state, or undefined when nothing is stored yet. */
  load(): Promise<StoredRootState | undefined>;
  /** Stores `state` only when nothing is stored; returns what is stored afterwards, ours or a rival's. */
  create(state: RootState): Promise<StoredRootState>;
  /** Replaces the state if it is still at `revision`; undefined when someone else wrote first. */
  update(state: RootState, revision: string): Promise<StoredRootState | undefined>;
}

/** Loads the stored roots, creating them with `generate` when there are none. */
export async function loadOrCreateRootState(
  store: RootStore,
  generate: () => Promise<RootState>,
): Promise<StoredRootState> {
  const existing = await store.load();
  if (existing) return existing;
  // Every replica that finds nothing generates a root; create() keeps the first and hands it back
  // to the others, so all replicas converge on one root.
  return store.create(await generate());
}

/** Serialises a root state. */
export function encodeRootState(state: RootState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Parses a stored root state; a damaged one is an error, never silently replaced. */
export function decodeRootState(text: string, where: string): RootState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_CA_ROOT_STORE', `${where} is not JSON`, { cause: error });
  }
  const parsed = RootStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new GangwayError('GANGWAY_ERR_CA_ROOT_STORE', `${where}: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** The file holding the state inside a state directory. */
export const ROOT_STATE_FILE = 'ca-root-state.json';
/** A copy of the trusted roots beside it, for humans and other tools. */
export const ROOT_BUNDLE_FILE = 'root-cert.pem';

/**
 * A RootStore in a state directory, for running without a cluster. create() is atomic across
 * processes (link(2)); update() is guarded only within one process, which is all a directory
 * deployment runs.
 */
export function createDirectoryRootStore(options: { files: FileSystem; dir: string }): RootStore {
  const statePath = joinPath(options.dir, ROOT_STATE_FILE);
  const revisionOf = (text: string): string => createHash('sha256').update(text).digest('hex');
  const load = async (): Promise<StoredRootState | undefined> => {
    const bytes = await options.files.readFileIfExists(statePath);
    if (!bytes) return undefined;
    const text = bytes.toString('utf8');
    return { state: decodeRootState(text, statePath), revision: revisionOf(text) };
  };
  const writeBundle = (state: RootState): Promise<void> =>
    options.files.writeFileAtomic(
      joinPath(options.dir, ROOT_BUNDLE_FILE),
      state.roots.map((root) => root.certificatePem).join(''),
    );
  return {
    load,
    create: async (state) => {
      await options.files.mkdir(options.dir, { mode: 0o700 });
      const text = encodeRootState(state);
      if (await options.files.writeFileExclusive(statePath, text, { mode: 0o600 })) {
        await writeBundle(state);
        return { state, revision: revisionOf(text) };
      }
      const winner = await load();
      if (!winner) throw new GangwayError('GANGWAY_ERR_CA_ROOT_STORE', `${statePath} vanished`);
      return winner;
    },
    update: async (state, revision) => {
      const current = await load();
      if (current?.revision !== revision) return undefined;
      const text = encodeRootState(state);
      await options.files.writeFileAtomic(statePath, text, { mode: 0o600 });
      await writeBundle(state);
      return { state, revision: revisionOf(text) };
    },
  };
}
