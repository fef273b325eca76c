import type { Analyzer } from './analyzer.js';
import { KINDS } from './analyzer.js';
import { selectorsMatchingNoWorkload } from './mesh-helpers.js';

/** GW0113: An AuthorizationPolicy selector matches no workload, so it protects nothing. */
export const authorizationPolicyNoWorkload: Analyzer = {
  code: 'GW0113',
  name: 'authorization-policy-no-workload',
  severity: 'medium',
  category: 'Security',
  summary: 'An AuthorizationPolicy selector matches no workload, so it protects nothing.',
  triggers: [KINDS.authorizationPolicy, KINDS.pod],
  analyze(state) {
    return selectorsMatchingNoWorkload(state, KINDS.authorizationPolicy);
  },
};
