/* public.js — 政务公开, for anyone: each department's figures for the last
 * 30 days (不见面率 always beside 满意率) and the licensing decisions of the
 * same days (双公示). Both come from routes that carry no personal data. */
import { h, t, L, fmtDay, todayYmd } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './public.texts.js';

addTexts(TEXTS);

const pct = (x) => (x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%');

function statsTable(items) {
  const cols = ['pub.department', 'pub.applications', 'pub.completions', 'pub.contactless', 'pub.satisfaction', 'pub.ratings', 'pub.median'];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', { class: 'sr-only' }, t('pub.stats_caption')),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, items.map((i) => h('tr', null,
      h('th', { scope: 'row' }, L(i.department.name)),
      h('td', { 'data-label': t('pub.applications') }, String(i.applications)),
      h('td', { 'data-label': t('pub.completions') }, String(i.completions)),
      h('td', { 'data-label': t('pub.contactless') }, pct(i.contactless_rate)),
      h('td', { 'data-label': t('pub.satisfaction') }, pct(i.satisfaction_rate)),
      h('td', { 'data-label': t('pub.ratings') }, String(i.ratings)),
      h('td', { 'data-label': t('pub.median') }, i.duration_workdays && i.duration_workdays.median !== null
        ? t('pub.days', { n: i.duration_workdays.median }) : '—'))))));
}

function decisionsTable(items) {
  const cols = ['pub.decided_on', 'pub.holder', 'pub.matter', 'pub.department', 'pub.decision'];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', { class: 'sr-only' }, t('pub.decisions_caption')),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, items.map((i) => h('tr', null,
      h('td', { 'data-label': t('pub.decided_on') }, fmtDay(i.decided_on)),
      h('th', { scope: 'row' }, h('span', { 'data-keep': 'name' }, i.holder.name), i.holder.credit_code ? h('span', { class: 'muted small mono' }, ' ', i.holder.credit_code) : null),
      h('td', { 'data-label': t('pub.matter') }, L(i.matter.name)),
      h('td', { 'data-label': t('pub.department') }, L(i.department.name)),
      h('td', { 'data-label': t('pub.decision') }, L(i.decision_label)))))));
}

export async function pagePublic(page) {
  const from = todayYmd(-29), to = todayYmd(0);
  page.append(h('h1', null, t('pub.title')), h('p', null, t('pub.intro', { from, to })));
  const [stats, decisions] = await Promise.all([
    api('/public/stats', { query: { from, to } }),
    api('/public/decisions', { query: { from, to, limit: 50 } }),
  ]);
  page.append(h('h2', null, t('pub.stats_title')),
    stats.items.length ? statsTable(stats.items) : h('p', null, t('pub.none')),
    h('h2', null, t('pub.decisions_title')),
    decisions.items.length ? decisionsTable(decisions.items) : h('p', null, t('pub.none')));
}
