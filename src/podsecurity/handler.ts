import type { KindHandler } from '../admission/handler.js';
import { errored } from '../admission/response.js';
import { GangwayError } from '../shared/errors.js';
import { validateNamespace } from './namespace-admission.js';
import { validatePod, validatePodController } from './pod-admission.js';
import type { PodSecurityReason } from './reasons.js';
import type { PodSecurityHandlerDeps } from './runtime.js';
import { createRuntime } from './runtime.js';
import { findPodController } from './workloads.js';

/**
 * The Pod Security webhook for the `/validate` registry: Pods (enforce, audit, warn), pod
 * controllers (audit and warn only) and Namespaces (label validation, warnings about existing pods
 * when the enforce level is tightened). Decisions and messages follow upstream Pod Security
 * Admission.
 */
export function createPodSecurityHandler(deps: PodSecurityHandlerDeps): KindHandler {
  const rt = createRuntime(deps);
  return {
    matches(group, kind) {
      return (
        (group === '' && (kind === 'Pod' || kind === 'Namespace')) ||
        !!findPodController(group, kind)
      );
    },
    async handle(request, context) {
      try {
        const { group, kind } = request.kind;
        if (group === '' && kind === 'Pod') return validatePod(rt, request);
        if (group === '' && kind === 'Namespace')
          return await validateNamespace(rt, request, context);
        const controller = findPodController(group, kind);
        return controller
          ? validatePodController(rt, request, controller)
          : errored('pod-security:internal', 'unexpected kind');
      } catch (cause) {
        // The checks are pure and the lister is guarded; this is a bug, refused without internals.
        const error = new GangwayError('GANGWAY_ERR_INTERNAL', 'Pod Security', { cause });
        const reason: PodSecurityReason = 'pod-security:internal';
        return errored(reason, `${error.code}: ${error.message}`);
      }
    },
  };
}
