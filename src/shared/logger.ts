import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/** Builds the structured JSON logger every component shares. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', base: { app: 'gangway' } };
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that discards everything, for tests and pure callers. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
