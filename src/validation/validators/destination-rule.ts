import { checkWildcardDomain } from '../checks/dns.js';
import { checkExportTo } from '../checks/export-to.js';
import { checkLabels } from '../checks/labels.js';
import { checkSelectorLabels } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import { checkSubsetName } from '../rules/destinations.js';
import { checkTrafficPolicy } from '../rules/traffic-policy.js';
import type { DestinationRuleSpec } from '../schemas/destination-rule.js';
import { destinationRuleSpec } from '../schemas/destination-rule.js';

function checkSubsets(spec: DestinationRuleSpec, at: Reporter): void {
  const names = new Set<string>();
  (spec.subsets ?? []).forEach((subset, i) => {
    const name = subset.name ?? '';
    if (names.has(name))
      at.at(i, 'name').report('GW-DR-SUBSET-DUPLICATE', `duplicate subset name ${show(name)}`);
    names.add(name);
    checkSubsetName(name, at.at(i, 'name'));
    checkLabels(subset.labels, at.at(i, 'labels'));
    if (subset.trafficPolicy) checkTrafficPolicy(subset.trafficPolicy, at.at(i, 'trafficPolicy'));
  });
}

function checkExport(spec: DestinationRuleSpec, context: KindContext): void {
  const at = context.spec.at('exportTo');
  const kept = checkExportTo(spec.exportTo, at, { namespace: context.namespace });
  if (spec.workloadSelector === undefined || kept.size === 0) return;
  const local = [...kept].every((e) => e === '.' || e === context.namespace);
  if (!local || kept.size > 1) {
    at.report(
      'GW-DR-EXPORTTO-WITH-SELECTOR',
      'a DestinationRule with workloadSelector can only be exported to its own namespace',
    );
  }
}

function validateDestinationRule(spec: DestinationRuleSpec, context: KindContext): void {
  const at = context.spec;
  at.at('host').reportProblem(checkWildcardDomain(spec.host ?? ''));
  if (spec.trafficPolicy) checkTrafficPolicy(spec.trafficPolicy, at.at('trafficPolicy'));
  checkSubsets(spec, at.at('subsets'));
  checkExport(spec, context);
  if (spec.workloadSelector)
    checkSelectorLabels(
      spec.workloadSelector.matchLabels,
      at.at('workloadSelector'),
      'matchLabels',
    );
}

/** DestinationRule: policies for traffic to a service after routing (networking.istio.io). */
export const destinationRuleKind = defineKind({
  group: 'networking.istio.io',
  kind: 'DestinationRule',
  plural: 'destinationrules',
  singular: 'destinationrule',
  shortNames: ['dr'],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: destinationRuleSpec,
  validate: validateDestinationRule,
});
