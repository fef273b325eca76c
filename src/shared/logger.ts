import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /**
   * Write stdout asynchronously and in batches instead of one blocking write per line: for
   * servers that log every request. Lines are gathered up to {@link BATCH_BYTES} or for at most
   * {@link BATCH_MAX_DELAY_MS}, whichever comes first, so that a busy server makes one write (and
   * one hand-off to libuv's thread pool) per dozen reviews rather than per review. Pending lines
   * are flushed on exit, on signals and on uncaught exceptions; only a hard kill can lose them.
   */
  nonBlocking?: boolean;
  /** The file descriptor a non-blocking logger writes to: stdout (1) by default. */
  fd?: number;
}

/** Bytes of log lines gathered before a non-blocking logger writes them: a dozen review lines. */
const BATCH_BYTES = 4096;
/** The longest a non-blocking logger holds a line back when the server is quiet. */
const BATCH_MAX_DELAY_MS = 250;

/** Builds the structured JSON logger every component shares. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', base: { app: 'gangway' } };
  if (options.destination) return pino(base, options.destination);
  if (options.nonBlocking) {
    const destination = pino.destination({
      dest: options.fd ?? 1,
      sync: false,
      minLength: BATCH_BYTES,
      periodicFlush: BATCH_MAX_DELAY_MS,
    });
    return pino(base, destination);
  }
  return pino(base);
}

/** A logger that discards everything, for tests and pure callers. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
