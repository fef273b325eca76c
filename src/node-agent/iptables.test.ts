import { describe, expect, it } from 'vitest';
import { defaultTrafficSettings } from '../injection/traffic.js';
import {
  createRedirectProgrammer,
  detectIptablesBackend,
  iptablesTools,
  type CommandResult,
  type CommandRunner,
} from './iptables.js';
import { buildRedirectRuleSet } from './rules/redirect-rules.js';

interface Call {
  command: string;
  args: readonly string[];
  input: string | undefined;
}

/** A runner answering by program name, recording every call. */
function fakeRunner(
  answer: (call: Call) => CommandResult | Error,
): CommandRunner & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    run: async (command, args, options) => {
      const call = { command, args, input: options?.input };
      calls.push(call);
      const result = answer(call);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

const ok = (stdout = ''): CommandResult => ({ code: 0, stdout, stderr: '' });
const spec = { settings: defaultTrafficSettings(), options: {} };
const wanted = buildRedirectRuleSet(spec.settings);
const current = [
  '*nat',
  ...wanted.chains.map((chain) => `:${chain} - [0:0]`),
  ...wanted.hooks,
  ...wanted.rules,
  'COMMIT',
].join('\n');

describe('iptables backend', () => {
  it('names the tools of each backend and family', () => {
    expect(iptablesTools('nft', 4)).toEqual({
      save: 'iptables-nft-save',
      restore: 'iptables-nft-restore',
    });
    expect(iptablesTools('legacy', 6).restore).toBe('ip6tables-legacy-restore');
    expect(iptablesTools('default', 4).save).toBe('iptables-save');
  });

  it('prefers nft, falls back to legacy, then plain iptables', async () => {
    const nft = fakeRunner(() => ok());
    expect(await detectIptablesBackend(nft)).toBe('nft');
    const legacy = fakeRunner((c) => (c.command.includes('nft') ? new Error('ENOENT') : ok()));
    expect(await detectIptablesBackend(legacy)).toBe('legacy');
    const none = fakeRunner(() => ({ code: 1, stdout: '', stderr: 'no' }));
    expect(await detectIptablesBackend(none)).toBeUndefined();
  });
});

describe('redirect programmer', () => {
  it('enters the namespace with nsenter and restores atomically with --noflush', async () => {
    const runner = fakeRunner(() => ok('*nat\nCOMMIT\n'));
    const result = await createRedirectProgrammer(runner, 'nft').apply(
      { path: '/proc/9/ns/net' },
      spec,
      [4],
    );
    expect(result).toEqual({ ok: true, changed: true });
    expect(runner.calls.map((c) => [c.command, ...c.args].join(' '))).toEqual([
      'nsenter --net=/proc/9/ns/net -- iptables-nft-save -t nat',
      'nsenter --net=/proc/9/ns/net -- iptables-nft-restore --noflush --wait 5',
    ]);
    expect(runner.calls[1]!.input).toContain('-A PREROUTING -p tcp -j GANGWAY_INBOUND');
  });

  it('writes nothing when the rules are already current', async () => {
    const runner = fakeRunner(() => ok(current));
    const result = await createRedirectProgrammer(runner, 'legacy').apply({}, spec, [4]);
    expect(result).toEqual({ ok: true, changed: false });
    expect(runner.calls.map((c) => c.command)).toEqual(['iptables-legacy-save']);
  });

  it('reports the failing command and what it printed', async () => {
    const runner = fakeRunner((c) =>
      c.command === 'ip6tables-nft-restore'
        ? { code: 2, stdout: '', stderr: 'ip6tables-restore: line 3 failed\n' }
        : ok(c.command.startsWith('iptables') ? current : ''),
    );
    const result = await createRedirectProgrammer(runner, 'nft').apply({}, spec, [4, 6]);
    expect(result).toEqual({
      ok: false,
      detail:
        'IPv6: ip6tables-nft-restore --noflush --wait 5 exited 2: ip6tables-restore: line 3 failed',
    });
  });

  it('removes only what is installed, and nothing from an empty table', async () => {
    const runner = fakeRunner((c) => ok(c.command.endsWith('save') ? current : ''));
    const programmer = createRedirectProgrammer(runner, 'nft');
    expect(await programmer.remove({}, [4])).toEqual({ ok: true, changed: true });
    expect(runner.calls[1]!.input).toContain('-X GANGWAY_OUTPUT');
    const empty = fakeRunner(() => ok('*nat\nCOMMIT\n'));
    expect(await createRedirectProgrammer(empty, 'nft').remove({}, [4])).toEqual({
      ok: true,
      changed: false,
    });
    expect(empty.calls).toHaveLength(1);
  });

  it('turns a runner error into a failure result', async () => {
    const runner = fakeRunner(() => new Error('spawn nsenter ENOENT'));
    const result = await createRedirectProgrammer(runner, 'nft').apply({ path: '/x' }, spec, [4]);
    expect(result).toMatchObject({
      ok: false,
      detail: expect.stringContaining('spawn nsenter ENOENT'),
    });
  });
});
