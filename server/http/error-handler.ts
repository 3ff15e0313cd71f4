/**
 * Turns every failure into `{ error: { code, message } }` with a fitting status. Bad input of any
 * kind is a 4xx; only a real fault is a 500, and its message never carries internals or secrets.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../../lib/protocol/errors.ts';
import { HubError } from './hub-error.ts';

type Answer = { status: number; code: ErrorCode; message: string; details?: Record<string, unknown> };

const FASTIFY_CODES: Record<string, Omit<Answer, 'message'> & { message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The JSON body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Bad Content-Length.' },
};

function answerFor(error: FastifyError): Answer {
  if (error instanceof HubError) {
    return { status: error.statusCode, code: error.code, message: error.message, details: error.details };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const where = [error.validationContext, first?.instancePath.replace(/^\//, '').replaceAll('/', '.')]
      .filter(Boolean)
      .join('.');
    return {
      status: 400,
      code: 'invalid_request',
      message: `${where ? `${where}: ` : ''}${first?.message ?? 'invalid value'}`,
    };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return { message: error.message, ...known };
  if (error instanceof SyntaxError) {
    return { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, code: 'invalid_request', message: 'The request is not acceptable.' };
  }
  return { status: 500, code: 'internal_error', message: 'Something went wrong on the hub. Try again later.' };
}

/**
 * Fastify answers a few failures before routing — a URL it cannot percent-decode, an overlong path
 * parameter — with its own body shape unless given this handler (the `frameworkErrors` server option).
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status >= 500) request.log.error({ err: error }, 'request failed before routing');
  else request.log.info({ errorCode: 'invalid_request', status }, 'request refused');
  const answer =
    status >= 500
      ? { code: 'internal_error' as const, message: 'Something went wrong on the hub. Try again later.' }
      : { code: 'invalid_request' as const, message: 'The URL is not valid.' };
  void reply.status(status).type('application/json; charset=utf-8').send({ error: answer });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = answerFor(error);
    if (answer.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      // Not `code`: the logger masks every field named so (two-step codes), which hid the error code.
      request.log.info({ errorCode: answer.code, status: answer.status }, 'request refused');
    }
    if (error instanceof HubError) void reply.headers(error.headers);
    return reply
      .status(answer.status)
      .type('application/json; charset=utf-8')
      .send({ error: { ...answer.details, code: answer.code, message: answer.message } });
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
  });
}
