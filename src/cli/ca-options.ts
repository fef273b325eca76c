/**
 * The CA's command-line surface, shared by `gangway ca` and (through {@link buildCaStartOptions})
 * any other command that runs the CA, such as `gangway serve`: flags, their checks, and the
 * assembly of StartCaOptions. Nothing here imports @kubernetes/client-node eagerly: it takes over a
 * second to load, and only the cluster modes need it.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import { createHttpsGetJson } from '../ca/auth/https-json.js';
import { createDiscoveryKeySet, createFileKeySet, type GetJson } from '../ca/auth/jwks-source.js';
import type { KubeCaApis } from '../ca/kube/client-apis.js';
import { createDirectoryRootStore, type RootStore } from '../ca/roots/root-store.js';
import { createSecretRootStore } from '../ca/roots/secret-root-store.js';
import type { AuthenticationMode, SigningMode, StartCaOptions } from '../ca/start-ca.js';
import { DEFAULT_CA_AUDIENCE } from '../ca/auth/identity.js';
import { DEFAULT_MAX_TTL_SECONDS } from '../ca/validity.js';
import { isInCluster } from '../config/serve-config.js';
import { GangwayError, isGangwayError } from '../shared/errors.js';
import type { FileSystem } from '../shared/fs/file-system.js';
import type { Logger } from '../shared/logger.js';
import { requireChoice, type parseFlags } from './usage.js';

/** The flags of `gangway ca`, in node:util parseArgs form. */
export const caFlags = {
  listen: { type: 'string' },
  'trust-domain': { type: 'string' },
  auth: { type: 'string' },
  issuer: { type: 'string' },
  jwks: { type: 'string' },
  'jwks-discovery': { type: 'boolean' },
  'issuer-ca': { type: 'string' },
  'issuer-token': { type: 'string' },
  audience: { type: 'string', multiple: true },
  kubeconfig: { type: 'string' },
  'root-store': { type: 'string' },
  'state-dir': { type: 'string' },
  'plugin-dir': { type: 'string' },
  'distribute-roots': { type: 'boolean' },
  namespace: { type: 'string' },
  identity: { type: 'string' },
  'default-ttl': { type: 'string' },
  'max-ttl': { type: 'string' },
} as const;

/** The help lines of {@link caFlags}. */
export const caFlagsHelp = `  --listen ADDR           listen address (0.0.0.0:15012)
  --trust-domain TD       SPIFFE trust domain (cluster.local)
  --auth MODE             jwt (verify tokens locally) or token-review (ask the API server) (jwt)
  --issuer URL            jwt: the service-account token issuer (required with --auth jwt)
  --jwks FILE             jwt: the issuer's keys as a JWKS file, watched for changes
  --jwks-discovery        jwt: fetch the keys through <issuer>/.well-known/openid-configuration
                          (the default when --jwks is not given)
  --issuer-ca FILE        jwt discovery: PEM bundle to verify the issuer with (system roots)
  --issuer-token FILE     jwt discovery: bearer token sent to the issuer (e.g. the pod's own
                          service-account token when the issuer is the API server)
  --audience AUD          token audience to accept; repeatable (gangway-ca)
  --kubeconfig FILE       cluster access (default: the in-cluster config when in a pod)
  --root-store STORE      self-signed root in a state directory or a Secret (directory)
  --state-dir DIR         directory store: where the self-signed root lives (.gangway/ca)
  --plugin-dir DIR        use an intermediate from ca-cert.pem, ca-key.pem, root-cert.pem,
                          cert-chain.pem instead of a self-signed root
  --distribute-roots      keep the gangway-ca-root-cert ConfigMap in every namespace (cluster)
  --namespace NS          gangway's namespace: the Secret and the Lease ($POD_NAMESPACE,
                          else gangway-system)
  --identity NAME         this replica's name in the Lease ($POD_NAME, else the host name)
  --default-ttl SECONDS   lifetime when a request asks for none (86400)
  --max-ttl SECONDS       longest certificate lifetime; longer requests are clamped (7776000)
`;

