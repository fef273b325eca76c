import type { CheckDefinition } from '../check.js';
import { checkProcMountStrict } from './proc-mount.js';

/*
 * Restricted keeps the strict /proc mount rule for user-namespaced pods too: from 1.35 this check
 * replaces the relaxed baseline procMount check at the restricted level.
 * Restricted fields and allowed values: as procMount.
 */

/** Restricted: the default /proc mount even in a user namespace (1.35+); overrides procMount. */
export const procMountRestrictedCheck: CheckDefinition = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minVersion: 35, check: checkProcMountStrict, overrides: ['procMount'] }],
};
