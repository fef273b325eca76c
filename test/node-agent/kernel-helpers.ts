import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

/**
 * The real-kernel test's stand-in pod: a network namespace joined by a veth pair to a "peer"
 * namespace, TCP servers inside both, and a client run as any uid. Private test addresses are only
 * ever used inside the namespaces created here; nothing touches the host's network.
 */

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');

/** Runs a command; resolves with its exit code and output instead of throwing. */
export async function sh(
  command: string,
  args: string[],
  timeoutMs = 20_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as {
      code?: number | string;
      stdout?: string;
      stderr?: string;
      message: string;
    };
    const code = typeof e.code === 'number' ? e.code : 127;
    return { code, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

/** Why the real-kernel test cannot run here, or undefined when it can. */
export async function kernelTestBlocker(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (ip netns and iptables need root)';
  for (const tool of ['ip', 'nsenter', 'setpriv', 'iptables-restore']) {
    if ((await sh('sh', ['-c', `command -v ${tool}`])).code !== 0)
      return `${tool} is not installed`;
  }
  const probe = `gwk-check-${process.pid}`;
  const added = await sh('ip', ['netns', 'add', probe]);
  if (added.code !== 0) return `ip netns add failed: ${added.stderr.trim()}`;
  const nat = await sh('ip', ['netns', 'exec', probe, 'iptables-save', '-t', 'nat']);
  await sh('ip', ['netns', 'del', probe]);
  if (nat.code !== 0) return `iptables cannot read the nat table: ${nat.stderr.trim()}`;
  return undefined;
}

const SERVER = `
import { createServer } from 'node:net';
const servers = process.argv.slice(2).map((spec) => {
  const [port, name] = spec.split('=');
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end(name + '\\n'));
    server.listen(Number(port), '0.0.0.0', resolve);
  });
});
Promise.all(servers).then(() => console.log('ready'));
`;

const CLIENT = `
import { connect } from 'node:net';
const [host, port] = process.argv.slice(2);
const socket = connect({ host, port: Number(port) });
let text = '';
socket.setTimeout(3000, () => { console.log('error:timeout'); process.exit(0); });
socket.on('data', (chunk) => (text += chunk));
socket.on('end', () => console.log(text.trim()));
socket.on('error', (error) => console.log('error:' + error.code));
`;

const DRIVER = `
import { runInit } from './src/cli/init.js';
const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), readStdin: async () => '' };
runInit(process.argv.slice(2), io).then((code) => (process.exitCode = code), (e) => { console.error(e); process.exitCode = 3; });
`;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat().filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
}

/**
 * Compiles src/ to JavaScript (type-stripping only) under node_modules/.cache, so that processes
 * started inside a namespace run the real `gangway init` code with the repository's dependencies.
 */
export async function buildScripts(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  await mkdir(join(repo, 'node_modules', '.cache'), { recursive: true });
  const dir = await mkdtemp(join(repo, 'node_modules', '.cache', 'gangway-kernel-'));
  await chmod(dir, 0o755);
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  for (const file of await sourceFiles(join(repo, 'src'))) {
    const output = ts.transpileModule(await readFile(file, 'utf8'), {
      compilerOptions: { ...options, verbatimModuleSyntax: true },
    }).outputText;
    const target = join(dir, relative(repo, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, output);
  }
  await writeFile(join(dir, 'server.mjs'), SERVER);
  await writeFile(join(dir, 'client.mjs'), CLIENT);
  await writeFile(join(dir, 'init-driver.mjs'), DRIVER);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts the TCP servers in a namespace; resolves once they listen. */
export async function startServers(
  netns: string,
  script: string,
  specs: string[],
): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, script, ...specs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`servers in ${netns} exited ${code}`)));
  });
  return child;
}

/** A command run inside a namespace, as a uid when given (no capabilities then). */
export function inNetns(netns: string, uid: number | undefined, command: string[]): string[] {
  const as =
    uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
  return ['netns', 'exec', netns, ...as, ...command];
}

/** Connects from inside a namespace and returns what the server said (or `error:CODE`). */
export async function dial(
  scripts: string,
  netns: string,
  host: string,
  port: number,
  uid?: number,
): Promise<string> {
  const args = inNetns(netns, uid, [
    process.execPath,
    join(scripts, 'client.mjs'),
    host,
    String(port),
  ]);
  const result = await sh('ip', args);
  return result.stdout.trim() || `error:exit ${result.code} ${result.stderr.trim()}`;
}

/** Creates the pod and peer namespaces joined by a veth pair, loopback up in both. */
export async function createNamespaces(pod: string, peer: string): Promise<void> {
  const steps: string[][] = [
    ['netns', 'add', pod],
    ['netns', 'add', peer],
    ['-n', pod, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', peer],
    ['-n', pod, 'addr', 'add', '10.251.0.2/24', 'dev', 'eth0'],
    ['-n', peer, 'addr', 'add', '10.251.0.1/24', 'dev', 'eth0'],
    ['-n', peer, 'addr', 'add', '10.251.0.3/24', 'dev', 'eth0'],
    ['-n', pod, 'link', 'set', 'lo', 'up'],
    ['-n', peer, 'link', 'set', 'lo', 'up'],
    ['-n', pod, 'link', 'set', 'eth0', 'up'],
    ['-n', peer, 'link', 'set', 'eth0', 'up'],
  ];
  for (const step of steps) {
    const result = await sh('ip', step);
    if (result.code !== 0) throw new Error(`ip ${step.join(' ')}: ${result.stderr}`);
  }
}

/** Removes the namespaces (the veth pair goes with them). */
export async function deleteNamespaces(...names: string[]): Promise<void> {
  for (const name of names) await sh('ip', ['netns', 'del', name]);
}

/** iptables-save of the nat table in a namespace, without comments and counters. */
export async function natTable(netns: string, save = 'iptables-save'): Promise<string> {
  const result = await sh('ip', ['netns', 'exec', netns, save, '-t', 'nat']);
  return result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => line.replace(/\[\d+:\d+\]$/, '[0:0]'))
    .join('\n');
}
