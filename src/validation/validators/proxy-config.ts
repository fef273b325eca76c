import { checkSelectorLabels } from '../checks/selectors.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { defineKind } from '../kind.js';
import type { ProxyConfigSpec } from '../schemas/extensions.js';
import { proxyConfigSpec } from '../schemas/extensions.js';

const IMAGE_TYPES = new Set(['default', 'debug', 'distroless']);

function validateProxyConfig(spec: ProxyConfigSpec, context: KindContext): void {
  const at = context.spec;
  if (spec.selector)
    checkSelectorLabels(spec.selector.matchLabels, at.at('selector'), 'matchLabels');
  if ((spec.concurrency ?? 0) < 0)
    at.at('concurrency').report(
      'GW-PC-CONCURRENCY-NEGATIVE',
      `concurrency must be >= 0 (got ${spec.concurrency ?? 0})`,
    );
  const imageType = spec.image?.imageType;
  if (imageType !== undefined && !IMAGE_TYPES.has(imageType)) {
    at.at('image', 'imageType').report(
      'GW-PC-IMAGE-TYPE-UNKNOWN',
      `image type ${show(imageType)} is not one of default, debug, distroless`,
    );
  }
}

/** ProxyConfig: per-workload proxy settings such as concurrency (networking.istio.io). */
export const proxyConfigKind = defineKind({
  group: 'networking.istio.io',
  kind: 'ProxyConfig',
  plural: 'proxyconfigs',
  singular: 'proxyconfig',
  shortNames: [],
  versions: ['v1beta1'],
  storageVersion: 'v1beta1',
  spec: proxyConfigSpec,
  validate: validateProxyConfig,
});
