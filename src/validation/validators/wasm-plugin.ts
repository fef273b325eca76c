import { checkPort } from '../checks/ports.js';
import { checkPolicySelection } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { defineKind } from '../kind.js';
import type { WasmPluginSpec } from '../schemas/extensions.js';
import { wasmPluginSpec } from '../schemas/extensions.js';

const SCHEMES = new Set(['file:', 'http:', 'https:', 'oci:']);

function checkUrl(url: string | undefined, at: Reporter): void {
  if ((url ?? '') === '') return void at.report('GW-WP-URL-REQUIRED', 'url must be set');
  // A bare reference such as `ghcr.io/org/plugin:1.0` is an OCI image, as Istio reads it.
  const candidate = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url ?? '')
    ? (url ?? '')
    : `oci://${url ?? ''}`;
  try {
    const parsed = new URL(candidate);
    if (!SCHEMES.has(parsed.protocol))
      at.report(
        'GW-WP-URL-INVALID',
        `url scheme ${show(parsed.protocol.replace(/:$/, ''))} is not supported (file, http, https, oci)`,
      );
  } catch {
    at.report('GW-WP-URL-INVALID', `url ${show(url)} does not parse`);
  }
}

function checkEnv(spec: WasmPluginSpec, at: Reporter): void {
  const names = new Set<string>();
  (spec.vmConfig?.env ?? []).forEach((env, i) => {
    const name = env.name ?? '';
    const here = at.at(i);
    if (name === '' || name.length > 256 || names.has(name)) {
      here
        .at('name')
        .report(
          'GW-WP-ENV-INVALID',
          name === ''
            ? 'env name may not be empty'
            : names.has(name)
              ? `duplicate env ${show(name)}`
              : 'env name must be at most 256 characters',
        );
    }
    names.add(name);
    if ((env.valueFrom ?? 'INLINE') !== 'INLINE' && (env.value ?? '') !== '')
      here
        .at('value')
        .report('GW-WP-ENV-HOST-VALUE', 'value may only be set when valueFrom is INLINE');
  });
}

function validateWasmPlugin(spec: WasmPluginSpec, context: KindContext): void {
  const at = context.spec;
  checkPolicySelection(spec, at);
  checkUrl(spec.url, at.at('url'));
  if ((spec.sha256 ?? '') !== '' && !/^[a-f0-9]{64}$/.test(spec.sha256 ?? '')) {
    at.at('sha256').report('GW-WP-SHA256-INVALID', 'sha256 must be 64 lower-case hex characters');
  }
  if ((spec.imagePullSecret ?? '').length > 253)
    at.at('imagePullSecret').report(
      'GW-WP-PULL-SECRET-LENGTH',
      'imagePullSecret must be at most 253 characters',
    );
  if ((spec.pluginName ?? '').length > 256)
    at.at('pluginName').report(
      'GW-WP-PLUGIN-NAME-LENGTH',
      'pluginName must be at most 256 characters',
    );
  checkEnv(spec, at.at('vmConfig', 'env'));
  (spec.match ?? []).forEach((m, i) =>
    (m.ports ?? []).forEach((p, j) =>
      at.at('match', i, 'ports', j, 'number').reportProblem(checkPort(p.number ?? 0)),
    ),
  );
}

/** WasmPlugin: WebAssembly extensions for proxies (extensions.istio.io). */
export const wasmPluginKind = defineKind({
  group: 'extensions.istio.io',
  kind: 'WasmPlugin',
  plural: 'wasmplugins',
  singular: 'wasmplugin',
  shortNames: [],
  versions: ['v1alpha1'],
  storageVersion: 'v1alpha1',
  spec: wasmPluginSpec,
  validate: validateWasmPlugin,
});
