// The signed steps of a deviation case as forms (issue 15): the clinic's risk assessment and
// disposition, the manufacturer's question and advice. Each form ends with the person's signature
// (login name and password, 21 CFR 11.200(a)); the API decides, the page only offers what fits.
import { el, signedInPerson, t } from './common.js';

let uid = 0;
const idFor = (name) => `f-${name}-${++uid}`;

function field(label, control) {
  const id = control.id || idFor('x');
  control.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}

const textarea = (name, required = false) =>
  el('textarea', { name, rows: 3, required, spellcheck: 'true', class: 'wide' });

function select(name, values, words) {
  const s = el('select', { name, class: 'wide' });
  for (const v of values) s.append(el('option', { value: v }, words(v)));
  return s;
}

function checkbox(name, label, checked) {
  const id = idFor(name);
  return el(
    'label',
    { for: id, class: 'check' },
    el('input', { type: 'checkbox', id, name, checked }),
    ` ${label}`,
  );
}

function radios(name, values, words, checked) {
  const box = el('fieldset', { class: 'check' }, el('legend', {}, words.legend));
  for (const v of values) {
    const id = idFor(`${name}-${v}`);
    box.append(
      el(
        'label',
        { for: id },
        el('input', { type: 'radio', id, name, value: v, checked: v === checked }),
        ` ${words(v)}`,
      ),
    );
  }
  return box;
}

