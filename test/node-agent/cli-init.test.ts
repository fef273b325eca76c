import { describe, expect, it } from 'vitest';
import { runInit, redirectTimeoutMessage, type InitDeps } from '../../src/cli/init.js';
import type { CliIo } from '../../src/cli/usage.js';
import type { CommandResult } from '../../src/node-agent/iptables.js';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readStdin: async () => '',
  };
  return io;
}

function fakeDeps(ipv6 = false): InitDeps & { calls: string[]; inputs: string[] } {
  const calls: string[] = [];
  const inputs: string[] = [];
  return {
    calls,
    inputs,
    hasIpv6: async () => ipv6,
    runner: {
      run: async (command, args, options): Promise<CommandResult> => {
        calls.push([command, ...args].join(' '));
        if (options?.input) inputs.push(options.input);
        return { code: 0, stdout: '*nat\nCOMMIT\n', stderr: '' };
      },
    },
  };
}

describe('gangway init --mode iptables', () => {
  it('programs the pod namespace itself through the shared rule builder', async () => {
    const io = capture();
    const deps = fakeDeps(true);
    const code = await runInit(
      ['--mode', 'iptables', '--exclude-outbound-ports', '5432'],
      io,
      deps,
    );
    expect(code).toBe(0);
    expect(deps.calls).toEqual([
      'iptables-nft-save -t nat',
      'iptables-nft-save -t nat',
      'iptables-nft-restore --noflush --wait 5',
      'ip6tables-nft-save -t nat',
      'ip6tables-nft-restore --noflush --wait 5',
    ]);
    expect(deps.inputs[0]).toContain('-A GANGWAY_OUTPUT -p tcp -m tcp --dport 5432 -j RETURN');
    expect(deps.inputs[1]).toContain('::1/128');
    expect(io.out).toContain('redirect programmed (IPv4, IPv6, iptables nft)');
  });

  it('prints the rules and changes nothing with --dry-run', async () => {
    const io = capture();
    const deps = fakeDeps();
    expect(await runInit(['--mode', 'iptables', '--dry-run'], io, deps)).toBe(0);
    expect(deps.calls).toEqual([]);
    expect(io.out).toMatch(/^# IPv4: iptables-restore --noflush\n\*nat\n/);
  });

  it('refuses bad usage with a coded usage error', async () => {
    const io = capture();
    await expect(runInit([], io, fakeDeps())).rejects.toMatchObject({
      code: 'GANGWAY_ERR_CLI_USAGE',
    });
    await expect(runInit(['--mode', 'ebpf'], io, fakeDeps())).rejects.toMatchObject({
      code: 'GANGWAY_ERR_CLI_USAGE',
    });
    await expect(
      runInit(['--mode', 'iptables', '--exclude-inbound-ports', '99999'], io, fakeDeps()),
    ).rejects.toThrow(/--exclude-inbound-ports: "99999" is not a port/);
    await expect(runInit(['--mode', 'iptables', '--validate'], io, fakeDeps())).rejects.toThrow(
      /--validate is for --mode cni/,
    );
  });

  it('fails when no iptables works', async () => {
    const io = capture();
    const deps: InitDeps = {
      hasIpv6: async () => false,
      runner: { run: async () => ({ code: 127, stdout: '', stderr: 'not found' }) },
    };
    expect(await runInit(['--mode', 'iptables'], io, deps)).toBe(1);
    expect(io.err).toContain('no working iptables');
  });
});

describe('gangway init --mode cni', () => {
  it('has nothing to do without --validate', async () => {
    const io = capture();
    expect(await runInit(['--mode', 'cni'], io, fakeDeps())).toBe(0);
    expect(io.out).toContain('nothing to do');
  });

  it('names the node agent when the redirect never appears', () => {
    const message = redirectTimeoutMessage(60, 'connect ECONNREFUSED 127.0.0.6:15002');
    expect(message).toContain('not in place after 60 s');
    expect(message).toContain('gangway node agent');
    expect(message).toContain('gangway-node-agent');
  });
});
