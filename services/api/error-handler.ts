import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isCodedError } from '../domain/coded-error.js';
import { hasMessage, type Locale, t } from '../domain/messages/catalog.js';
import { ApiErrors, issuesOf } from './errors.js';
import { requestLocale } from './locale.js';
import { unstorableValue } from './unstorable-value.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  /** English, for logs and developers */
  message: string;
  /** the same in the reader's language (?lang= or Accept-Language) */
  localizedMessage: string;
  /** CT_VALIDATION: each field to fix */
  issues?: { in: string; path: string; message: string }[];
  requestId: string;
}

/** The text in the reader's language: a coded error fills its catalogue text from its parameters. */
function localized(locale: Locale, err: FastifyError): string {
  if (isCodedError(err)) return err.localized(locale);
  const key = `error.${err.code}`;
  return hasMessage(key) ? t(locale, key) : err.message;
}

/**
 * One error shape for every answer that is not a success. A 4xx says exactly what to fix; a 5xx
 * never leaks internals (the cause is logged with the request id instead).
 */
export function installErrorHandler(app: FastifyInstance, fallbackLocale: Locale): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    const locale = requestLocale(req, fallbackLocale);
    let err: FastifyError = raw;
    let issues: ErrorBody['issues'];
    if (hasZodFastifySchemaValidationErrors(raw)) {
      issues = raw.validation.map((v) => ({
        in: raw.validationContext ?? 'body',
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message ?? 'invalid',
      }));
      err = new ApiErrors.validation(issues.map((i) => `${i.in}.${i.path}: ${i.message}`).join('; '));
    } else if (raw.code?.startsWith('CT_') && issuesOf(raw)) {
      issues = issuesOf(raw);
    } else if (unstorableValue(raw)) {
      // the schemas let through a value the store cannot hold: the client's to fix (400)
      const what = unstorableValue(raw) ?? '';
      req.log.warn({ err: raw, requestId: req.id }, 'request value cannot be stored');
      err = new ApiErrors.validation(what);
      issues = [{ in: 'body', path: '', message: what }];
    } else if (raw.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      err = new ApiErrors.bodyTooLarge();
    } else if (raw.statusCode === 429 && raw.code !== 'CT_AUTH_LOCKED' && raw.code !== 'CT_SIGN_IN_LOCKED') {
      err = new ApiErrors.rateLimited();
    } else if (raw.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || raw.code?.startsWith('FST_ERR_CTP_')) {
      err = new ApiErrors.validation(raw.message);
      issues = [{ in: 'body', path: '', message: raw.message }];
    }
    const status = err.statusCode ?? 500;
    const known = typeof err.code === 'string' && err.code.startsWith('CT_') && status < 500;
    if (!known && (status >= 500 || isResponseSerializationError(raw))) {
      req.log.error({ err: raw, requestId: req.id }, 'request failed');
      const code = status === 503 && err.code?.startsWith('CT_') ? err.code : 'CT_INTERNAL';
      const shown = code === 'CT_INTERNAL' ? new ApiErrors.internal(req.id) : err;
      const body: ErrorBody = {
        statusCode: code === 'CT_INTERNAL' ? 500 : status,
        code,
        message: shown.message,
        localizedMessage: localized(locale, shown),
        requestId: req.id,
      };
      return reply.code(body.statusCode).send(body);
    }
    if (!known) {
      // a framework 4xx without a CT_ code: still a stable code for clients
      err = new ApiErrors.validation(raw.message);
    }
    const body: ErrorBody = {
      statusCode: err.statusCode ?? 400,
      code: err.code,
      message: err.message,
      localizedMessage: localized(locale, err),
      ...(issues ? { issues } : {}),
      requestId: req.id,
    };
    return reply.code(body.statusCode).send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    const err = new ApiErrors.routeNotFound(`${req.method} ${req.url.split('?')[0]}`);
    const locale = requestLocale(req, fallbackLocale);
    const body: ErrorBody = {
      statusCode: 404,
      code: err.code,
      message: err.message,
      localizedMessage: err.localized(locale),
      requestId: req.id,
    };
    return reply.code(404).send(body);
  });
}

/**
 * fastify's `frameworkErrors`: a URL that cannot be decoded, or a path parameter longer than the
 * router's maxParamLength, is answered in the one error shape (400 CT_VALIDATION) instead of the
 * router's own body (FST_ERR_BAD_URL 400, FST_ERR_MAX_PARAM_LENGTH 414).
 */
export function frameworkErrorReply(fallbackLocale: Locale) {
  return (_raw: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const what =
      'a path segment is too long or not a valid URL component; send an id of at most 64 characters';
    const err = new ApiErrors.validation(what);
    const body: ErrorBody = {
      statusCode: 400,
      code: err.code,
      message: err.message,
      localizedMessage: localized(requestLocale(req, fallbackLocale), err),
      issues: [{ in: 'params', path: '', message: what }],
      requestId: req.id,
    };
    return reply.code(400).send(body);
  };
}
