import { describe, expect, it } from 'vitest';
import { GangwayError } from '../shared/errors.js';
import { resolveServeConfig } from './serve.js';

function resolved(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const config = resolveServeConfig(argv, env);
  if (config === 'help') throw new Error('unexpected help');
  return config;
}

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): GangwayError {
  try {
    resolveServeConfig(argv, env);
  } catch (error) {
    if (error instanceof GangwayError) return error;
    throw error;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('gangway serve flags', () => {
  it('defaults: xDS on 15010, CA and xDS over TLS on 15012, built-in policies, a 10 minute audit', () => {
    const config = resolved([]);
    expect(config).toMatchObject({
      xdsPort: 15010,
      grpcPort: 15012,
      builtinPolicies: true,
      policies: [],
      auditInterval: 600_000,
      writeReports: true,
      reportApi: 'policyreport',
    });
  });

  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['0', 0],
  ])('reads --audit-interval %s as %d ms', (text, ms) => {
    expect(resolved(['--audit-interval', text]).auditInterval).toBe(ms);
  });

  it('takes the audit interval and ports from the environment, flags winning', () => {
    const env = { GANGWAY_AUDIT_INTERVAL: '1h', GANGWAY_XDS_PORT: '-1', GANGWAY_GRPC_PORT: '9012' };
    expect(resolved([], env)).toMatchObject({
      auditInterval: 3_600_000,
      xdsPort: -1,
      grpcPort: 9012,
    });
    expect(resolved(['--grpc-port', '9999'], env).grpcPort).toBe(9999);
  });

  it('collects repeated --policies and the negative switches', () => {
    const config = resolved([
      ...['--policies', 'a', '--policies', 'b'],
      ...['--no-builtin-policies', '--no-write-reports', '--report-api', 'openreports'],
    ]);
    expect(config).toMatchObject({
      policies: ['a', 'b'],
      builtinPolicies: false,
      writeReports: false,
      reportApi: 'openreports',
    });
  });

  it.each([
    [['--audit-interval', '10 minutes'], 'auditInterval'],
    [['--audit-interval=-5s'], 'auditInterval'],
    [['--xds-port', '70000'], 'xdsPort'],
    [['--grpc-port', 'tls'], 'grpcPort'],
    [['--report-api', 'kyverno'], 'reportApi'],
    [['--ca-max-ttl', '0'], 'caMaxTtl'],
  ])('refuses %j with a usage error naming %s', (argv, field) => {
    const error = usageError(argv);
    expect(error.code).toBe('GANGWAY_ERR_CLI_USAGE');
    expect(error.message).toContain(field);
  });
});
