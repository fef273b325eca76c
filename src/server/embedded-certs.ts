import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** Files of the embedded serving material under the state directory. */
export interface EmbeddedCertificatePaths {
  caCert: string;
  cert: string;
  key: string;
}

/** The serving certificate's names: loopback and the in-cluster Service DNS names. */
export function servingDnsNames(service: string, namespace: string): string[] {
  return [
    'localhost',
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
}

/** Renew the embedded certificate when it has less than this left, so it never expires in use. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/**
 * Returns the embedded CA and serving certificate under `stateDir`, generating them on first use
 * and reusing them afterwards (so a caBundle rendered once stays valid across restarts). They are
 * regenerated when missing, unreadable, near expiry or not covering `dnsNames`.
 */
export async function ensureEmbeddedCertificates(
  stateDir: string,
  dnsNames: readonly string[],
  now: number = Date.now(),
): Promise<EmbeddedCertificatePaths> {
  const paths = {
    caCert: join(stateDir, 'ca.crt'),
    cert: join(stateDir, 'tls.crt'),
    key: join(stateDir, 'tls.key'),
  };
  if (await isReusable(paths, dnsNames, now)) return paths;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const { caCert, caKey, cert, key } = await generateServingMaterial(dnsNames, now);
  await writeFile(join(stateDir, 'ca.key'), caKey, { mode: 0o600 });
  await writeFile(paths.caCert, caCert, { mode: 0o644 });
  await writeFile(paths.key, key, { mode: 0o600 });
  await writeFile(paths.cert, cert, { mode: 0o644 });
  return paths;
}

async function isReusable(
  paths: EmbeddedCertificatePaths,
  dnsNames: readonly string[],
  now: number,
): Promise<boolean> {
  try {
    const [certPem] = await Promise.all([
      readFile(paths.cert, 'utf8'),
      readFile(paths.key),
      readFile(paths.caCert),
    ]);
    const cert = new X509Certificate(certPem);
    const expires = Date.parse(cert.validTo);
    const names = cert.subjectAltName ?? '';
    return expires - now > RENEW_BEFORE_MS && dnsNames.every((n) => names.includes(`DNS:${n}`));
  } catch {
    return false;
  }
}

async function generateServingMaterial(
  dnsNames: readonly string[],
  now: number,
): Promise<{ caCert: string; caKey: string; cert: string; key: string }> {
  const notBeforeDate = new Date(now - 60_000);
  const ca = await generate([{ name: 'commonName', value: 'gangway embedded CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(now + 10 * 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: dnsNames[1] ?? 'gangway' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(now + 365 * 24 * 3600 * 1000),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  return { caCert: ca.cert, caKey: ca.private, cert: leaf.cert, key: leaf.private };
}
