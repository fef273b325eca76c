import { Registry } from 'prom-client';
import { startCa, type RunningCa } from '../ca/start-ca.js';
import { createNodeFileSystem } from '../shared/fs/index.js';
import { createLogger, type Logger } from '../shared/logger.js';
import {
  buildCaStartOptions,
  caFlags,
  caFlagsHelp,
  readCaSettings,
  type CaBuildContext,
} from './ca-options.js';
import { publishRootBundle } from './ca-root-bundle.js';
import { parseFlags, type CliIo } from './usage.js';

const flags = {
  ...caFlags,
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway ca [flags]

Runs the workload CA alone: gRPC istio.v1.auth.IstioCertificateService over TLS (docs/ca.md).
${caFlagsHelp}  --log-level LEVEL       trace|debug|info|warn|error|fatal|silent (info)

Callers send a service-account token for the audience gangway-ca. Without a cluster, give --issuer
and --jwks (or let the keys be discovered from the issuer). In a pod or with --kubeconfig,
--auth token-review, --root-store secret and --distribute-roots are available.
The root bundle is written to <state-dir>/root-cert.pem for clients to pin (not with the Secret store).
`;

/** A CA started by {@link startCaCommand}. */
export interface CaCommandHandle {
  ca: RunningCa;
  /** The bound port. */
  port: number;
  /** Where the root bundle was written, if anywhere. */
  rootBundle: string | undefined;
  close(): Promise<void>;
}

/** Test seams of {@link startCaCommand}. */
export type CaCommandOverrides = Partial<Pick<CaBuildContext, 'kubeApis' | 'files'>> & {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
};

/**
 * Parses the flags, starts the CA and binds it; returns undefined after printing the help. Split
 * from {@link runCa} so that tests can start and stop the command in-process.
 */
export async function startCaCommand(
  argv: string[],
  io: CliIo,
  overrides: CaCommandOverrides = {},
): Promise<CaCommandHandle | undefined> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return void io.stdout(help);
  const env = overrides.env ?? process.env;
  const settings = readCaSettings(values, env);
  const logger = overrides.logger ?? createLogger({ level: values['log-level'] ?? 'info' });
  const files = overrides.files ?? createNodeFileSystem();
  const options = await buildCaStartOptions(settings, {
    registry: new Registry(),
    logger,
    files,
    env,
    ...(overrides.kubeApis ? { kubeApis: overrides.kubeApis } : {}),
  });
  const ca = await startCa(options);
  try {
    const port = await ca.server.bind(settings.listen);
    const bundle = await publishRootBundle(ca, settings, files, logger);
    const rootBundle = bundle.path;
    logger.info({ port, rootBundle, auth: settings.auth.mode }, 'gangway CA listening');
    const close = async (): Promise<void> => {
      bundle.stop();
      await ca.close();
    };
    return { ca, port, rootBundle, close };
  } catch (error) {
    await ca.close();
    throw error;
  }
}

/** `gangway ca`: the CA on its own, until SIGTERM or SIGINT. */
export async function runCa(argv: string[], io: CliIo): Promise<number> {
  const handle = await startCaCommand(argv, io);
  if (!handle) return 0;
  const stop = (): void => void handle.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}
