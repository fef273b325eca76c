import type { Named } from './clusters.js';

/** Generator output: named proto values by kind, before they become snapshot resources. */
export interface GeneratedResources {
  readonly listener: Named[];
  readonly route: Named[];
  readonly cluster: Named[];
  readonly endpoint: Named[];
}
