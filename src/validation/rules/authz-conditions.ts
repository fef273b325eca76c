import { checkIpOrCidr } from '../checks/ip.js';
import type { Problem, Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { Condition } from '../schemas/security.js';

type ValueKind = 'any' | 'ip' | 'port';

const EXACT_KEYS: Readonly<Record<string, ValueKind>> = {
  'source.ip': 'ip',
  'remote.ip': 'ip',
  'destination.ip': 'ip',
  'destination.port': 'port',
  'source.namespace': 'any',
  'source.principal': 'any',
  'source.serviceAccount': 'any',
  'request.auth.principal': 'any',
  'request.auth.audiences': 'any',
  'request.auth.presenter': 'any',
  'connection.sni': 'any',
};
const MAP_PREFIXES = ['request.headers', 'request.auth.claims', 'experimental.envoy.filters.'];

/** Checks a port value of an authorization policy: digits, 0..65535. */
export function checkAuthzPort(value: string): Problem | undefined {
  return /^\d+$/.test(value) && Number(value) <= 65535
    ? undefined
    : {
        code: 'GW-AP-PORT-INVALID',
        message: `bad port ${show(value)}: must be a number in 0..65535`,
      };
}

function isMapKey(key: string): boolean {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2;
}

/** Classifies a condition key, or returns the problem with it. */
function classifyKey(key: string): ValueKind | Problem {
  const exact = EXACT_KEYS[key];
  if (exact) return exact;
  if (MAP_PREFIXES.some((p) => key.startsWith(p))) {
    return isMapKey(key)
      ? 'any'
      : {
          code: 'GW-AP-WHEN-KEY-FORMAT',
          message: `bad key ${show(key)}: should have the form a[b]`,
        };
  }
  if (key === 'destination.namespace')
    return {
      code: 'GW-AP-WHEN-KEY-REPLACED',
      message: `${key} is replaced by the policy's metadata.namespace`,
    };
  if (key.startsWith('destination.labels'))
    return {
      code: 'GW-AP-WHEN-KEY-REPLACED',
      message: `${key} is replaced by the workload selector`,
    };
  if (key === 'destination.name' || key === 'destination.user') {
    return { code: 'GW-AP-WHEN-KEY-REPLACED', message: `${key} was only supported in v1alpha1` };
  }
  return { code: 'GW-AP-WHEN-KEY-UNKNOWN', message: `unknown attribute ${show(key)}` };
}

function checkValues(kind: ValueKind, values: readonly string[] | undefined, at: Reporter): void {
  (values ?? []).forEach((value, i) => {
    if (value === '') at.at(i).report('GW-AP-EMPTY-VALUE', 'empty value not allowed');
    else if (kind === 'ip') {
      const problem = checkIpOrCidr(value);
      if (problem) at.at(i).report('GW-AP-WHEN-VALUE-INVALID', problem.message);
    } else if (kind === 'port') {
      const problem = checkAuthzPort(value);
      if (problem) at.at(i).report('GW-AP-WHEN-VALUE-INVALID', problem.message);
    }
  });
}

/** Checks one `when` condition: a known key in the right form, and values that fit it. */
export function checkCondition(condition: Condition, at: Reporter): void {
  const key = condition.key ?? '';
  if (key === '') {
    at.at('key').report('GW-AP-WHEN-KEY-EMPTY', '`key` must not be empty');
    return;
  }
  if ((condition.values ?? []).length === 0 && (condition.notValues ?? []).length === 0) {
    at.report(
      'GW-AP-WHEN-VALUES-REQUIRED',
      `at least one of values or notValues must be set for key ${show(key)}`,
    );
    return;
  }
  const kind = classifyKey(key);
  if (typeof kind !== 'string') {
    at.at('key').reportProblem(kind);
    return;
  }
  checkValues(kind, condition.values, at.at('values'));
  checkValues(kind, condition.notValues, at.at('notValues'));
}

/** Whether CUSTOM (external authorization) can evaluate a condition key. */
export function isCustomUnsupportedKey(key: string): boolean {
  return (
    key === 'source.namespace' || key === 'source.principal' || key.startsWith('request.auth.')
  );
}
