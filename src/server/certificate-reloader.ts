import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { dirname } from 'node:path';
import type { Logger } from '../shared/logger.js';
import { GangwayError } from '../shared/errors.js';

/** A serving certificate and key, as PEM. */
export interface ServingMaterial {
  cert: string;
  key: string;
}

/** Reads and checks a cert/key pair; throws GANGWAY_ERR_TLS_LOAD when they do not make a context. */
export async function loadServingMaterial(
  certFile: string,
  keyFile: string,
): Promise<ServingMaterial> {
  try {
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    createSecureContext({ cert, key });
    return { cert, key };
  } catch (error) {
    throw new GangwayError(
      'GANGWAY_ERR_TLS_LOAD',
      `${certFile} / ${keyFile}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Options for {@link watchServingMaterial}. */
export interface CertificateWatchOptions {
  certFile: string;
  keyFile: string;
  logger: Logger;
  /** Called with new material once it loads and checks; the server swaps its secure context. */
  onReload: (material: ServingMaterial) => void;
  /** Quiet time before reloading, so that a cert and key written one after the other load together. */
  debounceMs?: number;
}

/**
 * Watches the directories of the cert and key (Kubernetes updates Secret mounts by swapping a
 * symlink, which a watch on the file itself misses) and reloads on change. A pair that fails to
 * load is logged and ignored: the server keeps serving with the last good one.
 */
export function watchServingMaterial(options: CertificateWatchOptions): { close(): void } {
  const debounceMs = options.debounceMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  const reload = (): void => {
    loadServingMaterial(options.certFile, options.keyFile).then(
      (material) => {
        options.onReload(material);
        options.logger.info({ cert: options.certFile }, 'serving certificate reloaded');
      },
      (error: unknown) =>
        options.logger.warn(
          { err: error },
          'serving certificate reload failed; keeping the old one',
        ),
    );
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  };
  const dirs = [...new Set([dirname(options.certFile), dirname(options.keyFile)])];
  const watchers: FSWatcher[] = dirs.map((dir) => watch(dir, { persistent: false }, schedule));
  return {
    close: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
