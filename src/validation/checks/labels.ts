import type { Reporter } from '../findings.js';
import { show } from '../findings.js';

const NAME = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PREFIX = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether a label key is a qualified name: an optional DNS-subdomain prefix and `/`, then a name. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (name.length > 63 || !NAME.test(name)) return false;
  return prefix === undefined || (prefix.length <= 253 && PREFIX.test(prefix));
}

/** Whether a label value is valid: at most 63 characters, alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && VALUE.test(value);
}

/** Checks every key and value of a label map, reporting at the map's path. */
export function checkLabels(
  labels: Readonly<Record<string, string>> | undefined,
  at: Reporter,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isLabelKey(key))
      at.at(key).report('GW-LABEL-KEY-INVALID', `invalid label key ${show(key)}`);
    if (!isLabelValue(value))
      at.at(key).report('GW-LABEL-VALUE-INVALID', `invalid label value ${show(value)}`);
  }
}
