import { checkPolicySelection } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { DRY_RUN_ANNOTATION, SECURITY_VERSIONS, defineKind } from '../kind.js';
import { isCustomUnsupportedKey } from '../rules/authz-conditions.js';
import { checkAuthzRule, isHttpOnlyRule } from '../rules/authz-rules.js';
import type { AuthorizationPolicySpec } from '../schemas/security.js';
import { authorizationPolicySpec } from '../schemas/security.js';

const CUSTOM_UNSUPPORTED_SOURCE = [
  'namespaces',
  'notNamespaces',
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
] as const;
const GO_BOOLEANS = new Set([
  '1',
  't',
  'T',
  'TRUE',
  'true',
  'True',
  '0',
  'f',
  'F',
  'FALSE',
  'false',
  'False',
]);

function checkCustom(spec: AuthorizationPolicySpec, at: Reporter): void {
  if ((spec.rules ?? []).length === 0) {
    at.report(
      'GW-AP-CUSTOM-NO-RULES',
      'CUSTOM action without rules is never triggered; add an empty rule `{}` to trigger it for every request',
    );
  } else if ((spec.provider?.name ?? '') === '') {
    at.at('provider', 'name').report(
      'GW-AP-CUSTOM-PROVIDER-REQUIRED',
      '`provider.name` must not be empty',
    );
  }
  (spec.rules ?? []).forEach((rule, i) => {
    (rule.from ?? []).forEach((from, j) => {
      for (const field of CUSTOM_UNSUPPORTED_SOURCE) {
        if ((from.source?.[field] ?? []).length > 0)
          at.at('rules', i, 'from', j, 'source', field).report(
            'GW-AP-CUSTOM-UNSUPPORTED-FIELD',
            `${field} is not supported with CUSTOM action`,
          );
      }
    });
    (rule.when ?? []).forEach((when, j) => {
      if (isCustomUnsupportedKey(when.key ?? ''))
        at.at('rules', i, 'when', j, 'key').report(
          'GW-AP-CUSTOM-UNSUPPORTED-FIELD',
          `${show(when.key)} is not supported with CUSTOM action`,
        );
    });
  });
}

function checkAction(spec: AuthorizationPolicySpec, at: Reporter): void {
  const action = spec.action ?? 'ALLOW';
  if (action === 'CUSTOM') checkCustom(spec, at);
  else if (spec.provider !== undefined)
    at.at('provider').report(
      'GW-AP-PROVIDER-NON-CUSTOM',
      `provider must not be set with action ${action}`,
    );
  if (action === 'DENY' && (spec.rules ?? []).length === 0) {
    at.report(
      'GW-AP-DENY-NO-RULES',
      'DENY action without rules is never triggered; add an empty rule `{}` to deny every request',
    );
  }
}

function checkDryRun(spec: AuthorizationPolicySpec, context: KindContext): void {
  const value = context.annotations[DRY_RUN_ANNOTATION];
  if (value === undefined) return;
  const at = context.root.at('metadata', 'annotations', DRY_RUN_ANNOTATION);
  const action = spec.action ?? 'ALLOW';
  if (action !== 'ALLOW' && action !== 'DENY')
    at.report(
      'GW-AP-DRY-RUN-ACTION',
      `${DRY_RUN_ANNOTATION} only supports action ALLOW or DENY (got ${action})`,
    );
  else if (!GO_BOOLEANS.has(value))
    at.report(
      'GW-AP-DRY-RUN-VALUE',
      `${DRY_RUN_ANNOTATION} must be true or false (got ${show(value)})`,
    );
}

function validateAuthorizationPolicy(spec: AuthorizationPolicySpec, context: KindContext): void {
  const at = context.spec;
  checkPolicySelection(spec, at);
  checkAction(spec, at);
  checkDryRun(spec, context);
  (spec.rules ?? []).forEach((rule, i) => {
    checkAuthzRule(rule, at.at('rules', i));
    if ((spec.action ?? 'ALLOW') === 'DENY' && isHttpOnlyRule(rule)) {
      at.at('rules', i).report(
        'GW-AP-DENY-HTTP-ONLY',
        'this DENY rule uses only HTTP attributes and so denies all TCP traffic in scope; specify ports',
      );
    }
  });
}

/** AuthorizationPolicy: access control for workloads (security.istio.io). */
export const authorizationPolicyKind = defineKind({
  group: 'security.istio.io',
  kind: 'AuthorizationPolicy',
  plural: 'authorizationpolicies',
  singular: 'authorizationpolicy',
  shortNames: ['ap'],
  versions: SECURITY_VERSIONS,
  storageVersion: 'v1beta1',
  spec: authorizationPolicySpec,
  validate: validateAuthorizationPolicy,
});
