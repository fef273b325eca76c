import type { Analyzer } from './analyzer.js';
import { KINDS } from './analyzer.js';
import { selectorsMatchingNoWorkload } from './mesh-helpers.js';

/** GW0114: A RequestAuthentication selector matches no workload, so no token is checked. */
export const requestAuthenticationNoWorkload: Analyzer = {
  code: 'GW0114',
  name: 'request-authentication-no-workload',
  severity: 'medium',
  category: 'Security',
  summary: 'A RequestAuthentication selector matches no workload, so no token is checked.',
  triggers: [KINDS.requestAuthentication, KINDS.pod],
  analyze(state) {
    return selectorsMatchingNoWorkload(state, KINDS.requestAuthentication);
  },
};
