import { spawn } from 'node:child_process';
import type { CommandResult, CommandRunner } from './iptables.js';

/**
 * iptables-restore of a few hundred rules takes milliseconds; 15 s means a wedged kernel lock or a
 * hung nsenter, and the pod is retried rather than the agent stuck.
 */
const DEFAULT_TIMEOUT_MS = 15_000;

/** Output kept per stream: iptables-save of a pod namespace is small; a runaway tool is cut. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

function collect(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size < MAX_OUTPUT_BYTES) chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/** The real CommandRunner: spawns the program (no shell), feeds `input` on stdin, kills on timeout. */
export function createCommandRunner(options: { timeoutMs?: number } = {}): CommandRunner {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    run: (command, args, runOptions) =>
      new Promise<CommandResult>((resolve, reject) => {
        const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'], timeout });
        const stdout = collect(child.stdout);
        const stderr = collect(child.stderr);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          const killed = signal === null ? '' : `killed by ${signal}`;
          resolve({ code: code ?? 128, stdout: stdout(), stderr: stderr() || killed });
        });
        // A tool that exits before reading its input closes the pipe: that is its exit code's story.
        child.stdin.on('error', () => undefined);
        child.stdin.end(runOptions?.input ?? '');
      }),
  };
}
