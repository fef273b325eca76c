import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { ServerTls } from '../schemas/gateway.js';

const VERSION_ORDER = ['TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];

/** The cipher suites Envoy (BoringSSL) accepts in server TLS settings. */
export const CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
]);

function isValidCipher(cipher: string): boolean {
  // `ALL` and expressions starting with an operator (`-`, `+`, `!`, `[`) are passed to BoringSSL.
  return (
    cipher === '' || cipher === 'ALL' || !/^[A-Za-z0-9]/.test(cipher) || CIPHER_SUITES.has(cipher)
  );
}

function checkCiphers(tls: ServerTls, at: Reporter): void {
  const seen = new Set<string>();
  (tls.cipherSuites ?? []).forEach((cipher, i) => {
    if (!isValidCipher(cipher))
      at.at('cipherSuites', i).report(
        'GW-TLS-CIPHER-INVALID',
        `ignoring invalid cipher suite ${show(cipher)}`,
      );
    else if (seen.has(cipher))
      at.at('cipherSuites', i).report(
        'GW-TLS-CIPHER-DUPLICATE',
        `ignoring duplicate cipher suite ${show(cipher)}`,
      );
    seen.add(cipher);
  });
  const min = tls.minProtocolVersion;
  if ((min === 'TLSV1_0' || min === 'TLSV1_1') && (tls.cipherSuites ?? []).length === 0) {
    at.at('minProtocolVersion').report(
      'GW-TLS-OLD-VERSION-CIPHERS',
      `${min} needs cipherSuites: the defaults have no ciphers compatible with it`,
    );
  }
  const lo = VERSION_ORDER.indexOf(min ?? '');
  const hi = VERSION_ORDER.indexOf(tls.maxProtocolVersion ?? '');
  if (lo >= 0 && hi >= 0 && lo > hi) {
    at.at('minProtocolVersion').report(
      'GW-TLS-VERSION-ORDER',
      `minProtocolVersion ${show(min)} is above maxProtocolVersion ${show(tls.maxProtocolVersion)}`,
    );
  }
}

function set(value: string | undefined): boolean {
  return (value ?? '') !== '';
}

function certificateSources(tls: ServerTls): string[] {
  const sources: string[] = [];
  if (set(tls.credentialName)) sources.push('credentialName');
  if ((tls.credentialNames ?? []).length > 0) sources.push('credentialNames');
  if ((tls.tlsCertificates ?? []).length > 0) sources.push('tlsCertificates');
  if (set(tls.serverCertificate) || set(tls.privateKey))
    sources.push('serverCertificate/privateKey');
  return sources;
}

function checkRequiredFiles(tls: ServerTls, at: Reporter): void {
  const mutual = tls.mode === 'MUTUAL' || tls.mode === 'OPTIONAL_MUTUAL';
  const kind = mutual ? 'MUTUAL' : 'SIMPLE';
  if (!set(tls.serverCertificate))
    at.at('serverCertificate').report(
      mutual ? 'GW-TLS-MUTUAL-CERT-REQUIRED' : 'GW-TLS-SIMPLE-CERT-REQUIRED',
      `${kind} TLS requires a server certificate or a credentialName`,
    );
  if (!set(tls.privateKey))
    at.at('privateKey').report(
      mutual ? 'GW-TLS-MUTUAL-KEY-REQUIRED' : 'GW-TLS-SIMPLE-KEY-REQUIRED',
      `${kind} TLS requires a private key or a credentialName`,
    );
  if (mutual && !set(tls.caCertificates))
    at.at('caCertificates').report(
      'GW-TLS-MUTUAL-CA-REQUIRED',
      'MUTUAL TLS requires a client CA bundle (caCertificates) or a credentialName',
    );
}

function checkIstioMutual(tls: ServerTls, at: Reporter): void {
  for (const field of [
    'serverCertificate',
    'privateKey',
    'caCertificates',
    'credentialName',
  ] as const) {
    if (set(tls[field]))
      at.at(field).report(
        'GW-TLS-ISTIO-MUTUAL-CERTS',
        `ISTIO_MUTUAL TLS cannot have an associated ${field}`,
      );
  }
}

/** Checks server TLS settings: ciphers, versions, and the certificate fields each mode needs. */
export function checkServerTls(tls: ServerTls, at: Reporter): void {
  checkCiphers(tls, at);
  const mode = tls.mode ?? 'PASSTHROUGH';
  if (mode === 'ISTIO_MUTUAL') return checkIstioMutual(tls, at);
  const sources = certificateSources(tls);
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    if (sources.length > 0 || set(tls.caCertificates) || set(tls.caCrl))
      at.report(
        'GW-TLS-PASSTHROUGH-CERTS',
        `${mode} mode does not use certificates; they will be ignored`,
      );
    return;
  }
  if (sources.length > 1)
    at.report(
      'GW-TLS-CERT-SOURCE-CONFLICT',
      `only one certificate source may be set (got ${sources.join(', ')})`,
    );
  const remote = sources.some((s) => s !== 'serverCertificate/privateKey');
  if (!remote) checkRequiredFiles(tls, at);
  if (set(tls.caCrl)) {
    if (set(tls.credentialName))
      at.at('caCrl').report(
        'GW-TLS-CRL-WITH-CREDENTIAL',
        'caCrl is not supported with credentialName; put the CRL in the credential',
      );
    if (mode === 'SIMPLE')
      at.at('caCrl').report('GW-TLS-CRL-SIMPLE', 'caCrl is not supported with SIMPLE TLS');
  }
}
