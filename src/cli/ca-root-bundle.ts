import type { RunningCa } from '../ca/start-ca.js';
import { dirnameOf, joinPath, type FileSystem } from '../shared/fs/file-system.js';
import type { Logger } from '../shared/logger.js';
import type { CaSettings } from './ca-options.js';

/**
 * Where the root bundle is written for clients to pin: `<state-dir>/root-cert.pem`, except with
 * the Secret store (the bundle is in the Secret and, when distributed, in every namespace).
 */
export function rootBundlePath(settings: CaSettings): string | undefined {
  return 'stateDir' in settings.signing
    ? joinPath(settings.signing.stateDir, 'root-cert.pem')
    : undefined;
}

/**
 * Writes the CA's trust bundle where {@link rootBundlePath} says, and again whenever a rotation
 * adds or prunes a root, so that pinned clients can follow; `stop` ends the rewrites. Used by
 * `gangway ca` and `gangway serve` alike.
 */
export async function publishRootBundle(
  ca: RunningCa,
  settings: CaSettings,
  files: FileSystem,
  logger: Logger,
): Promise<{ path: string | undefined; stop: () => void }> {
  const path = rootBundlePath(settings);
  if (path === undefined) return { path, stop: () => undefined };
  const write = (): Promise<void> => files.writeFileAtomic(path, ca.signers.trustBundle().join(''));
  await files.mkdir(dirnameOf(path), { mode: 0o700 });
  await write();
  const stop = ca.signers.onChange(() => {
    write().catch((error: unknown) => logger.warn({ err: error }, 'root bundle not written'));
  });
  return { path, stop };
}
