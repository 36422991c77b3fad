import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { webPagesPlugin } from '../../dashboards/web/plugin.js';
import { authPlugin, rateLimitBucket } from './auth.js';
import { AuthFailureLimiter } from './auth-failures.js';
import type { ApiDeps } from './deps.js';
import { frameworkErrorReply, installErrorHandler } from './error-handler.js';
import { OPENAPI_TAGS } from './openapi-tags.js';
import { acceptEmptyJsonBodies } from './optional-body.js';
import { scopePlugin } from './people/scope.js';
import { refuseUnstorableText } from './request-text.js';
import { alertsRoutes } from './routes/alerts.js';
import { apiKeysRoutes } from './routes/api-keys.js';
import { auditRoutes } from './routes/audit.js';
import { casesRoutes } from './routes/cases.js';
import { devicesRoutes } from './routes/devices.js';
import { epcisRoutes } from './routes/epcis.js';
import { healthRoutes } from './routes/health.js';
import { loggerFilesRoutes } from './routes/logger-files.js';
import { peopleRoutes } from './routes/people.js';
import { productsRoutes } from './routes/products.js';
import { profilesRoutes } from './routes/profiles.js';
import { readingsRoutes } from './routes/readings.js';
import { reportRoutes } from './routes/report.js';
import { shipmentsRoutes } from './routes/shipments.js';
import { siteRoutes } from './routes/site.js';
import { storageRoutes } from './routes/storage.js';
import { verdictRoutes } from './routes/verdict.js';
import { docsCsp, registerSecurityHeaders } from './security-headers.js';
import { VerdictService } from './verdict/verdict-service.js';

export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    deps: Required<Pick<ApiDeps, 'now'>> & ApiDeps;
    verdicts: VerdictService;
  }
}

/**
 * The HTTP API (DESIGN.md, contract v1 under /api/v1), its OpenAPI document (/docs/json) and docs
 * page (/docs), and the built-in pages when the dashboards plugin is present.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    genReqId: () => `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    // an over-long id must reach the id schema (400 CT_VALIDATION), not the router's 414
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors: frameworkErrorReply(deps.config.site.locale),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const full = { ...deps, now: deps.now ?? Date.now };
  app.decorate('deps', full);
  app.decorate('verdicts', new VerdictService(full));
  installErrorHandler(app, deps.config.site.locale);
  // text PostgreSQL cannot hold (NUL, unpaired surrogates) is refused before any route runs
  app.addHook('preValidation', refuseUnstorableText);
  acceptEmptyJsonBodies(app);
  await registerSecurityHeaders(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'coldtrace API',
        version: '1',
        description: 'Cold-chain records and verdicts for cell-therapy products (contract v1).',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key' } },
      },
      tags: OPENAPI_TAGS,
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsCsp });

  if (deps.rateLimitPerMinute !== false) {
    await app.register(rateLimit, {
      max: deps.rateLimitPerMinute ?? 600,
      timeWindow: 60_000,
      // per API key when one is sent (read as auth reads it), else per address
      keyGenerator: rateLimitBucket,
    });
  }
  const maxFailures = deps.authFailuresPerMinute ?? 20;
  const failures =
    maxFailures === false ? undefined : new AuthFailureLimiter({ maxFailures, windowMs: 60_000 }, Date.now);
  await app.register(authPlugin, {
    apiKeys: deps.records.apiKeys,
    failures,
    sessions: {
      records: deps.records,
      idleMs: deps.config.sessions.idleMinutes * 60_000,
      secureCookie: deps.config.tls !== undefined,
      now: full.now,
    },
  });
  await app.register(scopePlugin, { records: deps.records, prefix: API_PREFIX });
  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(profilesRoutes);
      await api.register(devicesRoutes);
      await api.register(shipmentsRoutes);
      await api.register(verdictRoutes);
      await api.register(readingsRoutes);
      await api.register(epcisRoutes);
      await api.register(reportRoutes);
      await api.register(storageRoutes);
      await api.register(productsRoutes);
      await api.register(alertsRoutes);
      await api.register(apiKeysRoutes);
      await api.register(loggerFilesRoutes);
      await api.register(peopleRoutes);
      await api.register(auditRoutes);
      await api.register(siteRoutes);
      await api.register(casesRoutes);
    },
    { prefix: API_PREFIX },
  );
  // the dashboards engineer's pages (dashboards/web/plugin.ts)
  if (deps.webPages !== false) await app.register(webPagesPlugin);
  return app;
}
