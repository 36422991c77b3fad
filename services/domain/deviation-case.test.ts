import { describe, expect, it } from 'vitest';
import {
  adviceSchema,
  answerTimes,
  assessmentComplete,
  assessmentSchema,
  CASE_STATES,
  caseAgeMinutes,
  dispositionAllowed,
  nextState,
  remindersDue,
  riskPriority,
} from './deviation-case.js';

const HOUR = 3_600_000;

describe('deviation case transitions (8.1.5, 8.1.6, 10.14)', () => {
  it('runs open -> assessed -> advised, with a question round back to the clinic', () => {
    expect(nextState('open', 'assessment')).toEqual({ ok: true, state: 'assessed' });
    expect(nextState('assessed', 'advice')).toEqual({ ok: true, state: 'advised' });
    expect(nextState('assessed', 'question')).toEqual({ ok: true, state: 'questioned' });
    expect(nextState('questioned', 'assessment')).toEqual({ ok: true, state: 'assessed' });
    expect(nextState('advised', 'question')).toEqual({ ok: true, state: 'questioned' });
    expect(nextState('advised', 'advice')).toEqual({ ok: true, state: 'advised' });
  });
  it('8.1.6: no advice before the clinic has assessed, nor while a question is unanswered', () => {
    expect(nextState('open', 'advice')).toEqual({ ok: false, problem: 'step_not_allowed' });
    expect(nextState('questioned', 'advice')).toEqual({ ok: false, problem: 'step_not_allowed' });
    expect(nextState('questioned', 'question')).toEqual({ ok: false, problem: 'step_not_allowed' });
  });
  it('a closed case takes no step at all', () => {
    for (const s of ['released', 'rejected'] as const)
      for (const step of ['assessment', 'question', 'advice'] as const)
        expect(nextState(s, step)).toEqual({ ok: false, problem: 'case_closed' });
  });
});

describe('disposition (8.1.6)', () => {
  const release = { outcome: 'released', epcisDisposition: 'released' } as const;
  const destroy = { outcome: 'rejected', epcisDisposition: 'destroyed' } as const;
  it('releases only on an advice to use, from the advised state', () => {
    expect(dispositionAllowed('advised', { decision: 'use' }, release)).toEqual({
      ok: true,
      state: 'released',
    });
    expect(dispositionAllowed('assessed', undefined, release)).toEqual({ ok: false, problem: 'no_advice' });
    expect(dispositionAllowed('open', undefined, release)).toEqual({ ok: false, problem: 'no_advice' });
    // a question after the advice: the clinic answers before a release
    expect(dispositionAllowed('questioned', { decision: 'use' }, release).ok).toBe(false);
  });
  it('"do not use" can never be released: only a new signed advice opens the way', () => {
    expect(dispositionAllowed('advised', { decision: 'do_not_use' }, release)).toEqual({
      ok: false,
      problem: 'advised_do_not_use',
    });
    expect(
      dispositionAllowed('advised', { decision: 'use_with_conditions', conditions: 'x' }, release).ok,
    ).toBe(false);
  });
  it('use with conditions: released only with the conditions written on the disposition', () => {
    const advice = { decision: 'use_with_conditions', conditions: 'infuse within 2 h' } as const;
    expect(dispositionAllowed('advised', advice, release)).toEqual({
      ok: false,
      problem: 'conditions_missing',
    });
    expect(dispositionAllowed('advised', advice, { ...release, conditions: '  ' }).ok).toBe(false);
    expect(dispositionAllowed('advised', advice, { ...release, conditions: 'infuse within 2 h' }).ok).toBe(
      true,
    );
  });
  it('rejecting is allowed in every open state; the EPCIS value must fit the outcome', () => {
    for (const s of ['open', 'assessed', 'questioned', 'advised'] as const)
      expect(dispositionAllowed(s, undefined, destroy)).toEqual({ ok: true, state: 'rejected' });
    expect(
      dispositionAllowed(
        'advised',
        { decision: 'use' },
        { outcome: 'released', epcisDisposition: 'returned' },
      ),
    ).toEqual({ ok: false, problem: 'disposition_mismatch' });
    expect(
      dispositionAllowed('open', undefined, { outcome: 'rejected', epcisDisposition: 'released' }),
    ).toEqual({
      ok: false,
      problem: 'disposition_mismatch',
    });
    expect(dispositionAllowed('rejected', undefined, destroy)).toEqual({ ok: false, problem: 'case_closed' });
    expect(dispositionAllowed('released', { decision: 'use' }, release)).toEqual({
      ok: false,
      problem: 'case_closed',
    });
  });
  it('every state is covered by the contract list', () => {
    expect(CASE_STATES).toEqual(['open', 'assessed', 'questioned', 'advised', 'released', 'rejected']);
  });
});

