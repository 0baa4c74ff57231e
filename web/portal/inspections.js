/* inspections.js — 双随机一公开 in the portal: the published results for
 * anyone (when published, when due, whether on time, results under
 * objection marked), and an enterprise's own inspections — findings with
 * the inspectors' notes, correction orders (责令改正) — with the objection
 * form while the 15 working days after publication last. Plan titles and
 * item names in English in English mode where their departments gave them. */
import { h, t, L, lang, go, dl, announce, fmtDay, moreButton } from '../shared/frame.js';
import { addTexts, colon } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import { own, ownText, ownList } from '../shared/inspection.js';
import TEXTS from './inspections.texts.js';

addTexts(TEXTS);

const day = (d) => (d ? fmtDay(d) : '—');
const col = (k) => h('th', { scope: 'col' }, t(k));
const cell = (k, ...kids) => h('td', { 'data-label': t(k) }, ...kids);

function findingText(f, title) {
  return [title === '' ? '' : title || f.item, title === '' || lang() === 'en' ? colon() : '：', t('pi.result.' + f.result),
    f.correction_deadline ? ' · ' + t('pi.correct_by', { date: fmtDay(f.correction_deadline) }) : ''].join('');
}

function planSection(p) {
  const titles = Object.fromEntries(p.items.map((i) => [i.code, ownText(i, 'title')]));
  return h('section', { class: 'card', 'aria-label': ownText(p, 'title') },
    h('h2', null, own(p, 'title')),
    dl([[t('pi.period'), day(p.period_start) + ' – ' + day(p.period_end)],
      [t('pi.published_on'), day(p.published_on)], [t('pi.publish_due'), day(p.publish_due)],
      [t('pi.state'), h('span', { class: 'badge ' + (p.on_time ? 'badge-green' : 'badge-red') }, t(p.on_time ? 'pi.on_time' : 'pi.late'))],
      [t('pi.items'), h('span', null, ...ownList(p.items, 'title'))],
      [t('pi.draw'), h('a', { href: p.draw }, p.seed_sha256.slice(0, 16) + '…')]]),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
      h('caption', { class: 'sr-only' }, t('pi.results')),
      h('thead', null, h('tr', null, ...['pi.target', 'pi.enterprise', 'pi.results', 'pi.objection'].map(col))),
      h('tbody', null, ...p.results.map((r) => h('tr', null,
        h('th', { scope: 'row' }, r.target),
        cell('pi.enterprise', r.enterprise),
        cell('pi.results', r.findings.length ? h('span', { 'data-keep': 'data' }, r.findings.map((f) => findingText(f, titles[f.item])).join(lang() === 'en' ? '; ' : '；')) : t('pi.no_findings')),
        cell('pi.objection', r.objection ? t('pi.obj.' + r.objection) : '—')))))));
}

export async function pagePublicInspections(page) {
  page.append(h('h1', null, t('pi.title')), h('p', null, t('pi.intro')));
  const r = await api('/public/inspections');   // a page, the latest published first; 更多 brings the next
  if (!r.items.length) { page.append(h('p', null, t('pi.none'))); return; }
  const list = h('div', null, ...r.items.map(planSection));
  page.append(list);
  const more = moreButton('/public/inspections', {}, r.next_cursor, (next) => list.append(...next.map(planSection)));
  if (more) page.append(more);
}

function objectionForm(p) {
  const reason = h('textarea', { id: 'pi-reason-' + p.plan, rows: 4, required: true, minlength: 5, maxlength: 1000 });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('pi.object'));
  const f = h('form', { novalidate: true, class: 'narrow', 'aria-label': t('pi.object') },
    h('div', { class: 'field' }, h('label', { for: reason.id }, t('pi.reason')), reason), out,
    h('div', { class: 'actions' }, button));
  onSubmit(f, { out, button }, async () => {
    await api(`/me/inspections/${p.plan}/objections`, { method: 'POST', body: { reason: reason.value } });
    announce(t('pi.objected'));
    go('#/inspections/mine');
  });
  return f;
}

function myPlan(p) {
  const o = p.objection;
  return h('section', { class: 'card', 'aria-label': ownText(p, 'title') },
    h('h2', null, own(p, 'title')),
    dl([[t('pi.state'), L({ zh: p.state_zh, en: p.state_en })], [t('pi.period'), day(p.period_start) + ' – ' + day(p.period_end)],
      [t('pi.published_on'), p.published_on ? day(p.published_on) : null],
      [t('pi.results'), p.findings.length ? h('ul', null, ...p.findings.map((f) => h('li', null, f.title ? own(f, 'title') : f.item, findingText(f, ''),
        f.note ? h('span', { class: 'muted', 'data-keep': 'data' }, ' — ' + f.note) : null))) : t('pi.no_findings')],
      [t('pi.orders'), p.correction_orders.length ? h('ul', null, ...p.correction_orders.map((c) =>
        h('li', null, own(c, 'title'), t('pi.order_by', { date: fmtDay(c.deadline) })))) : null],
      [t('pi.objection_due'), p.objection_due ? day(p.objection_due) : null],
      [t('pi.objection'), o ? t('pi.obj.' + o.status) : null],
      [t('pi.your_reason'), o ? h('span', { 'data-keep': 'data' }, o.reason) : null],
      [t('pi.answer'), o && o.answer ? h('span', { 'data-keep': 'data' }, o.answer) : null]]),
    p.can_object ? objectionForm(p) : null);
}

export async function pageMyInspections(page) {
  page.append(h('h1', null, t('pi.mine')), h('p', null, t('pi.mine_intro')));
  const r = await api('/me/inspections');
  page.append(dl([[t('pi.credit_code'), h('span', { class: 'mono' }, r.credit_code)]]),
    ...(r.items.length ? r.items.map(myPlan) : [h('p', null, t('pi.mine_none'))]));
}
