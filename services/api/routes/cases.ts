import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adviceFieldsSchema,
  adviceProblems,
  assessmentComplete,
  assessmentSchema,
  dispositionSchema,
  questionSchema,
} from '../../domain/deviation-case.js';
import { type Locale, parseLocale } from '../../domain/messages/catalog.js';
import { inScope } from '../../domain/scope.js';
import { PeopleErrors } from '../../store/people/errors.js';
import { caseShipmentId, type DeviationCase } from '../../store/sql/deviation-cases-repo.js';
import { DeviationErrors } from '../../store/sql/deviation-errors.js';
import { Access, actorOf } from '../auth.js';
import { caseOpeningOfAlert } from '../cases/case-opening.js';
import { caseReportDocument, type ReportStep } from '../cases/case-report.js';
import {
  attachmentSchema,
  type CaseStepDeps,
  type ClosingReport,
  caseSignatureSchema,
  takeCaseStep,
} from '../cases/case-steps.js';
import {
  caseBelonging,
  caseDetail,
  caseDetailSchema,
  caseSummary,
  caseSummarySchema,
} from '../cases/case-view.js';
import { openCaseAndTellManufacturer } from '../cases/open-case.js';
import { requestLocale } from '../locale.js';
import { scopeOf, within } from '../people/scope.js';
import { renderReportHtml } from '../report/report-html.js';
import { loadReportModel } from '../report/report-model.js';
import { renderReportPdf } from '../report/report-pdf.js';
import { errorBodySchema } from '../schemas.js';

const caseParams = z.object({ id: z.string().min(1).max(64) });
const signed = { signature: caseSignatureSchema.optional() };
const stepResponses = {
  201: caseDetailSchema,
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  429: errorBodySchema,
};

/**
 * The deviation loop over HTTP (issue 15; 8.1.5, 8.1.6, 10.14): cases listed and read within the
 * caller's scope, and the signed steps: the clinic's risk assessment, the manufacturer's questions
 * and advice, the clinic's disposition. A case outside the caller's scope answers 404 like an
 * unknown one, before the body is read.
 */
