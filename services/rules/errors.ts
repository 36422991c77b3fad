import { codedError } from '../domain/coded-error.js';

/** Errors of starting the rules role; the words are the catalogue's (error.<CODE>). */
export const RulesErrors = {
  needsBroker: codedError('CT_RULES_NEEDS_BROKER', 500),
};
