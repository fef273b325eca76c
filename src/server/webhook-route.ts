import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../shared/logger.js';
import type { WebhookMetrics } from '../shared/metrics.js';
import type { AdmissionContext, AdmissionHandler } from '../admission/handler.js';
import type { AdmissionRequest } from '../admission/review.js';
import { decodeAdmissionReview } from '../admission/review.js';
import type { AdmissionDecision } from '../admission/response.js';
import { completeResponseJson, errored, labelDecision } from '../admission/response.js';
import { parseGoDuration } from './timeout.js';

/** Options for {@link registerWebhookRoute}. */
export interface WebhookRouteOptions {
  path: string;
  handler: AdmissionHandler;
  logger: Logger;
  metrics: WebhookMetrics;
  /** Used when the API server sends no `?timeout=`: its own default is 10 s. */
  defaultTimeoutMs?: number;
}

/**
 * Answer this long before the API server's deadline, so that a slow review still gets our
 * errored response instead of the API server's opaque timeout.
 */
const DEADLINE_MARGIN_MS = 250;

/** Mounts one admission webhook on a route: decode, run the handler under the deadline, answer. */
export function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): void {
  app.post(options.path, async (req: FastifyRequest, reply: FastifyReply) => {
    const started = process.hrtime.bigint();
    // Decoding errors are GangwayErrors; the app's error handler turns them into HTTP 400.
    const request = decodeAdmissionReview(req.body);
    const timeoutMs = parseGoDuration((req.query as Record<string, unknown>)['timeout']);
    const decision = await runHandler(options, request, timeoutMs);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    recordReview(options, request, decision, elapsedMs);
    // Sent as text: completeResponseJson is what fastify's own JSON.stringify would have sent.
    return reply
      .code(200)
      .type('application/json; charset=utf-8')
      .send(completeResponseJson(request.uid, decision));
  });
}

/**
 * A handler's context whose AbortSignal is made only when a handler reads it: creating one costs
 * several µs, and most handlers decide synchronously and never look.
 */
function createDeadlineContext(dryRun: boolean): {
  context: AdmissionContext;
  abort: () => void;
} {
  let controller: AbortController | undefined;
  let aborted = false;
  const context: AdmissionContext = {
    dryRun,
    get signal() {
      controller ??= new AbortController();
      if (aborted) controller.abort();
      return controller.signal;
    },
  };
  const abort = (): void => {
    aborted = true;
    controller?.abort();
  };
  return { context, abort };
}

async function runHandler(
  options: WebhookRouteOptions,
  request: AdmissionRequest,
  timeoutMs: number | undefined,
): Promise<AdmissionDecision> {
  const budget = Math.max(
    (timeoutMs ?? options.defaultTimeoutMs ?? 10_000) - DEADLINE_MARGIN_MS,
    1,
  );
  const { context, abort } = createDeadlineContext(request.dryRun === true);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<AdmissionDecision>((resolve) => {
    timer = setTimeout(() => {
      abort();
      resolve(errored('timeout', `gangway could not decide within ${budget} ms`, 500));
    }, budget);
  });
  try {
    const work = options.handler.handle(request, context);
    return await Promise.race([work, deadline]);
  } catch (error) {
    options.logger.error(
      { err: error, uid: request.uid, webhook: options.handler.name },
      'handler failed',
    );
    return errored(
      'internal',
      `internal error in gangway (review ${request.uid}); see gangway logs`,
    );
  } finally {
    clearTimeout(timer);
  }
}

function recordReview(
  options: WebhookRouteOptions,
  request: AdmissionRequest,
  decision: AdmissionDecision,
  elapsedMs: number,
): void {
  const label = labelDecision(decision);
  const code = String(decision.status?.code ?? 200);
  const webhook = options.handler.name;
  // Metrics and logs never fail admission.
  try {
    options.metrics.requests.inc({ webhook, decision: label, code });
    options.metrics.duration.observe({ webhook }, elapsedMs / 1000);
    if (webhook === 'inject') recordInjection(options.metrics, decision);
    const object = request.object as
      { metadata?: { name?: string; generateName?: string } } | undefined;
    options.logger.info(
      {
        uid: request.uid,
        webhook,
        kind: request.kind.kind,
        namespace: request.namespace,
        name: request.name ?? object?.metadata?.name ?? object?.metadata?.generateName,
        operation: request.operation,
        dryRun: request.dryRun === true,
        decision: label,
        reason: decision.reasonCode,
        ms: Math.round(elapsedMs * 1000) / 1000,
      },
      'review',
    );
  } catch {
    // Deliberately ignored: observability must not change the answer.
  }
}

function recordInjection(metrics: WebhookMetrics, decision: AdmissionDecision): void {
  const reason = decision.reasonCode;
  const result = !decision.allowed
    ? 'refused'
    : reason.startsWith('skip:')
      ? 'skipped'
      : 'injected';
  metrics.injections.inc({ result, reason });
}
