/* supervision.js — 督办 in the workbench: supervisors issue supervision
 * orders to a department (about a case, a 12345 request, a rectification, or
 * free-standing) with a deadline, list every order with the overdue ones
 * marked, and close an answered order or send it back; a department's head
 * sees the department's orders and answers them. The system's orders about
 * overdue work are in the same list. GET/POST /api/v1/supervision/orders. */
import { h, t, L, go, dl, fmtDay, fmtTime, session, announce, departments, moreButton, pagedCount } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import TEXTS from './supervision.texts.js';

addTexts(TEXTS);

const lbl = (key) => ({ zh: t(key, null, key, 'zh'), en: t(key, null, key, 'en') });
const STATES = ['open', 'escalated', 'answered', 'closed'];
const TYPES = ['none', 'case', 'complaint', 'rectification'];

const stateBadge = (o) => h('span', { class: 'badge sv-state state-' + o.state + (o.state === 'closed' ? ' badge-green' : o.state === 'escalated' ? ' badge-red' : '') },
  t('sv.st.' + o.state, null, o.state));
const overdueBadge = (o) => (o.overdue ? h('span', { class: 'badge badge-red' }, t('sv.overdue')) : null);
const deptName = (depts, code) => { const d = depts.find((x) => x.code === code); return d ? L(d.name) : code; };
/* What an order is about: a supervisor's title (typed: kept as written), else its subject; the system's
 * orders by their subject alone (their stored title is the Chinese of the message). */
const subjectEl = (sub) => h('span', null, t('sv.type.' + sub.type, null, sub.type), ' ', h('span', { class: 'mono' }, sub.label || sub.id));
const what = (o) => (o.kind === 'issued' && o.title ? h('span', { 'data-keep': 'data' }, o.title) : o.subject ? subjectEl(o.subject) : '—');

async function issueForm(depts, onDone) {
  const { renderForm } = await import('../shared/form.js');
  const ctl = renderForm({ fields: [
    { key: 'department', type: 'enum', required: true, label: lbl('sv.f_department'),
      options: depts.map((d) => ({ value: d.code, label: d.name })) },
    { key: 'subject_type', type: 'enum', required: true, label: lbl('sv.f_subject_type'),
      options: TYPES.map((k) => ({ value: k, label: lbl('sv.type.' + k) })) },
    { key: 'subject_id', type: 'string', max_len: 64, label: lbl('sv.f_subject_id') },
    { key: 'title', type: 'string', max_len: 100, label: lbl('sv.f_title') },
    { key: 'text', type: 'text', required: true, max_len: 2000, label: lbl('sv.f_text') },
    { key: 'deadline_days', type: 'int', min: 1, max: 60, label: lbl('sv.f_days'), help: lbl('sv.f_deadline_hint') },
    { key: 'deadline', type: 'date', label: lbl('sv.f_date') },
  ] }, { idPrefix: 'svn', values: { subject_type: 'none' } });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('sv.new'));
  const f = h('form', { novalidate: true, class: 'narrow' }, ctl.el, out, h('div', { class: 'actions' }, button));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const v = ctl.values();
      const body = { department: v.department, text: v.text };
      if (v.subject_type && v.subject_type !== 'none') body.subject = { type: v.subject_type, id: v.subject_id || '' };
      if (v.title) body.title = v.title;
      if (v.deadline_days !== undefined && v.deadline_days !== '' && v.deadline_days !== null) body.deadline_days = Number(v.deadline_days);
      if (v.deadline) body.deadline = v.deadline;
      const o = await api('/supervision/orders', { method: 'POST', body });
      announce(t('sv.issued'));
      onDone(o);
    });
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'sv-new-h' }, h('h2', { id: 'sv-new-h' }, t('sv.new')), f);
}

export async function pageSupervision(page, _p, query) {
  const sup = session.has('supervisor');
  const depts = await departments().catch(() => []);
  page.append(h('h1', null, t('wsv.title')), h('p', null, t(sup ? 'sv.intro_sup' : 'sv.intro_head')));
  const state = STATES.includes(query.get('state')) ? query.get('state') : '';
  const dept = sup && depts.some((d) => d.code === query.get('department')) ? query.get('department') : '';
  const f = h('form', { class: 'filters' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'sv-state', class: 'label' }, t('sv.filter_state')),
      h('select', { id: 'sv-state', name: 'state' }, [['', t('sv.all')], ...STATES.map((s) => [s, t('sv.st.' + s)])]
        .map(([v, l]) => h('option', { value: v, selected: v === state }, l)))),
    sup ? h('div', { class: 'field field-inline' }, h('label', { for: 'sv-dept', class: 'label' }, t('sv.filter_dept')),
      h('select', { id: 'sv-dept', name: 'department' }, [['', t('sv.all')], ...depts.map((d) => [d.code, L(d.name)])]
        .map(([v, l]) => h('option', { value: v, selected: v === dept }, l)))) : null,
    h('button', { type: 'submit', class: 'btn' }, t('sv.show')));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    if (f.elements.state.value) q.set('state', f.elements.state.value);
    if (sup && f.elements.department.value) q.set('department', f.elements.department.value);
    go('#/supervision' + (q.toString() ? '?' + q : ''));
  });
  if (sup) page.append(await issueForm(depts, (o) => go('#/supervision/' + o.id + '?new=1')));
  page.append(f);
  const filter = { state: state || undefined, department: dept || undefined };
  const r = await api('/supervision/orders', { query: filter });
  const items = r.items || [];
  const status = h('p', { role: 'status' });
  pagedCount(status, items.length, !!r.next_cursor, 'sv.count');
  page.append(status);
  if (!items.length) { page.append(h('p', null, t('sv.none'))); return; }
  const cols = ['what', 'dept', 'kind', 'state', 'deadline'];
  const row = (o) => h('tr', { class: o.overdue ? 'row-overdue' : '', 'data-id': o.id },
    h('th', { scope: 'row' }, h('a', { href: '#/supervision/' + o.id }, what(o))),
    h('td', { 'data-label': t('sv.col.dept') }, deptName(depts, o.department)),
    h('td', { 'data-label': t('sv.col.kind') }, t('sv.kind.' + o.kind, null, o.kind)),
    h('td', { 'data-label': t('sv.col.state') }, stateBadge(o)),
    h('td', { 'data-label': t('sv.col.deadline') }, o.deadline ? fmtDay(o.deadline) : t('sv.no_deadline'), ' ', overdueBadge(o)));
  const body = h('tbody', null, items.map(row));
  page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack supervision-orders' },
    h('caption', null, t('sv.caption')),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t('sv.col.' + k))))), body)));
  const more = moreButton('/supervision/orders', filter, r.next_cursor, (next, left) => {
    body.append(...next.map(row));
    pagedCount(status, body.rows.length, left, 'sv.count');
  });
  if (more) page.append(more);
}

