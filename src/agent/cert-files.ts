import { joinPath, type FileSystem } from '../shared/fs/file-system.js';

/** The files the agent keeps in the certificate directory (Istio's names). */
export const CERT_FILES = {
  chain: 'cert-chain.pem',
  key: 'key.pem',
  root: 'root-cert.pem',
} as const;

/** What is written. */
export interface CertFileSet {
  chainPem: readonly string[];
  keyPem: string;
  rootsPem: readonly string[];
}

/**
 * Writes the three files, each atomically (temporary file, then rename), so a reader never sees a
 * torn file. The key first and the chain last: a reader that sees a new chain finds its key there.
 */
export async function writeCertFiles(
  files: FileSystem,
  dir: string,
  set: CertFileSet,
  options: { keyGroupReadable?: boolean } = {},
): Promise<void> {
  await files.mkdir(dir, { mode: 0o755 });
  // 0640 when the app containers read the key too (proxyless gRPC): they share the agent's group.
  const keyMode = options.keyGroupReadable ? 0o640 : 0o600;
  await files.writeFileAtomic(joinPath(dir, CERT_FILES.key), set.keyPem, { mode: keyMode });
  await files.writeFileAtomic(joinPath(dir, CERT_FILES.root), set.rootsPem.join(''), {
    mode: 0o644,
  });
  await files.writeFileAtomic(joinPath(dir, CERT_FILES.chain), set.chainPem.join(''), {
    mode: 0o644,
  });
}

/** Removes the chain and the key (an expired certificate must not be used); the roots stay. */
export async function removeCertFiles(files: FileSystem, dir: string): Promise<void> {
  await files.remove(joinPath(dir, CERT_FILES.chain));
  await files.remove(joinPath(dir, CERT_FILES.key));
}
