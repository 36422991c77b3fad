/**
 * The groups of /docs, in the order a reader meets them, each said once in a line. Every route's
 * schema names one of these (services/api/test/openapi-docs.test.ts).
 */
export const OPENAPI_TAGS = [
  { name: 'shipments', description: 'Register, dispatch and follow shipments of cell products.' },
  { name: 'verdict', description: 'The verdict at the door and the receipt (8.1.3-8.1.7).' },
  { name: 'readings', description: "The temperature record: readings, loggers' files, EPCIS export." },
  { name: 'exports', description: 'Printable reports (HTML, PDF).' },
  { name: 'profiles', description: "A product's cold-chain requirements (7.7, 7.8, 7.15)." },
  { name: 'devices', description: 'Loggers and storage sensors, their MQTT secrets and calibration.' },
  { name: 'storage', description: 'Fridges, freezers and LN2 tanks, and the items kept in them.' },
  { name: 'products', description: 'A product after the door: thawing, use-time, infusion (7.8).' },
  { name: 'alerts', description: 'Alerts by severity, acknowledged with a reason.' },
  {
    name: 'cases',
    description:
      "Deviation cases: the clinic's assessment, the manufacturer's advice, the disposition (8.1.6).",
  },
  { name: 'audit', description: 'The audit trail: who did what, when (10.3, 10.4).' },
  { name: 'people', description: 'Personal accounts, sign-in and passwords (electronic signatures).' },
  { name: 'api keys', description: 'Keys for machines and integrations.' },
  { name: 'site', description: "The site's zone and languages, and the pages' message catalogue." },
  { name: 'health', description: 'Readiness for load balancers and orchestrators.' },
];
