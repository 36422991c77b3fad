import type { FastifyInstance } from 'fastify';

/**
 * An optional body: fastify hands an absent body to the validator as null, so optional bodies are
 * `.nullish()` in the route schemas; this makes an empty one absent too.
 *
 * `Content-Type: application/json` with an empty body is "no body": routes whose body is optional
 * (dispatch, item removal, secret rotation) take their defaults, routes that need one say so with
 * CT_VALIDATION. fastify's own parser (prototype-poisoning protection included) reads the rest.
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
