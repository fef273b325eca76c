import { X509Certificate } from 'node:crypto';
import { GangwayError } from '../../shared/errors.js';
import { joinPath, type FileSystem, type FileWatcher } from '../../shared/fs/file-system.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import { splitPemCertificates } from '../crypto/cert-fields.js';
import { buildSigner, type Signer, type SignerSource } from '../signer.js';

/** The files of a plug-in CA, named as Istio names them (the `cacerts` Secret). */
export const PLUGIN_FILES = {
  certificate: 'ca-cert.pem',
  key: 'ca-key.pem',
  root: 'root-cert.pem',
  chain: 'cert-chain.pem',
} as const;

/** Options of {@link createPluginSigners}. */
export interface PluginSignersOptions {
  files: FileSystem;
  /** Directory holding the four files (a mounted `cacerts` Secret). */
  dir: string;
  logger?: Logger;
  /** Fallback polling of the files; 5 s by default. */
  pollIntervalMs?: number;
}

/** A plug-in CA: an intermediate and its chain from files, reloaded when they change. */
export interface PluginSigners extends SignerSource {
  /** Loads the files and starts watching them; rejects when they are missing or inconsistent. */
  start(): Promise<void>;
  /** Re-reads the files; keeps the current signer and returns false when they are unusable. */
  reload(): Promise<boolean>;
  /** Stops watching. */
  close(): void;
}

interface Loaded {
  signer: Signer;
  bundle: string[];
  /** Concatenated file contents, to skip reloads that change nothing. */
  signature: string;
}

/** Builds a plug-in CA signer source over a directory of files. */
export function createPluginSigners(options: PluginSignersOptions): PluginSigners {
  const logger = options.logger ?? createSilentLogger();
  const listeners = new Set<() => void>();
  const path = (name: string): string => joinPath(options.dir, name);
  let loaded: Loaded | undefined;
  let watcher: FileWatcher | undefined;
  const reload = async (): Promise<boolean> => {
    try {
      const next = await loadPluginFiles(options.files, path, loaded?.signature);
      if (!next) return true;
      loaded = next;
      logger.info({ fingerprint: next.signer.fingerprint }, 'plug-in CA loaded');
      for (const listener of listeners) listener();
      return true;
    } catch (error) {
      // Files are often replaced one at a time: a half-written set is expected now and then, and
      // the next change event or poll brings the rest. The current signer stays in use meanwhile.
      logger.warn(
        { err: error, dir: options.dir },
        'plug-in CA files unusable; keeping the current signer',
      );
      return false;
    }
  };
  return {
    current: () => loaded?.signer,
    trustBundle: () => loaded?.bundle ?? [],
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start: async () => {
      loaded = await loadPluginFiles(options.files, path, undefined);
      const watched = Object.values(PLUGIN_FILES).map(path);
      const pollIntervalMs = options.pollIntervalMs ?? 5_000;
      watcher = options.files.watch(watched, () => void reload(), { pollIntervalMs });
    },
    reload,
    close: () => watcher?.close(),
  };
}

/** Reads and checks the files; undefined when they are unchanged since `previous`. */
async function loadPluginFiles(
  files: FileSystem,
  path: (name: string) => string,
  previous: string | undefined,
): Promise<Loaded | undefined> {
  const read = async (name: string, required: boolean): Promise<string> => {
    const bytes = await files.readFileIfExists(path(name));
    if (!bytes && required)
      throw new GangwayError('GANGWAY_ERR_CA_PLUGIN_FILES', `${path(name)} is missing`);
    return bytes?.toString('utf8') ?? '';
  };
  const [certificatePem, keyPem, rootPem, chainPem] = await Promise.all([
    read(PLUGIN_FILES.certificate, true),
    read(PLUGIN_FILES.key, true),
    read(PLUGIN_FILES.root, true),
    read(PLUGIN_FILES.chain, false),
  ]);
  const signature = [certificatePem, keyPem, rootPem, chainPem].join('\u0000');
  if (signature === previous) return undefined;
  const roots = splitPemCertificates(rootPem);
  if (roots.length === 0)
    throw new GangwayError(
      'GANGWAY_ERR_CA_PLUGIN_FILES',
      `${PLUGIN_FILES.root} has no certificate`,
    );
  const parentsPem = parentsOf(certificatePem, chainPem, roots);
  const signer = await buildSigner({ certificatePem, keyPem, parentsPem }).catch(
    (error: unknown) => {
      throw new GangwayError('GANGWAY_ERR_CA_PLUGIN_FILES', 'the files do not form a usable CA', {
        cause: error,
      });
    },
  );
  return { signer, bundle: roots, signature };
}

/**
 * The certificates above ca-cert, from cert-chain.pem. Istio's cert-chain.pem usually starts with
 * ca-cert itself and may or may not end with the root; both forms are accepted, and the root that
 * ends the chain must be one of root-cert.pem's.
 */
function parentsOf(certificatePem: string, chainPem: string, roots: readonly string[]): string[] {
  const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;
  const own = fingerprint(certificatePem);
  const parents = splitPemCertificates(chainPem).filter((pem) => fingerprint(pem) !== own);
  const rootPrints = new Map(roots.map((pem) => [fingerprint(pem), pem]));
  const last = new X509Certificate(parents.at(-1) ?? certificatePem);
  if (rootPrints.has(last.fingerprint256)) return parents;
  const issuer = roots.find((pem) => last.checkIssued(new X509Certificate(pem)));
  if (!issuer) {
    throw new GangwayError(
      'GANGWAY_ERR_CA_PLUGIN_FILES',
      `the chain does not end at a root of ${PLUGIN_FILES.root}`,
    );
  }
  return [...parents, issuer];
}
