/* policies.js — 惠企政策 in the workbench: the published policies of the
 * caller's department, each with the enterprises it matches (the largest
 * benefit first), why they match, and whether the benefit was granted
 * without an application or applied for. */
import { h, t, fmtDay, fmtMoney, session, dl } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { own, explanation, autoBadge } from '../shared/policy.js';
import TEXTS from './policies.texts.js';

addTexts(TEXTS);

const col = (k) => h('th', { scope: 'col' }, t(k));
const cell = (k, ...kids) => h('td', { 'data-label': t(k) }, ...kids);

function status(m) {
  if (m.granted === 'auto') return h('span', { class: 'badge badge-green' }, t('wp.granted_auto'));
  if (m.granted) return h('span', { class: 'badge badge-green' }, t('wp.granted'));
  return h('span', { class: 'badge' }, t(m.applied ? 'wp.applied' : 'wp.not_yet'));
}

function matchTable(items) {
  if (!items.length) return h('p', null, t('wp.no_matches'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', null, t('wp.matches') + ' · ' + t('wp.matched_n', { n: items.length })),
    h('thead', null, h('tr', null, ...['wp.enterprise', 'wp.amount', 'wp.why', 'wp.status'].map(col))),
    h('tbody', null, ...items.map((m) => h('tr', null,
      h('th', { scope: 'row', 'data-keep': 'name' }, m.name),
      cell('wp.amount', fmtMoney(m.amount)),
      cell('wp.why', ...m.matched_rows.map((r) => h('div', null, explanation(r.explanation)))),
      cell('wp.status', status(m)))))));
}

async function policySection(p) {
  const r = await api(`/policies/${encodeURIComponent(p.id)}/matches`);
  return h('section', { class: 'card', 'aria-label': own(p, 'title') },
    h('h2', null, own(p, 'title'), ' ', autoBadge(p)),
    dl([[t('wp.benefit'), own(p, 'benefit')], [t('wp.period'), fmtDay(p.period_start) + ' – ' + fmtDay(p.period_end)]]),
    matchTable(r.items));
}

export async function pagePolicies(page) {
  page.append(h('h1', null, t('wp.title')), h('p', null, t('wp.intro')));
  const r = await api('/policies');
  const mine = r.items.filter((p) => p.issuer === session.dept());
  page.append(...(mine.length ? await Promise.all(mine.map(policySection)) : [h('p', null, t('wp.none'))]));
}
