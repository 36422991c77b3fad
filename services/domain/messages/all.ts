import { clauseMessages } from './clauses.js';
import { errorMessages } from './errors.js';
import { findingMessages } from './findings.js';
import { loggerFileMessages } from './logger-files.js';
import { mailMessages } from './mail.js';
import { pageMessages } from './pages.js';
import { peopleMessages } from './people.js';

/**
 * Every area's table of texts, listed here by hand: a new area file is added to this list (and
 * nowhere else). The browser's catalogue (GET /api/v1/messages/{locale}) is built from it.
 */
export const MESSAGE_TABLES = [
  clauseMessages,
  errorMessages,
  findingMessages,
  loggerFileMessages,
  mailMessages,
  pageMessages,
  peopleMessages,
] as const;