describe('answer time, reminders and escalation (8.1.6, 10.14)', () => {
  const opened = Date.parse('2026-12-01T00:00:00Z');
  it('defaults to 24 h: reminder at 18 h, due at 24 h, escalation at 30 h', () => {
    const t = answerTimes(opened);
    expect(t.dueAtMs - opened).toBe(24 * HOUR);
    expect(t.reminderAtMs - opened).toBe(18 * HOUR);
    expect(t.escalationAtMs - opened).toBe(30 * HOUR);
    expect(answerTimes(opened, 8).dueAtMs - opened).toBe(8 * HOUR);
  });
  it('reminds exactly from its point on, and only while the manufacturer owes the answer', () => {
    const times = answerTimes(opened);
    const c = { state: 'assessed' as const, advised: false, times };
    expect(remindersDue(c, times.reminderAtMs - 1)).toEqual([]);
    expect(remindersDue(c, times.reminderAtMs)).toEqual(['reminder']);
    expect(remindersDue(c, times.escalationAtMs - 1)).toEqual(['reminder']);
    expect(remindersDue(c, times.escalationAtMs)).toEqual(['reminder', 'escalation']);
    expect(remindersDue({ ...c, state: 'open' }, times.escalationAtMs)).toHaveLength(2);
    expect(remindersDue({ ...c, state: 'questioned' }, times.escalationAtMs)).toEqual([]);
    expect(remindersDue({ ...c, state: 'advised', advised: true }, times.escalationAtMs)).toEqual([]);
    // advised once, then re-assessed: the manufacturer has answered in time
    expect(remindersDue({ ...c, advised: true }, times.escalationAtMs)).toEqual([]);
    expect(remindersDue({ ...c, state: 'released' }, times.escalationAtMs)).toEqual([]);
  });
  it('age in whole minutes, frozen once closed', () => {
    expect(caseAgeMinutes(opened, undefined, opened + 59_999)).toBe(0);
    expect(caseAgeMinutes(opened, undefined, opened + 90 * 60_000)).toBe(90);
    expect(caseAgeMinutes(opened, opened + HOUR, opened + 10 * HOUR)).toBe(60);
  });
});

describe('step bodies', () => {
  const base = {
    impact: 'viability may drop',
    interimControl: { keptInQuarantine: true, storedAtRequiredTemperature: true, storageUnitId: 'LN2-1' },
  };
  it('an assessment names a scheme: three scores or the clinic own', () => {
    const scored = assessmentSchema.parse({ ...base, severity: 4, likelihood: 2, detectability: 3 });
    expect(assessmentComplete(scored)).toBe(true);
    expect(riskPriority(scored)).toBe(24);
    expect(assessmentComplete(assessmentSchema.parse({ ...base, severity: 4 }))).toBe(false);
    expect(assessmentComplete(assessmentSchema.parse({ ...base, ownScheme: 'class B' }))).toBe(true);
    expect(assessmentSchema.safeParse({ ...base, severity: 6 }).success).toBe(false);
  });
  it('advice: conditions for use_with_conditions, destroy or return for do_not_use', () => {
    const a = { investigation: 'stability data cover 30 min at -60 C', rationale: 'within allowance' };
    expect(adviceSchema.safeParse({ ...a, decision: 'use' }).success).toBe(true);
    expect(adviceSchema.safeParse({ ...a, decision: 'use_with_conditions' }).success).toBe(false);
    expect(adviceSchema.safeParse({ ...a, decision: 'do_not_use' }).success).toBe(false);
    expect(adviceSchema.safeParse({ ...a, decision: 'do_not_use', doNotUseAction: 'destroy' }).success).toBe(
      true,
    );
  });
});