/* One action's form: its fields, the button, and what to say when it is done. */
async function actionForm(o, action, fields, buttonKey, doneKey, danger) {
  const { renderForm } = await import('../shared/form.js');
  const ctl = renderForm({ fields }, { idPrefix: 'sva-' + action });
  const out = h('div');
  const button = h('button', { type: 'submit', class: danger ? 'btn' : 'btn btn-primary' }, t(buttonKey));
  const f = h('form', { novalidate: true, class: 'narrow sv-action', 'data-action': action }, ctl.el, out, h('div', { class: 'actions' }, button));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const v = ctl.values();
      const body = {};
      for (const [k, x] of Object.entries(v)) if (x !== '' && x !== undefined && x !== null) body[k] = k === 'deadline_days' ? Number(x) : x;
      await api('/supervision/orders/' + encodeURIComponent(o.id) + '/' + action.replace('_', '-'), { method: 'POST', body, ifMatch: o.version });
      announce(t(doneKey));
      go('#/supervision/' + o.id);
    });
  });
  return f;
}

export async function pageSupervisionOrder(page, { id }, query) {
  const [o, depts] = await Promise.all([api('/supervision/orders/' + encodeURIComponent(id)), departments().catch(() => [])]);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/supervision' }, t('sv.back'))));
  page.append(h('h1', { tabindex: '-1' }, t('sv.order'), ' ', stateBadge(o), ' ', overdueBadge(o)));
  if (query && query.get && query.get('new')) page.append(h('div', { class: 'panel panel-ok', role: 'status' }, h('p', null, t('sv.issued'))));
  page.append(dl([
    [t('sv.col.dept'), deptName(depts, o.department)],
    [t('sv.col.kind'), t('sv.kind.' + o.kind, null, o.kind)],
    [t('sv.subject'), o.subject ? subjectEl(o.subject) : null],
    [t('sv.f_title'), o.kind === 'issued' && o.title ? h('span', { 'data-keep': 'data' }, o.title) : null],
    [t('sv.text'), o.kind !== 'issued' ? t('sv.auto_text') : o.text ? h('span', { 'data-keep': 'data' }, o.text) : null],
    [t('sv.col.deadline'), o.deadline ? fmtDay(o.deadline) : t('sv.no_deadline')],
    [t('sv.issued_by'), o.issued_by ? h('span', { 'data-keep': 'name' }, o.issued_by.name) : t('sv.kind.overdue')],
    [t('sv.created'), fmtTime(o.created_at)],
    [t('sv.answer'), o.answer ? h('span', { 'data-keep': 'data', class: 'sv-answer' }, o.answer) : null],
    [t('sv.answered_by'), o.answered_by ? h('span', { 'data-keep': 'name' }, o.answered_by.name) : null],
    [t('sv.review_note'), o.review_note ? h('span', { 'data-keep': 'data' }, o.review_note) : null],
  ]));
  const allowed = o.allowed_actions || [];
  if (allowed.includes('answer')) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'sv-answer-h' }, h('h2', { id: 'sv-answer-h' }, t('sv.answer')),
      await actionForm(o, 'answer', [{ key: 'answer', type: 'text', required: true, max_len: 2000, label: lbl('sv.answer_label') }],
        'sv.answer_send', 'sv.answered')));
  }
  if (allowed.includes('close')) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'sv-close-h' }, h('h2', { id: 'sv-close-h' }, t('sv.close')),
      await actionForm(o, 'close', [{ key: 'note', type: 'text', max_len: 500, label: lbl('sv.close_note') }], 'sv.close', 'sv.closed')));
  }
  if (allowed.includes('send_back')) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'sv-back-h' }, h('h2', { id: 'sv-back-h' }, t('sv.send_back')),
      await actionForm(o, 'send_back', [
        { key: 'note', type: 'text', required: true, max_len: 500, label: lbl('sv.send_back_note') },
        { key: 'deadline_days', type: 'int', min: 1, max: 60, label: lbl('sv.send_back_days') },
      ], 'sv.send_back', 'sv.sent_back', true)));
  }
}
