/* inspections.js — 双随机一公开 in the workbench: the plans (with the day
 * their results are due and an overdue mark), one plan with its draw, the
 * supervisor's actions and the drawn inspector's findings form, and the
 * objections of enterprises to plans of the caller's department, each
 * answerable (upheld or rejected, with a reason) by whom the API lets. */
import { h, t, L, lang, go, dl, announce, session, fmtDay } from '../shared/frame.js';
import { addTexts, list } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
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

/* A finding: the item's title as its department registered it (Chinese, kept), then the result. */
function findingText(f) {
  return [f.title || f.item, lang() === 'en' ? ': ' : '：', t('wi.result.' + f.result),
    f.correction_deadline ? ' · ' + t('wi.correct_by', { date: fmtDay(f.correction_deadline) }) : ''].join('');
}

function plansTable(items) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', { class: 'sr-only' }, t('wi.plans')),
    h('thead', null, h('tr', null, ...['wi.plan_title', 'wi.state', 'wi.period', 'wi.publish_due'].map(col))),
    h('tbody', null, ...items.map((p) => h('tr', null,
      h('th', { scope: 'row' }, h('a', { href: '#/inspections/' + p.id, 'data-keep': 'name' }, p.title)),
      cell('wi.state', L({ zh: p.state_zh, en: p.state })),
      cell('wi.period', day(p.period_start) + ' – ' + day(p.period_end)),
      cell('wi.publish_due', day(p.publish_due),
        p.overdue ? h('span', { class: 'badge badge-red' }, t('wi.overdue')) : null))))));
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
    dl([[t('wi.plan_title'), keep('name', o.plan_title)], [t('wi.target'), o.target], [t('wi.reason'), keep('data', o.reason)],
      [t('wi.findings'), o.findings.length ? h('ul', null, ...o.findings.map((f) => h('li', { 'data-keep': 'data' }, findingText(f)))) : '—'],
      [t('wi.status'), t('wi.obj.' + o.status)], [t('wi.answer'), o.answer ? keep('data', o.answer) : null]]),
    o.can_answer ? answerForm(o) : null);
}

export async function pageInspections(page) {
  page.append(h('h1', null, t('wi.title')), h('p', { class: 'hint' }, t('wi.intro')));
  const [plans, objections] = await Promise.all([api('/inspection-plans'), api('/inspection-objections')]);
  page.append(h('h2', null, t('wi.plans')), plans.items.length ? plansTable(plans.items) : h('p', null, t('wi.no_plans')),
    h('h2', null, t('wi.objections')),
    objections.items.length ? h('div', null, ...objections.items.map(objectionCard)) : h('p', null, t('wi.no_objections')));
}

function actionsPanel(p) {
  const out = h('div');
  const wrap = h('section', { 'aria-label': t('wi.actions') }, h('h2', null, t('wi.actions')), out);
  for (const a of p.actions || []) {
    const name = typeof a === 'string' ? a : a.action || a.name;
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wi.a.' + name));
    const pv = name === 'draw' ? h('input', { type: 'text', required: true, maxlength: 200 }) : null;
    const f = h('form', { novalidate: true, class: 'narrow' }, pv ? field('wi-pv', 'wi.public_value', pv) : null,
      h('div', { class: 'actions' }, button));
    onSubmit(f, { out, button }, async () => {
      await api(`/inspection-plans/${p.id}/actions/${name}`, { method: 'POST',
        body: pv ? { public_value: pv.value } : {}, ifMatch: p.version });
      announce(t('wi.done', { action: t('wi.a.' + name) }));
      go('#/inspections/' + p.id);
    });
    wrap.append(f);
  }
  return wrap;
}

function findingForm(p) {
  const mine = p.drawn.filter((d) => d.mine);
  const target = select(mine.map((d) => [d.target, d.enterprise + ' (' + d.target + ')']));
  const item = select(p.items.map((i) => [i.code, i.title]));
  const result = select(['compliant', 'non_compliant', 'not_found'].map((r) => [r, t('wi.result.' + r)]));
  const note = h('textarea', { rows: 3, maxlength: 2000 });
  const deadline = h('input', { type: 'date' });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wi.record'));
  const f = h('form', { novalidate: true, class: 'narrow', 'aria-label': t('wi.record') },
    field('wi-target', 'wi.target', target), field('wi-item', 'wi.item', item), field('wi-result', 'wi.result', result),
    field('wi-note', 'wi.note', note), field('wi-deadline', 'wi.deadline', deadline), out,
    h('div', { class: 'actions' }, button));
  onSubmit(f, { out, button }, async () => {
    const body = { target: target.value, item: item.value, result: result.value, note: note.value };
    if (deadline.value) body.correction_deadline = deadline.value;
    await api(`/inspection-plans/${p.id}/findings`, { method: 'POST', body });
    announce(t('wi.recorded'));
    go('#/inspections/' + p.id);
  });
  return h('section', null, h('h2', null, t('wi.record')), f);
}

export async function pageInspectionPlan(page, params) {
  const p = await api('/inspection-plans/' + encodeURIComponent(params.id));
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/inspections' }, t('wi.title')), ' › ', keep('name', p.title)),
    h('h1', { 'data-keep': 'name' }, p.title),
    dl([[t('wi.state'), L({ zh: p.state_zh, en: p.state })], [t('wi.period'), day(p.period_start) + ' – ' + day(p.period_end)],
      [t('wi.publish_due'), day(p.publish_due)], [t('wi.overdue'), p.overdue ? t('wi.overdue') : null],
      [t('wi.items'), keep('name', list(p.items.map((i) => i.title)))], [t('wi.seed_sha256'), p.seed_sha256 ? h('span', { class: 'mono small' }, p.seed_sha256) : null],
      [t('wi.public_value'), p.public_value]]));
  if (session.has('supervisor') && (p.actions || []).length) page.append(actionsPanel(p));
  if (p.drawn.length) {
    page.append(h('h2', null, t('wi.drawn')), h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
      h('caption', { class: 'sr-only' }, t('wi.drawn')),
      h('thead', null, h('tr', null, ...['wi.target', 'wi.enterprise', 'wi.inspectors', 'wi.findings'].map(col))),
      h('tbody', null, ...p.drawn.map((d) => h('tr', null,
        h('th', { scope: 'row' }, d.target, d.mine ? h('span', { class: 'badge badge-green' }, t('wi.mine')) : null),
        cell('wi.enterprise', d.enterprise),
        cell('wi.inspectors', keep('name', list(d.inspectors.map((i) => i.name)))),
        cell('wi.findings', keep('data', p.findings.filter((f) => f.target === d.target).map((f) => findingText(f)).join(lang() === 'en' ? '; ' : '；') || '—'))))))));
  }
  if (p.state === 'inspecting' && p.drawn.some((d) => d.mine)) page.append(findingForm(p));
}
