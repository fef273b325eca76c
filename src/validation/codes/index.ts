import type { CodeInfo } from './define.js';
import { gatewayCodes, proxyCodes, serviceEntryCodes } from './networking.js';
import { extensionCodes, securityCodes } from './security.js';
import { objectCodes, sharedCodes } from './shared.js';
import { destinationRuleCodes, virtualServiceCodes } from './traffic.js';

export type { CodeInfo } from './define.js';

/**
 * The one table of finding codes. A code is `GW-<AREA>-<WHAT>`; the area is MESH/SCHEMA for the
 * object and its structure, a shared check (HOST, DUR, PORT, REGEX, ...) or a kind (VS, DR, TP,
 * GTW, TLS, SE, WE, WG, SC, EF, PC, PA, RA, AP, TM, WP). Codes never change meaning once released.
 */
export const findingCodes = {
  ...objectCodes,
  ...sharedCodes,
  ...virtualServiceCodes,
  ...destinationRuleCodes,
  ...gatewayCodes,
  ...serviceEntryCodes,
  ...proxyCodes,
  ...securityCodes,
  ...extensionCodes,
} as const satisfies Record<string, CodeInfo>;

/** A stable finding code. */
export type FindingCode = keyof typeof findingCodes;

/** Whether a string is a known finding code. */
export function isFindingCode(value: string): value is FindingCode {
  return Object.hasOwn(findingCodes, value);
}
