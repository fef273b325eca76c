import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GangwayError } from '../shared/errors.js';

/** Exit codes shared by every subcommand. */
export const ExitCode = { ok: 0, refused: 1, usage: 2 } as const;

/** Where a subcommand writes; injected so that tests read what was printed. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Parses flags strictly; an unknown flag or a missing value is a usage error (exit 2). */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>
> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', (error as Error).message);
  }
}

/** Throws a usage error unless `value` is one of `allowed`. */
export function requireChoice<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new GangwayError(
    'GANGWAY_ERR_CLI_USAGE',
    `${flag} must be one of ${allowed.join(', ')} (got "${value}")`,
  );
}

/** Parses `k=v,k2=v2` into a map; a malformed pair is a usage error. */
export function parseKeyValueList(flag: string, value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new GangwayError('GANGWAY_ERR_CLI_USAGE', `${flag}: "${pair}" is not key=value`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}
