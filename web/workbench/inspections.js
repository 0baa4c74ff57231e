/* inspections.js — 双随机一公开 in the workbench: the plans (with the day
 * their results are due and an overdue mark), a supervisor's form for a new
 * plan (inspection_plan_form.js), one plan with its rules and its draw, the
 * supervisor's actions (commit, draw with the public value, reveal, start,
 * publish) and the drawn inspector's findings form, and the objections of
 * enterprises to plans of the caller's department, each answerable (upheld
 * or rejected, with a reason) by whom the API lets. Titles and items show
 * their English forms in English mode where their department gave them. */
import { h, t, L, lang, go, dl, announce, session, fmtDay, moreButton } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, ApiError } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import { renderForm } from '../shared/form.js';
import { own, ownText, ownList, itemWithBasis } from '../shared/inspection.js';
import { lbl } from './common.js';
import TEXTS from './inspections.texts.js';

addTexts(TEXTS);

/* Text that stays as written in any language: a title as registered, what someone typed. */
const keep = (why, text) => h('span', { 'data-keep': why }, text);

const col = (k) => h('th', { scope: 'col' }, t(k));
const cell = (k, ...kids) => h('td', { 'data-label': t(k) }, ...kids);
const day = (d) => (d ? fmtDay(d) : '—');

function field(id, labelKey, control) {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, t(labelKey)), control);
}

const select = (options) => h('select', null, ...options.map(([v, k]) => h('option', { value: v }, k)));

/* A finding: the item's name (its English form in English mode where there is one), then the result. */
function findingText(f, items) {
  const item = (items || []).find((i) => i.code === f.item) || { title: f.title || f.item, title_en: f.title_en };
  return [ownText(item, 'title'), lang() === 'en' ? ': ' : '：', t('wi.result.' + f.result),
    f.correction_deadline ? ' · ' + t('wi.correct_by', { date: fmtDay(f.correction_deadline) }) : ''].join('');
}

const planRow = (p) => h('tr', null,
  h('th', { scope: 'row' }, h('a', { href: '#/inspections/' + p.id }, own(p, 'title'))),
  cell('wi.state', L({ zh: p.state_zh, en: p.state_en || p.state })),
  cell('wi.period', day(p.period_start) + ' – ' + day(p.period_end)),
  cell('wi.publish_due', day(p.publish_due),
    p.overdue ? h('span', { class: 'badge badge-red' }, t('wi.overdue')) : null));

/* A page of plans, newest first, and 更多 for the page after. */
function plansTable(page) {
  const body = h('tbody', null, ...page.items.map(planRow));
  const more = moreButton('/inspection-plans', {}, page.next_cursor, (next) => body.append(...next.map(planRow)));
  return h('div', null, h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', { class: 'sr-only' }, t('wi.plans')),
    h('thead', null, h('tr', null, ...['wi.plan_title', 'wi.state', 'wi.period', 'wi.publish_due'].map(col))),
    body)), more);
}

function answerForm(o) {
  const decision = select([['rejected', t('wi.obj.rejected')], ['upheld', t('wi.obj.upheld')]]);
  const reason = h('textarea', { rows: 3, required: true, minlength: 2, maxlength: 1000 });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wi.send_answer'));
  const f = h('form', { novalidate: true, class: 'narrow', 'aria-label': t('wi.send_answer') + ' ' + o.enterprise },
    field('wi-dec-' + o.id, 'wi.decision', decision), field('wi-why-' + o.id, 'wi.answer_reason', reason), out,
    h('div', { class: 'actions' }, button));
  onSubmit(f, { out, button }, async () => {
    await api('/inspection-objections/' + o.id + '/answer', { method: 'POST',
      body: { decision: decision.value, reason: reason.value } });
    announce(t('wi.answered'));
    go('#/inspections');
  });
  return f;
}