export const casesRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records, config } = app.deps;
    const stepDeps: CaseStepDeps = {
      records,
      site: {
        timeZone: config.site.timeZone,
        locale: parseLocale(config.site.locale),
        publicUrl: config.http.publicUrl,
      },
      siteEmails: config.site.alertEmails,
      escalationEmails: config.escalation?.to ?? [],
    };

    /** 404, nothing else, for a case outside the caller's scope (issue 14). */
    const inCallersScope = async (req: FastifyRequest) => {
      const id = String((req.params as { id?: unknown }).id ?? '');
      const c = await records.deviations.get(id);
      if (!inScope(scopeOf(req), caseBelonging(c))) throw new DeviationErrors.caseNotFound(id);
    };

    app.get(
      '/cases',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['cases'],
          summary: "list deviation cases in the caller's scope",
          description:
            "Deviation cases within the caller's scope, newest first, with their age and answer time; `open=true` only those not closed.",
          querystring: z.object({
            open: z.enum(['true', 'false']).optional(),
            shipmentId: z.string().min(1).max(64).optional(),
            limit: z.coerce.number().int().min(1).max(500).optional(),
          }),
          response: { 200: z.array(caseSummarySchema) },
        },
      },
      async (req) => {
        const scope = scopeOf(req);
        const nowMs = app.deps.now();
        const list = await records.deviations.list({
          open: req.query.open === undefined ? undefined : req.query.open === 'true',
          subjectId: req.query.shipmentId,
          limit: req.query.limit,
        });
        return list.filter((c) => inScope(scope, caseBelonging(c))).map((c) => caseSummary(c, nowMs));
      },
    );

    app.get(
      '/cases/:id',
      {
        config: { roles: Access.viewer },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: 'one deviation case with its signed steps',
          description:
            'One case: what it was opened on (findings, record digest), every step with its signatures, each verified against the step as stored (11.70).',
          params: caseParams,
          response: { 200: caseDetailSchema, 404: errorBodySchema },
        },
      },
      async (req) => caseDetail(records, await records.deviations.get(req.params.id), app.deps.now()),
    );

    app.get(
      '/cases/:id/steps/:seq/attachments/:n',
      {
        config: { roles: Access.viewer },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: 'a file attached to a case step',
          description: 'A file attached to a step (stability data, excursion allowance), as it was signed.',
          params: caseParams.extend({
            seq: z.coerce.number().int().min(1),
            n: z.coerce.number().int().min(1),
          }),
        },
      },
      async (req, reply) => {
        const f = await records.deviations.attachment(req.params.id, req.params.seq, req.params.n);
        // always a download: a stored file is never rendered in the app's origin
        reply.header('content-type', 'application/octet-stream');
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
        return reply.send(f.content);
      },
    );

    const reportSteps = async (c: DeviationCase, nowMs: number): Promise<ReportStep[]> =>
      (await caseDetail(records, c, nowMs)).steps.map((s) => ({ step: s, signatures: s.signatures }));

    /**
     * The deviation report attached to the closing mails, built from what is read before the
     * disposition's transaction and the step and signatures it writes (nothing is read inside it).
     */
    const closingReportFor = async (caseId: string, nowMs: number): Promise<ClosingReport> => {
      const c = await records.deviations.get(caseId);
      const prior = await reportSteps(c, nowMs);
      const locales = new Set<Locale>([
        stepDeps.site.locale,
        parseLocale(c.opening.manufacturer.locale ?? stepDeps.site.locale),
      ]);
      const models = new Map(
        await Promise.all(
          [...locales].map(
            async (L) => [L, await loadReportModel(app, caseShipmentId(c.opening) ?? '', L)] as const,
          ),
        ),
      );
      return async (updated, step, signatures, locale) => {
        const model = models.get(locale);
        // a step recorded in between: the report is still one click away (the mail's link)
        if (!model || prior.length !== step.seq - 1) return undefined;
        const status = updated.state === 'released' ? 'released' : 'rejected';
        const doc = caseReportDocument({ ...model, shipment: { ...model.shipment, status } }, updated, [
          ...prior,
          {
            step,
            signatures: signatures.map((g) => ({ ...g, valid: true })),
          },
        ]);
        return {
          filename: `${updated.id}-deviation-report-${locale}.pdf`,
          contentType: 'application/pdf',
          content: (await renderReportPdf(doc)).toString('base64'),
          encoding: 'base64' as const,
        };
      };
    };

    const step = async (req: FastifyRequest, s: Parameters<typeof takeCaseStep>[3]) => {
      const id = (req.params as { id: string }).id;
      const nowMs = app.deps.now();
      const closing = s.kind === 'disposition' ? await closingReportFor(id, nowMs) : undefined;
      const c = await takeCaseStep(stepDeps, req, id, s, nowMs, closing);
      return caseDetail(records, c, nowMs);
    };

    app.get(
      '/cases/:id/report',
      {
        config: { roles: Access.viewer },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: 'the deviation report (HTML or PDF)',
          description:
            'The deviation report (issue 15): the shipment, its record and chart, the findings with their clauses, the receipt, the risk assessment, the investigation and advice, the disposition and every signature; zh-CN or en (`?lang=`); `?format=pdf` for PDF. Attached to the mails that close the case.',
          params: caseParams,
          querystring: z.object({
            format: z.enum(['html', 'pdf']).default('html'),
            lang: z.string().max(10).optional(),
          }),
        },
      },
      async (req, reply) => {
        const locale = requestLocale(req, config.site.locale);
        const nowMs = app.deps.now();
        const c = await records.deviations.get(req.params.id);
        const model = await loadReportModel(app, caseShipmentId(c.opening) ?? '', locale);
        const doc = caseReportDocument(model, c, await reportSteps(c, nowMs));
        if (req.query.format === 'pdf') {
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="${c.id}-deviation-report-${locale}.pdf"`)
            .send(await renderReportPdf(doc));
        }
        return reply.type('text/html; charset=utf-8').send(renderReportHtml(doc));
      },
    );

    app.post(
      '/cases/:id/assessment',
      {
        config: { roles: Access.qa },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: "the clinic's signed risk assessment",
          description:
            "8.1.5, 10.14: the clinic's risk assessment (impact, severity / likelihood / detectability or the clinic's own scheme, interim control), signed with meaning 'assessed'. Also the answer to the manufacturer's question.",
          params: caseParams,
          body: assessmentSchema.extend(signed),
          response: stepResponses,
        },
      },
      async (req, reply) => {
        const { signature, ...body } = req.body;
        if (!assessmentComplete(body)) throw new DeviationErrors.assessmentIncomplete();
        return reply.code(201).send(await step(req, { kind: 'assessment', body, signature }));
      },
    );

    app.post(
      '/cases/:id/question',
      {
        config: { roles: Access.qa },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: 'a signed question to the other side',
          description:
            "8.1.6: the manufacturer's QA asks the clinic a question before (or after) advising; signed with meaning 'reviewed'.",
          params: caseParams,
          body: questionSchema.extend(signed),
          response: stepResponses,
        },
      },
      async (req, reply) => {
        const { signature, ...body } = req.body;
        return reply.code(201).send(await step(req, { kind: 'question', body, signature }));
      },
    );

    app.post(
      '/cases/:id/advice',
      {
        config: { roles: Access.qa },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: "the manufacturer's signed advice (use / do not use)",
          description:
            "8.1.6: the manufacturer's investigation and handling advice (use / use with conditions / do not use: destroy or return) with its rationale, and the stability data or excursion allowance as text or small files; signed with meaning 'advised'. A later advice supersedes the earlier one.",
          params: caseParams,
          body: adviceFieldsSchema
            .extend({ attachments: z.array(attachmentSchema).max(5).optional(), ...signed })
            .superRefine((a, ctx) => {
              for (const p of adviceProblems(a))
                ctx.addIssue({ code: 'custom', message: p.message, path: [p.path] });
            }),
          response: stepResponses,
        },
      },
      async (req, reply) => {
        const { attachments, signature, ...body } = req.body;
        return reply.code(201).send(await step(req, { kind: 'advice', body, signature, attachments }));
      },
    );

    app.post(
      '/cases/:id/disposition',
      {
        config: { roles: Access.qa },
        preValidation: inCallersScope,
        schema: {
          tags: ['cases'],
          summary: "the clinic's signed disposition (release / reject)",
          description:
            "The clinic's responsible person disposes of the product, signed (meaning 'released' or 'rejected'): released only on the manufacturer's latest signed advice to use (with its conditions), rejected (damaged, destroyed or returned) at any time. The shipment follows: quarantined -> released | rejected. Closes the case and mails both sides.",
          params: caseParams,
          body: dispositionSchema.extend(signed),
          response: stepResponses,
        },
      },
      async (req, reply) => {
        const { signature, ...body } = req.body;
        return reply.code(201).send(await step(req, { kind: 'disposition', body, signature }));
      },
    );

    app.post(
      '/alerts/:id/case',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['cases'],
          summary: 'open a case from a critical alert in transit',
          description:
            "8.1.5: opens the shipment's deviation case from a critical live alert while it is in transit (the receipt later finds it open) and mails the manufacturer's QA; 200 with the case already open. Refused (409 CT_CASE_ALERT_NOT_CRITICAL) for other alerts.",
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: {
            200: caseDetailSchema,
            201: caseDetailSchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const nowMs = app.deps.now();
        const alert = await records.alerts.get(req.params.id);
        const stored = alert.shipmentId ? await records.shipments.get(alert.shipmentId) : undefined;
        if (alert.severity !== 'critical' || !stored || stored.status !== 'in_transit')
          throw new DeviationErrors.alertNotCritical(String(req.params.id));
        const opening = caseOpeningOfAlert(
          stored.shipment,
          alert,
          stepDeps.site.locale,
          config.site.timeZone,
        );
        const { deviationCase, opened } = await records.transaction((tx) =>
          openCaseAndTellManufacturer(tx, opening, actorOf(req), nowMs, stepDeps.site),
        );
        return reply.code(opened ? 201 : 200).send(await caseDetail(records, deviationCase, nowMs));
      },
    );

    const answerTimeParams = z.object({ organisation: z.string().trim().min(1).max(200) });
    const answerTimeBody = z.object({
      organisation: z.string(),
      answerHours: z.number().positive().max(720),
    });
    app.get(
      '/manufacturers/:organisation/answer-time',
      {
        config: { roles: Access.qa },
        schema: {
          tags: ['cases'],
          summary: "a manufacturer's answer time for cases",
          description: "The manufacturer's answer time for new cases, in hours (default 24).",
          params: answerTimeParams,
          response: { 200: answerTimeBody },
        },
      },
      async (req) => {
        // issue 14: another manufacturer's settings are not an organisation-scoped reader's to see
        if (!within(scopeOf(req) ?? {}, { organisation: req.params.organisation })) {
          throw new PeopleErrors.scopeRefused();
        }
        return {
          organisation: req.params.organisation,
          answerHours: await records.deviations.answerHours(req.params.organisation),
        };
      },
    );
    app.put(
      '/manufacturers/:organisation/answer-time',
      {
        config: { roles: Access.admin },
        schema: {
          tags: ['cases'],
          summary: "set a manufacturer's answer time for cases",
          description:
            "Sets the manufacturer's answer time (8.1.6) for cases opened from now on; the reminder goes at three quarters of it, the escalation a quarter after it. Audited.",
          params: answerTimeParams,
          body: z.strictObject({ answerHours: z.number().positive().max(720) }),
          response: { 200: answerTimeBody, 403: errorBodySchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        if (!within(actor.scope ?? {}, { organisation: req.params.organisation })) {
          throw new PeopleErrors.scopeRefused();
        }
        await records.deviations.setAnswerHours(
          req.params.organisation,
          req.body.answerHours,
          actor,
          app.deps.now(),
        );
        return { organisation: req.params.organisation, answerHours: req.body.answerHours };
      },
    );
  },
  { name: 'coldtrace-cases', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
