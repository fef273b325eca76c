import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../shared/logger.js';
import type { ErrorCode } from '../shared/errors.js';
import { errorMessages, isGangwayError } from '../shared/errors.js';

/** The JSON body of every non-200 HTTP answer: a code from the error table and a message. */
export interface HttpErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

const fastifyCodes: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'GANGWAY_ERR_REVIEW_NOT_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'GANGWAY_ERR_REVIEW_NOT_JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'GANGWAY_ERR_REVIEW_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'GANGWAY_ERR_REVIEW_UNSUPPORTED_MEDIA' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'GANGWAY_ERR_REVIEW_NOT_JSON' },
};

/**
 * The one error handler: coded errors become 4xx JSON bodies, anything unexpected a 500 that leaks
 * nothing but its code.
 */
export function buildErrorHandler(logger: Logger, bodyLimitBytes: number) {
  return (error: FastifyError, _req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (isGangwayError(error)) {
      const body: HttpErrorBody = { error: { code: error.code, message: error.message } };
      if (error.field !== undefined) body.error.field = error.field;
      return reply.code(400).send(body);
    }
    const known = fastifyCodes[error.code];
    if (known) {
      const detail =
        known.status === 413
          ? `the limit is ${bodyLimitBytes} bytes`
          : error.message.replace(/^Body cannot be empty.*$/, 'the body is empty');
      const body: HttpErrorBody = {
        error: { code: known.code, message: `${errorMessages[known.code]}: ${detail}` },
      };
      return reply.code(known.status).send(body);
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({
        error: { code: 'GANGWAY_ERR_REVIEW_INVALID', message: error.message },
      } satisfies HttpErrorBody);
    }
    logger.error({ err: error }, 'unexpected error');
    return reply.code(500).send({
      error: { code: 'GANGWAY_ERR_INTERNAL', message: errorMessages.GANGWAY_ERR_INTERNAL },
    } satisfies HttpErrorBody);
  };
}