/** Parsed values of {@link caFlags}, as parseArgs returns them. */
export type CaFlagValues = ReturnType<typeof parseFlags<typeof caFlags>>['values'];

/** How callers' tokens are checked. */
export type CaAuthSettings =
  | { mode: 'token-review' }
  | { mode: 'jwt'; issuer: string; keys: { file: string } | { discovery: DiscoverySettings } };

/** Where discovery fetches go and with what credentials. */
export interface DiscoverySettings {
  caFile?: string;
  tokenFile?: string;
}

/** Where the signing certificate comes from. */
export type CaSigningSettings =
  | { mode: 'plugin'; dir: string; stateDir: string }
  | { mode: 'self-signed'; store: 'directory'; stateDir: string }
  | { mode: 'self-signed'; store: 'secret' };

/** Checked CA settings: what {@link buildCaStartOptions} needs. */
export interface CaSettings {
  listen: string;
  trustDomain: string;
  auth: CaAuthSettings;
  audiences: string[];
  signing: CaSigningSettings;
  /** Publish the roots to every namespace (needs a cluster). */
  distributeRoots: boolean;
  /** gangway's own namespace: the root Secret and the Lease live there. */
  namespace: string;
  /** This replica's identity in the Lease. */
  identity: string;
  kubeconfig?: string;
  defaultTtlSeconds?: number;
  maxTtlSeconds?: number;
}

const usage = (message: string): GangwayError => new GangwayError('GANGWAY_ERR_CLI_USAGE', message);

/** Checks the flags and fills in defaults; every inconsistency is a usage error (exit 2). */
export function readCaSettings(
  values: CaFlagValues,
  env: NodeJS.ProcessEnv = process.env,
): CaSettings {
  const auth = readAuth(values);
  const signing = readSigning(values);
  const clusterAvailable = isInCluster(env) || values.kubeconfig !== undefined;
  const needsCluster = [
    auth.mode === 'token-review' ? '--auth token-review' : undefined,
    signing.mode === 'self-signed' && signing.store === 'secret'
      ? '--root-store secret'
      : undefined,
    values['distribute-roots'] ? '--distribute-roots' : undefined,
  ].filter((flag) => flag !== undefined);
  if (needsCluster.length > 0 && !clusterAvailable) {
    throw usage(`${needsCluster.join(', ')} needs a cluster: give --kubeconfig or run in a pod`);
  }
  const defaultTtl = readSeconds('--default-ttl', values['default-ttl']);
  const maxTtl = readSeconds('--max-ttl', values['max-ttl']);
  if (defaultTtl !== undefined && defaultTtl > (maxTtl ?? DEFAULT_MAX_TTL_SECONDS)) {
    throw usage(`--default-ttl ${defaultTtl} exceeds the longest lifetime (--max-ttl)`);
  }
  return {
    listen: values.listen ?? '0.0.0.0:15012',
    trustDomain: values['trust-domain'] ?? 'cluster.local',
    auth,
    audiences: readAudiences(values.audience),
    signing,
    distributeRoots: values['distribute-roots'] ?? false,
    namespace: readNamespace(values.namespace ?? nonEmpty(env['POD_NAMESPACE'])),
    identity: values.identity ?? nonEmpty(env['POD_NAME']) ?? hostname(),
    ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}),
    ...(defaultTtl !== undefined ? { defaultTtlSeconds: defaultTtl } : {}),
    ...(maxTtl !== undefined ? { maxTtlSeconds: maxTtl } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readAuth(values: CaFlagValues): CaAuthSettings {
  const mode = requireChoice('--auth', values.auth, ['jwt', 'token-review'] as const, 'jwt');
  const jwtFlags = ['issuer', 'jwks', 'jwks-discovery', 'issuer-ca', 'issuer-token'] as const;
  if (mode === 'token-review') {
    const given = jwtFlags.filter((flag) => values[flag] !== undefined);
    if (given.length > 0) {
      const list = given.map((flag) => `--${flag}`).join(', ');
      throw usage(`${list} only apply to --auth jwt (the API server checks tokens itself)`);
    }
    return { mode };
  }
  if (!values.issuer) throw usage('--auth jwt needs --issuer (the service-account token issuer)');
  if (values.jwks !== undefined) {
    const given = (['jwks-discovery', 'issuer-ca', 'issuer-token'] as const).filter(
      (flag) => values[flag] !== undefined,
    );
    if (given.length > 0) {
      const list = given.map((flag) => `--${flag}`).join(', ');
      throw usage(`--jwks reads the keys from a file; ${list} only apply to discovery`);
    }
    return { mode, issuer: values.issuer, keys: { file: values.jwks } };
  }
  // Discovery fetches <issuer>/.well-known/openid-configuration: the issuer must be a URL we can
  // fetch safely. (With --jwks it is only compared with `iss`, which may be any string.)
  if (!/^https:\/\/[^/]/.test(values.issuer)) {
    throw usage(
      `key discovery needs an https:// --issuer (got "${values.issuer}"); or give --jwks`,
    );
  }
  const discovery: DiscoverySettings = {
    ...(values['issuer-ca'] !== undefined ? { caFile: values['issuer-ca'] } : {}),
    ...(values['issuer-token'] !== undefined ? { tokenFile: values['issuer-token'] } : {}),
  };
  return { mode, issuer: values.issuer, keys: { discovery } };
}

function readSigning(values: CaFlagValues): CaSigningSettings {
  const store = requireChoice(
    '--root-store',
    values['root-store'],
    ['directory', 'secret'] as const,
    'directory',
  );
  const stateDir = values['state-dir'] ?? join('.gangway', 'ca');
  if (values['plugin-dir'] !== undefined) {
    if (values['root-store'] !== undefined) {
      throw usage('--plugin-dir signs with the given intermediate: it takes no --root-store');
    }
    return { mode: 'plugin', dir: values['plugin-dir'], stateDir };
  }
  if (store === 'secret') {
    if (values['state-dir'] !== undefined)
      throw usage(
        '--state-dir does not apply to --root-store secret (the roots live in the Secret)',
      );
    return { mode: 'self-signed', store };
  }
  return { mode: 'self-signed', store, stateDir };
}

/** gangway's namespace: a DNS label, as Kubernetes requires of namespace names. */
function readNamespace(namespace = 'gangway-system'): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
    throw usage(`--namespace must be a Kubernetes namespace name (got "${namespace}")`);
  return namespace;
}