function objectionCard(o) {
  return h('section', { class: 'card', 'aria-label': o.enterprise },
    h('h3', null, o.enterprise, ' ', h('span', { class: 'muted small mono' }, o.credit_code)),
    dl([[t('wi.plan_title'), own({ title: o.plan_title, title_en: o.plan_title_en }, 'title')], [t('wi.target'), o.target],
      [t('wi.reason'), keep('data', o.reason)],
      [t('wi.findings'), o.findings.length ? h('ul', null, ...o.findings.map((f) => h('li', { 'data-keep': 'data' }, findingText(f)))) : '—'],
      [t('wi.status'), t('wi.obj.' + o.status)], [t('wi.answer'), o.answer ? keep('data', o.answer) : null]]),
    o.can_answer ? answerForm(o) : null);
}

export async function pageInspections(page) {
  page.append(h('h1', null, t('wi.title')), h('p', { class: 'hint' }, t('wi.intro')));
  if (session.has('supervisor')) page.append(h('p', null, h('a', { class: 'btn btn-primary', href: '#/inspections/new' }, t('wi.new'))));
  const [plans, objections] = await Promise.all([api('/inspection-plans'), api('/inspection-objections')]);
  page.append(h('h2', null, t('wi.plans')), plans.items.length ? plansTable(plans) : h('p', null, t('wi.no_plans')),
    h('h2', null, t('wi.objections')),
    objections.items.length ? h('div', null, ...objections.items.map(objectionCard)) : h('p', null, t('wi.no_objections')));
}

/* The API's field errors of an action are about the plan, not about a field of the action's form
 * (too few inspectors after recusal): their messages say what and why, and stand alone in the
 * problem box. A draw goes without If-Match: it is possible from one state only, which the server
 * checks, and a page left open while the plan was drawn and revealed elsewhere then hears why no
 * redraw is possible (a new plan is needed) rather than that the plan changed. */
async function planAction(p, name, body) {
  try {
    await api(`/inspection-plans/${p.id}/actions/${name}`, { method: 'POST', body, ifMatch: name === 'draw' ? undefined : p.version });
  } catch (e) {
    if (e instanceof ApiError) for (const fe of e.errors) if (fe.field !== 'public_value') fe.field = '';
    throw e;
  }
}

function actionForm(p, name, out) {
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wi.a.' + name));
  const ctl = name === 'draw' ? renderForm({ fields: [{ key: 'public_value', type: 'string', required: true, max_len: 200,
    label: lbl('wi.public_value'), help: lbl('wi.public_value.help') }] }, { idPrefix: 'wi-pv' }) : null;
  const f = h('form', { novalidate: true, class: 'narrow', 'aria-label': t('wi.a.' + name) },
    h('p', { class: 'hint' }, t('wi.a.' + name + '.help')), ctl ? ctl.el : null, h('div', { class: 'actions' }, button));
  onSubmit(f, { out, button, form: ctl }, async () => {
    await planAction(p, name, ctl ? ctl.values() : {});
    announce(t('wi.done', { action: t('wi.a.' + name) }));
    go('#/inspections/' + p.id);
  });
  return f;
}

function actionsPanel(p) {
  const out = h('div');
  const names = (p.actions || []).map((a) => (typeof a === 'string' ? a : a.action || a.name));
  return h('section', { 'aria-label': t('wi.actions') }, h('h2', null, t('wi.actions')), out,
    ...names.map((name) => actionForm(p, name, out)));
}

function findingForm(p) {
  const mine = p.drawn.filter((d) => d.mine);
  const ctl = renderForm({ fields: [
    { key: 'target', type: 'enum', widget: 'select', required: true, label: lbl('wi.target'),
      options: mine.map((d) => ({ value: d.target, label: d.enterprise + ' (' + d.target + ')' })) },
    { key: 'item', type: 'enum', widget: 'select', required: true, label: lbl('wi.item'),
      options: p.items.map((i) => ({ value: i.code, label: { zh: i.title, en: i.title_en || i.title } })) },
    { key: 'result', type: 'enum', widget: 'radio', required: true, label: lbl('wi.result'),
      options: ['compliant', 'non_compliant', 'not_found'].map((r) => ({ value: r, label: lbl('wi.result.' + r) })) },
    { key: 'note', type: 'text', max_len: 2000, label: lbl('wi.note') },
    { key: 'correction_deadline', type: 'date', label: lbl('wi.deadline'), help: lbl('wi.deadline.help') },
  ] }, { idPrefix: 'wi-f' });
  // the firms' names are theirs, as registered
  for (const o of ctl.items.get('target').control.querySelectorAll('option[value]:not([value=""])')) o.setAttribute('data-keep', 'name');
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wi.record'));
  const f = h('form', { novalidate: true, class: 'narrow', 'aria-label': t('wi.record') }, ctl.el, out,
    h('div', { class: 'actions' }, button));
  onSubmit(f, { out, button, form: ctl }, async () => {
    await api(`/inspection-plans/${p.id}/findings`, { method: 'POST', body: ctl.values() });
    announce(t('wi.recorded'));
    go('#/inspections/' + p.id);
  });
  return h('section', null, h('h2', null, t('wi.record')), f);
}

