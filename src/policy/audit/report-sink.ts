import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import type { ReportObject } from '../report/policy-report.js';

/** The calls writing reports needs: read one, create one, replace one. Faked in tests. */
export interface ReportStore {
  /** The stored object, or undefined when there is none. */
  read(object: ReportObject): Promise<{ resourceVersion?: string | undefined } | undefined>;
  create(object: ReportObject): Promise<void>;
  replace(object: ReportObject, resourceVersion: string | undefined): Promise<void>;
}

/** What writing reports did, per report. */
export interface ApplyOutcome {
  readonly created: number;
  readonly updated: number;
  /** `Kind namespace/name: message` of each report that could not be written. */
  readonly failed: readonly string[];
}

function describe(object: ReportObject): string {
  const ns = object.metadata.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata.name}`;
}

/**
 * Creates or updates each report. One failing report (RBAC, a missing CRD) does not stop the
 * others; the failures come back for the caller to print or log.
 */
export async function applyReports(
  store: ReportStore,
  objects: readonly ReportObject[],
): Promise<ApplyOutcome> {
  let created = 0;
  let updated = 0;
  const failed: string[] = [];
  for (const object of objects) {
    try {
      const existing = await store.read(object);
      if (existing) {
        await store.replace(object, existing.resourceVersion);
        updated++;
      } else {
        await store.create(object);
        created++;
      }
    } catch (error) {
      failed.push(`${describe(object)}: ${(error as Error).message}`);
    }
  }
  return { created, updated, failed };
}

function header(object: ReportObject): KubernetesObject & { metadata: { name: string } } {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    },
  };
}

/** A ReportStore over @kubernetes/client-node's generic object API. */
export function createClientNodeReportStore(kc: KubeConfig): ReportStore {
  const api = KubernetesObjectApi.makeApiClient(kc);
  return {
    async read(object) {
      try {
        const found = await api.read(header(object));
        return { resourceVersion: found.metadata?.resourceVersion };
      } catch (error) {
        if ((error as { code?: unknown }).code === 404) return undefined;
        throw error;
      }
    },
    async create(object) {
      await api.create(object);
    },
    async replace(object, resourceVersion) {
      const metadata = { ...object.metadata, ...(resourceVersion ? { resourceVersion } : {}) };
      await api.replace({ ...object, metadata });
    },
  };
}
