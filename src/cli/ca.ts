import { join } from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { Registry } from 'prom-client';
import { GangwayError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { createNodeFileSystem } from '../shared/fs/index.js';
import {
  createDirectoryRootStore,
  createFileKeySet,
  startCa,
  type SigningMode,
} from '../ca/index.js';
import { parseFlags, type CliIo } from './usage.js';

const flags = {
  listen: { type: 'string' },
  'trust-domain': { type: 'string' },
  'state-dir': { type: 'string' },
  'plugin-dir': { type: 'string' },
  issuer: { type: 'string' },
  jwks: { type: 'string' },
  'max-ttl': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway ca [flags]

Runs the workload CA alone: gRPC istio.v1.auth.IstioCertificateService over TLS (docs/ca.md).
  --listen ADDR         listen address (0.0.0.0:15012)
  --trust-domain TD     SPIFFE trust domain (cluster.local)
  --state-dir DIR       where the self-signed root lives (.gangway/ca)
  --plugin-dir DIR      use an intermediate from ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem
  --issuer URL          service-account token issuer (required)
  --jwks FILE           the issuer's keys as a JWKS file (required)
  --max-ttl SECONDS     longest certificate lifetime (86400 default TTL; clamp)
  --log-level LEVEL     info
The root bundle is written to <state-dir>/root-cert.pem for clients to pin.
`;

/** `gangway ca`: the CA on its own, with callers authenticated by a local JWKS. */
export async function runCa(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return (io.stdout(help), 0);
  if (!values.issuer || !values.jwks) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--issuer and --jwks are required');
  }
  const maxTtl = values['max-ttl'] === undefined ? undefined : Number(values['max-ttl']);
  if (maxTtl !== undefined && !(Number.isInteger(maxTtl) && maxTtl > 0)) {
    throw new GangwayError(
      'GANGWAY_ERR_CLI_USAGE',
      `--max-ttl must be a positive whole number of seconds (got "${values['max-ttl']}")`,
    );
  }
  const files = createNodeFileSystem();
  const stateDir = values['state-dir'] ?? join('.gangway', 'ca');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const signing: SigningMode = values['plugin-dir']
    ? { mode: 'plugin', files, dir: values['plugin-dir'] }
    : { mode: 'self-signed', store: createDirectoryRootStore({ files, dir: stateDir }) };
  const logger = createLogger({ level: values['log-level'] ?? 'info' });
  const ca = await startCa({
    trustDomain: values['trust-domain'] ?? 'cluster.local',
    registry: new Registry(),
    signing,
    authentication: {
      mode: 'jwt',
      issuer: values.issuer,
      keys: createFileKeySet({ files, path: values.jwks }),
    },
    logger,
    ...(maxTtl ? { maxTtlSeconds: maxTtl } : {}),
  });
  const port = await ca.server.bind(values.listen ?? '0.0.0.0:15012');
  await writeFile(join(stateDir, 'root-cert.pem'), ca.signers.trustBundle().join(''));
  logger.info({ port, rootBundle: join(stateDir, 'root-cert.pem') }, 'gangway CA listening');
  const stop = (): void => void ca.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}