/* What the plan draws: the ratios per risk level (per mille), its filter, the inspectors per target. */
function rules(p) {
  const r = (p.rules && p.rules.ratios) || {};
  const ratios = ['high', 'medium', 'low', 'flagged'].filter((k) => r[k] !== undefined)
    .map((k) => t('wi.risk.' + k) + ' ' + (r[k] / 10) + '%').join(lang() === 'en' ? ', ' : '，');
  const fl = p.filter || {};
  const filter = [fl.industries && fl.industries.length ? keep('data', fl.industries.join(lang() === 'en' ? ', ' : '、')) : null,
    fl.districts && fl.districts.length ? ' ' + fl.districts.join(', ') : null,
    fl.with_complaints ? ' · ' + t('wi.f.with_complaints') : null, fl.with_findings ? ' · ' + t('wi.f.with_findings') : null].filter(Boolean);
  return [[t('wi.ratios'), ratios || '—'], [t('wi.filter'), filter.length ? h('span', null, ...filter) : t('wi.filter.none')],
    [t('wi.f.inspectors_per_target'), String((p.rules && p.rules.inspectors_per_target) || '')]];
}

export async function pageInspectionPlan(page, params) {
  const p = await api('/inspection-plans/' + encodeURIComponent(params.id));
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/inspections' }, t('wi.title')), ' › ', own(p, 'title')),
    h('h1', null, own(p, 'title')),
    dl([[t('wi.state'), L({ zh: p.state_zh, en: p.state_en || p.state })], [t('wi.period'), day(p.period_start) + ' – ' + day(p.period_end)],
      [t('wi.publish_due'), day(p.publish_due)], [t('wi.overdue'), p.overdue ? h('span', { class: 'badge badge-red' }, t('wi.overdue')) : null],
      [t('wi.items'), h('ul', { class: 'plain' }, ...p.items.map((i) => h('li', null, itemWithBasis(i))))], ...rules(p),
      [t('wi.seed_sha256'), p.seed_sha256 ? h('span', { class: 'mono small' }, p.seed_sha256) : null],
      [t('wi.public_value'), p.public_value ? keep('data', p.public_value) : null],
      [t('wi.seed'), p.seed ? h('span', { class: 'mono small' }, p.seed) : null]]));
  if (session.has('supervisor') && (p.actions || []).length) page.append(actionsPanel(p));
  if (p.drawn.length) {
    page.append(h('h2', null, t('wi.drawn')), h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
      h('caption', { class: 'sr-only' }, t('wi.drawn')),
      h('thead', null, h('tr', null, ...['wi.target', 'wi.enterprise', 'wi.inspectors', 'wi.findings'].map(col))),
      h('tbody', null, ...p.drawn.map((d) => h('tr', null,
        h('th', { scope: 'row' }, d.target, d.mine ? h('span', { class: 'badge badge-green' }, t('wi.mine')) : null),
        cell('wi.enterprise', keep('name', d.enterprise)),
        cell('wi.inspectors', ...ownList(d.inspectors.map((i) => ({ name: i.name })), 'name')),
        cell('wi.findings', keep('data', p.findings.filter((f) => f.target === d.target).map((f) => findingText(f, p.items)).join(lang() === 'en' ? '; ' : '；') || '—'))))))));
  }
  if (p.state === 'inspecting' && p.drawn.some((d) => d.mine)) page.append(findingForm(p));
}

export { pagePlanNew } from './inspection_plan_form.js';