/** The signer's part of every form: their login name (their own when signed in) and password. */
function signature() {
  const person = signedInPerson();
  const login = el('input', {
    name: 'signLogin',
    type: 'text',
    autocomplete: 'username',
    spellcheck: 'false',
    autocapitalize: 'off',
    required: true,
    readonly: Boolean(person),
    value: person?.login ?? '',
  });
  const password = el('input', {
    name: 'signPassword',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  return el(
    'fieldset',
    { class: 'signer' },
    el('legend', {}, t('page.case.sign.legend')),
    el('p', { class: 'small' }, t('page.case.sign.note')),
    field(t('page.sign.login'), login),
    field(t('page.sign.password'), password),
  );
}

function form(kind, title, children, submitKey, onSubmit) {
  const f = el('form', { class: 'panel case-step', 'data-step': kind, novalidate: true });
  const error = el('div', { class: 'error', role: 'alert', hidden: true });
  f.append(
    el('h2', {}, title),
    ...children,
    signature(),
    error,
    el('button', { type: 'submit' }, t(submitKey)),
  );
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const data = new FormData(f);
    const sig = {
      login: String(data.get('signLogin') ?? '').trim(),
      password: String(data.get('signPassword') ?? ''),
    };
    const button = f.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await onSubmit(data, sig, f);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return f;
}

const str = (data, name) => {
  const v = String(data.get(name) ?? '').trim();
  return v === '' ? undefined : v;
};
const score = (data, name) => {
  const v = str(data, name);
  return v === undefined ? undefined : Number(v);
};

/** 8.1.5, 10.14: impact, the scores or the clinic's own scheme, the interim control; the answer to a question. */
export function assessmentForm(c, submit) {
  const scores = ['severity', 'likelihood', 'detectability'].map((name) =>
    field(
      t(`case.field.${name}`),
      select(name, ['', '1', '2', '3', '4', '5'], (v) => v || t('page.case.assess.none')),
    ),
  );
  const children = [
    field(t('case.field.impact'), textarea('impact', true)),
    el('p', { class: 'small' }, t('page.case.assess.scheme')),
    el('div', { class: 'row scores' }, ...scores),
    field(t('case.field.ownScheme'), textarea('ownScheme')),
    el(
      'fieldset',
      { class: 'check' },
      el('legend', {}, t('case.field.interimControl')),
      checkbox('keptInQuarantine', t('case.field.keptInQuarantine'), true),
      checkbox('storedAtRequiredTemperature', t('case.field.storedAtRequiredTemperature'), true),
    ),
    field(
      t('case.field.storageUnit'),
      el('input', { name: 'storageUnitId', type: 'text', spellcheck: 'false' }),
    ),
  ];
  if (c.state === 'questioned') children.push(field(t('case.field.answer'), textarea('answer', true)));
  return form(
    'assessment',
    t('page.case.assess.title'),
    children,
    'page.case.assess.submit',
    (data, signature) =>
      submit('assessment', {
        impact: str(data, 'impact'),
        severity: score(data, 'severity'),
        likelihood: score(data, 'likelihood'),
        detectability: score(data, 'detectability'),
        ownScheme: str(data, 'ownScheme'),
        interimControl: {
          keptInQuarantine: data.get('keptInQuarantine') === 'on',
          storedAtRequiredTemperature: data.get('storedAtRequiredTemperature') === 'on',
          storageUnitId: str(data, 'storageUnitId'),
        },
        answer: str(data, 'answer'),
        signature,
      }),
  );
}

export function questionForm(_c, submit) {
  return form(
    'question',
    t('page.case.question.title'),
    [field(t('case.field.question'), textarea('question', true))],
    'page.case.question.submit',
    (data, signature) => submit('question', { question: str(data, 'question'), signature }),
  );
}

function readFileBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** 8.1.6: the investigation, the advice (use / with conditions / do not use: destroy or return), the rationale. */
export function adviceForm(_c, submit) {
  const decisionWords = (v) => t(`case.decision.${v}`);
  decisionWords.legend = t('case.field.decision');
  const decision = radios('decision', ['use', 'use_with_conditions', 'do_not_use'], decisionWords, 'use');
  const conditions = field(t('case.field.conditions'), textarea('conditions'));
  const action = field(
    t('case.field.doNotUseAction'),
    select('doNotUseAction', ['destroy', 'return'], (v) => t(`case.action.${v}`)),
  );
  const file = el('input', { name: 'file', type: 'file' });
  const children = [
    field(t('case.field.investigation'), textarea('investigation', true)),
    decision,
    conditions,
    action,
    field(t('case.field.rationale'), textarea('rationale', true)),
    field(t('page.case.advice.attachText'), textarea('stabilityText')),
    field(t('page.case.advice.attachFile'), file),
  ];
  const follow = () => {
    const v = decision.querySelector('input:checked')?.value;
    conditions.hidden = v !== 'use_with_conditions';
    action.hidden = v !== 'do_not_use';
  };
  decision.addEventListener('change', follow);
  follow();
  return form(
    'advice',
    t('page.case.advice.title'),
    children,
    'page.case.advice.submit',
    async (data, signature) => {
      const chosen = String(data.get('decision'));
      const attachments = [];
      const text = str(data, 'stabilityText');
      if (text) attachments.push({ filename: 'stability-data.txt', contentType: 'text/plain', text });
      const f = file.files?.[0];
      if (f)
        attachments.push({
          filename: f.name,
          contentType: f.type || 'application/octet-stream',
          base64: await readFileBase64(f),
        });
      return submit('advice', {
        investigation: str(data, 'investigation'),
        decision: chosen,
        conditions: chosen === 'use_with_conditions' ? str(data, 'conditions') : undefined,
        doNotUseAction: chosen === 'do_not_use' ? str(data, 'doNotUseAction') : undefined,
        rationale: str(data, 'rationale'),
        attachments: attachments.length ? attachments : undefined,
        signature,
      });
    },
  );
}

/** The clinic's responsible person: release (only on an advice to use) or reject (damaged, destroyed, returned). */
export function dispositionForm(c, submit) {
  const advice = c.latestAdvice;
  const mayRelease = c.state === 'advised' && advice && advice.decision !== 'do_not_use';
  const outcomeWords = (v) => t(`case.outcome.${v}`);
  outcomeWords.legend = t('case.field.outcome');
  const outcome = radios(
    'outcome',
    ['released', 'rejected'],
    outcomeWords,
    mayRelease ? 'released' : 'rejected',
  );
  const release = outcome.querySelector('input[value="released"]');
  release.disabled = !mayRelease;
  const epcis = field(
    t('case.field.epcisDisposition'),
    select('epcisDisposition', ['destroyed', 'returned', 'damaged'], (v) => t(`case.epcis.${v}`)),
  );
  const conditions = field(t('case.field.conditions'), textarea('conditions'));
  conditions.querySelector('textarea').value = advice?.conditions ?? '';
  const children = [];
  if (advice?.decision === 'do_not_use')
    children.push(el('p', { class: 'error' }, t('page.case.disposition.blocked')));
  else if (!mayRelease) children.push(el('p', { class: 'small' }, t('page.case.disposition.needsAdvice')));
  children.push(outcome, epcis, conditions, field(t('case.field.notes'), textarea('notes')));
  const follow = () => {
    const released = outcome.querySelector('input:checked')?.value === 'released';
    epcis.hidden = released;
    conditions.hidden = !released;
  };
  outcome.addEventListener('change', follow);
  follow();
  return form(
    'disposition',
    t('page.case.disposition.title'),
    children,
    'page.case.disposition.submit',
    (data, signature) => {
      const released = String(data.get('outcome')) === 'released';
      return submit('disposition', {
        outcome: released ? 'released' : 'rejected',
        epcisDisposition: released ? 'released' : str(data, 'epcisDisposition'),
        conditions: released ? str(data, 'conditions') : undefined,
        notes: str(data, 'notes'),
        signature,
      });
    },
  );
}
