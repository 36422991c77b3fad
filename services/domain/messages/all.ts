import { auditMessages } from './audit.js';
import { boardMessages } from './board.js';
import { chartMessages } from './chart.js';
import { clauseMessages } from './clauses.js';
import { deviationMessages } from './deviation.js';
import { errorMessages } from './errors.js';
import { findingMessages } from './findings.js';
import { glossaryMessages } from './glossary.js';
import { handoverWords } from './handover-words.js';
import { integrityMessages } from './integrity.js';
import { journeyMessages } from './journey.js';
import { loggerFileMessages } from './logger-files.js';
import { mailMessages } from './mail.js';
import { operationMessages } from './operations.js';
import { pageMessages } from './pages.js';
import { peopleMessages } from './people.js';
import { reportMessages } from './report.js';
import { ruleMessages } from './rules.js';
import { termMessages } from './terms.js';

/**
 * Every area's table of texts, listed here by hand: a new area file is added to this list (and
 * nowhere else). The browser's catalogue (GET /api/v1/messages/{locale}) is built from it.
 */
export const MESSAGE_TABLES = [
  auditMessages,
  boardMessages,
  chartMessages,
  clauseMessages,
  deviationMessages,
  errorMessages,
  findingMessages,
  glossaryMessages,
  handoverWords,
  integrityMessages,
  journeyMessages,
  loggerFileMessages,
  mailMessages,
  operationMessages,
  pageMessages,
  peopleMessages,
  reportMessages,
  ruleMessages,
  termMessages,
] as const;
