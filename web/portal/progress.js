/* progress.js — 进度查询: how a case stands, without logging in, by its
 * number and the applicant's ID number, credit code or phone. The answer is
 * the status and the clock's dates only; a wrong proof and an unknown number
 * read alike. */
import { h, t, L, announce, dl, fmtDay, statusBadge } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import TEXTS from './progress.texts.js';

addTexts(TEXTS);

const SCHEMA = { fields: [
  { key: 'number', label: { zh: '办件编号', en: 'Case number' }, type: 'string', required: true, max_len: 39,
    help: { zh: '受理回执或短信中的编号，如 310101-20261202-000042', en: 'On your receipt or in the SMS, e.g. 310101-20261202-000042' } },
  { key: 'proof', label: { zh: '申请人身份证号、统一社会信用代码或手机号', en: "The applicant's ID number, credit code or mobile phone" },
    type: 'string', required: true, max_len: 32, autocomplete: 'off',
    help: { zh: '与申请时登记的一致', en: 'As registered when applying' } },
] };

function result(p) {
  return h('section', { class: 'card', 'aria-labelledby': 'progress-result' },
    h('h2', { id: 'progress-result' }, p.number, ' ', statusBadge(p)),
    dl([
      [t('progress.matter'), L(p.matter.name) || p.matter.code],
      [t('progress.department'), p.department.name ? L(p.department.name) : p.department.code],
      [t('progress.submitted'), p.submitted_day && fmtDay(p.submitted_day)],
      [t('progress.accepted'), p.accepted_day ? fmtDay(p.accepted_day) : t('progress.not_yet')],
      [t('progress.due'), p.due_day && fmtDay(p.due_day)],
      [t('progress.suspended'), p.suspended && t('progress.suspended_yes')],
      [t('progress.finished'), p.finished_day && fmtDay(p.finished_day)],
    ]),
    h('p', { class: 'hint' }, t('progress.more')));
}

export async function pageProgress(page) {
  const { renderForm } = await import('../shared/form.js');
  page.append(h('h1', null, t('progress.title')), h('p', null, t('progress.intro')));
  const ctl = renderForm(SCHEMA, { idPrefix: 'progress' });
  const out = h('div');
  const shown = h('div', { 'aria-live': 'polite' });
  const f = h('form', { novalidate: true, class: 'narrow' }, ctl.el, out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('progress.ask'))));
  page.append(f, shown);
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    shown.textContent = '';
    submit({ out, form: ctl }, async () => {
      const p = await api('/progress', { method: 'POST', body: ctl.values() });
      shown.append(result(p));
      announce(t('progress.found', { status: L(p.status_label) }));
    });
  });
}
