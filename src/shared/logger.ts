import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /**
   * Write stdout asynchronously instead of one blocking write per line (lines logged while a
   * write is in flight go out together in the next one): for servers that log every request.
   * Pending lines are flushed on exit, on signals and on uncaught exceptions; only a hard kill
   * can lose the last few.
   */
  nonBlocking?: boolean;
}

/** Builds the structured JSON logger every component shares. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', base: { app: 'gangway' } };
  if (options.destination) return pino(base, options.destination);
  if (options.nonBlocking) return pino(base, pino.destination({ dest: 1, sync: false }));
  return pino(base);
}

/** A logger that discards everything, for tests and pure callers. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
