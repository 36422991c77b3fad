import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Access } from '../auth.js';
import { epcisDocument } from '../exports/epcis.js';
import { errorBodySchema, idParams } from '../schemas.js';

const epcisEventSchema = z.record(z.string(), z.unknown());
const epcisDocumentSchema = z.looseObject({
  '@context': z.array(z.union([z.string(), z.record(z.string(), z.string())])),
  type: z.literal('EPCISDocument'),
  schemaVersion: z.literal('2.0'),
  creationDate: z.string(),
  epcisBody: z.object({ eventList: z.array(epcisEventSchema) }),
});

/** EPCIS 2.0 out (issue 19): the shipment's shipping and receiving events with the loggers' data. */
export const epcisRoutes = fp(
  async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const { records, config } = app.deps;
    app.get(
      '/shipments/:id/epcis',
      {
        config: { roles: Access.viewer },
        schema: {
          tags: ['readings'],
          summary: "export the shipment's events as EPCIS 2.0",
          description:
            "The shipment as an EPCIS 2.0 JSON-LD document (application/ld+json): the shipping event (bizStep shipping, disposition in_transit) and, once received, the receiving event (disposition conformant, or non_conformant for a deviation) with a sensorElementList per logger: deviceID, start and end of the window, the data processing method, rawData pointing at this shipment's CSV record, and a gs1:Temperature report (uom CEL) with the verdict's minValue / maxValue / meanValue; each temperature excursion adds an element with exception ALARM_CONDITION and the excursion's times. The figures are the final verdict's: no sensor data is reported before the receipt. Sites, the product's batch (class level) and loggers are URIs under the public URL (coldtrace has no GLN or GTIN). See docs/epcis.md.",
          params: idParams,
          response: { 200: epcisDocumentSchema, 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const stored = await records.shipments.get(req.params.id);
        const receipt = stored.receivedAt ? await records.shipments.receiptOf(stored.shipment.id) : undefined;
        const doc = epcisDocument({
          shipment: stored.shipment,
          dispatchedAt: stored.dispatchedAt,
          receivedAt: receipt?.receipt.receivedAt,
          verdict: receipt?.verdict,
          // the deviation case's decision (released / damaged / destroyed / returned) goes here
          // once the deviation area records it: caseDisposition: { decision, at }
          caseDisposition: undefined,
          baseUrl: config.http.publicUrl.replace(/\/+$/u, ''),
          timeZone: config.site.timeZone,
          nowMs: app.deps.now(),
        });
        return reply.type('application/ld+json; charset=utf-8').send(doc);
      },
    );
  },
  { name: 'coldtrace-epcis', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
