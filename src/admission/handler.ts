import type { AdmissionRequest } from './review.js';
import type { AdmissionDecision } from './response.js';

/** What every handler is given besides the request. */
export interface AdmissionContext {
  /** Aborted when the API server's `?timeout=` has run out. */
  readonly signal: AbortSignal;
  /** True for dryRun requests: the handler must cause no side effects. */
  readonly dryRun: boolean;
}

/** A webhook handler: one method from request to decision. */
export interface AdmissionHandler {
  /** A short name for logs and metrics, e.g. `inject`, `validate`. */
  readonly name: string;
  handle(request: AdmissionRequest, context: AdmissionContext): Promise<AdmissionDecision>;
}

/** A handler that decides only for the kinds it claims; others pass to the next one. */
export interface KindHandler {
  /** Whether this handler decides for `group`/`kind`. */
  matches(group: string, kind: string): boolean;
  handle(request: AdmissionRequest, context: AdmissionContext): Promise<AdmissionDecision>;
}

/**
 * A registry of kind handlers composed into one validating handler: every handler that claims the
 * kind decides and the decisions are merged; a request no handler claims is allowed.
 */
export { composeValidatingHandlers as createKindRegistryHandler } from './compose.js';
