import type { PeerAuthentication } from '../model/istio-policy.js';
import { labelsMatch } from './types.js';
import type { MeshIndex } from './mesh-index.js';

/** The effective mutual-TLS mode of a workload port. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

function modeOf(text: string | undefined): MtlsMode | undefined {
  return text === 'STRICT' || text === 'PERMISSIVE' || text === 'DISABLE' ? text : undefined;
}

/**
 * The mode a workload's port runs in: a PeerAuthentication selecting the workload (its port-level
 * setting first), else its namespace's, else the mesh-wide one in the root namespace, else
 * PERMISSIVE. UNSET inherits from the next level down.
 */
export function effectiveMtlsMode(
  index: MeshIndex,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  port: number,
): MtlsMode {
  const all = index.config.PeerAuthentication;
  const sorted = (list: PeerAuthentication[]): PeerAuthentication[] =>
    list.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const selecting = sorted(
    all.filter((pa) => {
      const selector = pa.spec.selector?.matchLabels;
      return (
        pa.metadata.namespace === namespace &&
        selector &&
        Object.keys(selector).length > 0 &&
        labelsMatch(selector, labels)
      );
    }),
  )[0];
  const unselected = (ns: string): PeerAuthentication | undefined =>
    sorted(all.filter((pa) => pa.metadata.namespace === ns && !pa.spec.selector?.matchLabels))[0];
  const levels = [
    modeOf(selecting?.spec.portLevelMtls?.[String(port)]?.mode),
    modeOf(selecting?.spec.mtls?.mode),
    modeOf(unselected(namespace)?.spec.mtls?.mode),
    modeOf(unselected(index.options.rootNamespace)?.spec.mtls?.mode),
  ];
  return levels.find((mode) => mode !== undefined) ?? 'PERMISSIVE';
}
