import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import { isDns1123Label } from './dns.js';

/** How an exportTo list is judged: ServiceEntries may use `~` (visible to no one). */
export interface ExportToOptions {
  /** The object's namespace, when known: `.` and that namespace are then the same entry. */
  readonly namespace?: string | undefined;
  readonly allowNone?: boolean;
}

function checkEntry(entry: string, allowNone: boolean): string | undefined {
  if (entry === '.' || entry === '*' || (entry === '~' && allowNone)) return undefined;
  if (entry === '~') return 'exportTo ~ (none) is only allowed for ServiceEntry';
  return isDns1123Label(entry) ? undefined : `${show(entry)} is not ".", "*" or a namespace name`;
}

/** Checks an exportTo list, reporting at the list (`at`) and its entries; returns the entries kept. */
export function checkExportTo(
  list: readonly string[] | undefined,
  at: Reporter,
  options: ExportToOptions,
): Set<string> {
  const seen = new Set<string>();
  (list ?? []).forEach((entry, i) => {
    const key = entry === '.' && options.namespace ? options.namespace : entry;
    if (seen.has(key)) {
      at.at(i).report('GW-EXPORTTO-DUPLICATE', `duplicate exportTo entry ${show(entry)}`);
      return;
    }
    const problem = checkEntry(entry, options.allowNone ?? false);
    if (problem) at.at(i).report('GW-EXPORTTO-INVALID', problem);
    else seen.add(key);
  });
  const count = (list ?? []).length;
  if (seen.has('*') && count > 1) {
    at.report(
      'GW-EXPORTTO-PUBLIC-MIXED',
      'cannot have both public (*) and non-public exportTo values',
    );
  }
  if (seen.has('~') && count > 1)
    at.report('GW-EXPORTTO-NONE-MIXED', 'cannot export to no one (~) and someone');
  return seen;
}