function readAudiences(given: string[] | undefined): string[] {
  if (given === undefined) return [DEFAULT_CA_AUDIENCE];
  if (given.some((audience) => audience.trim() === '')) throw usage('--audience must not be empty');
  return [...new Set(given)];
}

function readSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds <= 0 || !/^\d+$/.test(value.trim())) {
    throw usage(`${flag} must be a positive whole number of seconds (got "${value}")`);
  }
  return seconds;
}

/** What {@link buildCaStartOptions} needs besides the settings. */
export interface CaBuildContext {
  registry: Registry;
  logger: Logger;
  /** File access for the directory store, the JWKS file and the plug-in files. */
  files: FileSystem;
  /** The cluster, when the caller already has a client (e.g. `gangway serve`). */
  kubeConfig?: KubeConfig;
  /** The CA's Kubernetes APIs themselves (tests pass an in-memory kube); wins over kubeConfig. */
  kubeApis?: KubeCaApis;
  env?: NodeJS.ProcessEnv;
}

/**
 * Builds the options of startCa from checked settings. The Kubernetes client is loaded only when a
 * setting needs the cluster; then `kubeApis`, else `kubeConfig`, else a config loaded from
 * `settings.kubeconfig` or the pod's service account is used.
 */
export async function buildCaStartOptions(
  settings: CaSettings,
  context: CaBuildContext,
): Promise<StartCaOptions> {
  const kube = createLazyKube(settings, context);
  const authentication = await buildAuthentication(settings, context, kube);
  const signing = await buildSigning(settings, context, kube);
  let distribution = {};
  if (settings.distributeRoots) {
    const { configMaps, namespaces, leases } = await kube();
    const { namespace, identity } = settings;
    distribution = { distribution: { configMaps, namespaces, leases, namespace, identity } };
  }
  return {
    trustDomain: settings.trustDomain,
    registry: context.registry,
    logger: context.logger,
    signing,
    authentication,
    ...distribution,
    ...(settings.defaultTtlSeconds ? { defaultTtlSeconds: settings.defaultTtlSeconds } : {}),
    ...(settings.maxTtlSeconds ? { maxTtlSeconds: settings.maxTtlSeconds } : {}),
  };
}

/** The CA's Kubernetes APIs, built on first use (once). */
function createLazyKube(settings: CaSettings, context: CaBuildContext): () => Promise<KubeCaApis> {
  let apis: Promise<KubeCaApis> | undefined;
  const connect = async (): Promise<KubeCaApis> => {
    if (context.kubeApis) return context.kubeApis;
    const { createKubeCaApis } = await import('../ca/kube/client-apis.js');
    if (context.kubeConfig) return createKubeCaApis(context.kubeConfig);
    const { loadKubeConfig } = await import('../kube/client.js');
    const inCluster = isInCluster(context.env ?? process.env);
    const kubeconfig = settings.kubeconfig !== undefined ? { kubeconfig: settings.kubeconfig } : {};
    try {
      return createKubeCaApis(loadKubeConfig({ inCluster, ...kubeconfig }));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw usage(`cannot load the cluster configuration: ${detail}`);
    }
  };
  return () => (apis ??= connect());
}

async function buildAuthentication(
  settings: CaSettings,
  context: CaBuildContext,
  kube: () => Promise<KubeCaApis>,
): Promise<AuthenticationMode> {
  const audiences = settings.audiences;
  const auth = settings.auth;
  if (auth.mode === 'token-review') {
    return { mode: 'token-review', reviewer: (await kube()).tokenReviewer, audiences };
  }
  if ('file' in auth.keys) {
    const keys = createFileKeySet({ files: context.files, path: auth.keys.file });
    return { mode: 'jwt', issuer: auth.issuer, keys, audiences };
  }
  const { caFile, tokenFile } = auth.keys.discovery;
  const caPem = caFile === undefined ? undefined : await readText(context.files, caFile);
  const fetchJson = createHttpsGetJson({
    ...(caPem !== undefined ? { caPem } : {}),
    // Read at each fetch: projected tokens are rotated by the kubelet.
    ...(tokenFile !== undefined
      ? { bearerToken: async () => (await readText(context.files, tokenFile)).trim() }
      : {}),
  });
  // Network and TLS failures say what was fetched, as a coded error rather than a bare stack.
  const getJson: GetJson = (url) =>
    fetchJson(url).catch((error: unknown) => {
      if (isGangwayError(error)) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new GangwayError('GANGWAY_ERR_CA_AUTH_CONFIG', `cannot fetch ${url}: ${detail}`, {
        cause: error,
      });
    });
  const keys = createDiscoveryKeySet({ issuer: auth.issuer, getJson });
  return { mode: 'jwt', issuer: auth.issuer, keys, audiences };
}

async function buildSigning(
  settings: CaSettings,
  context: CaBuildContext,
  kube: () => Promise<KubeCaApis>,
): Promise<SigningMode> {
  const signing = settings.signing;
  if (signing.mode === 'plugin') return { mode: 'plugin', files: context.files, dir: signing.dir };
  let store: RootStore;
  if (signing.store === 'secret') {
    store = createSecretRootStore({
      secrets: (await kube()).secrets,
      namespace: settings.namespace,
    });
  } else {
    await context.files.mkdir(signing.stateDir, { mode: 0o700 });
    store = createDirectoryRootStore({ files: context.files, dir: signing.stateDir });
  }
  return { mode: 'self-signed', store };
}

async function readText(files: FileSystem, path: string): Promise<string> {
  try {
    return (await files.readFile(path)).toString('utf8');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GangwayError('GANGWAY_ERR_CA_AUTH_CONFIG', `cannot read ${path}: ${detail}`, {
      cause: error,
    });
  }
}
