/* policies.js — 惠企政策 in the workbench: the policies of the caller's
 * department — its drafts, which a department head publishes, and the
 * published ones, each with the enterprises it matches (the largest benefit
 * first), why they match, and whether the benefit was granted without an
 * application or applied for (the application's case, its number linked, and
 * its decision). A department head defines new policies (policy-editor.js). */
import { h, t, fmtDay, fmtMoney, session, dl, announce, moreButton } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { own, ownEl, explanation, autoBadge } from '../shared/policy.js';
import TEXTS from './policies.texts.js';

export { pageNewPolicy } from './policy-editor.js';

addTexts(TEXTS);

const col = (k) => h('th', { scope: 'col' }, t(k));
const cell = (k, ...kids) => h('td', { 'data-label': t(k) }, ...kids);
const APP_BADGE = { granted: 'badge badge-green', refused: 'badge badge-red' };

function status(m) {
  if (m.granted === 'auto') return h('span', { class: 'badge badge-green' }, t('wp.granted_auto'));
  const a = m.application;
  if (a) {
    return h('span', null, h('span', { class: APP_BADGE[a.status] || 'badge' }, t('wp.app.' + a.status, null, a.status)),
      a.case ? [' ', h('a', { href: '#/cases/' + encodeURIComponent(a.case), class: 'mono' }, a.case_number || a.case)] : null);
  }
  if (m.granted) return h('span', { class: 'badge badge-green' }, t('wp.granted'));
  return h('span', { class: 'badge' }, t(m.applied ? 'wp.applied' : 'wp.not_yet'));
}

/* The first page of the matches, the largest benefit first; 更多 brings the next (the caption counts them all). */
function matchTable(path, r) {
  const items = r.items || [];
  if (!items.length) return h('p', null, t('wp.no_matches'));
  const row = (m) => h('tr', null,
    h('th', { scope: 'row', 'data-keep': 'name' }, m.name),
    cell('wp.amount', fmtMoney(m.amount)),
    cell('wp.why', ...m.matched_rows.map((x) => h('div', null, explanation(x.explanation)))),
    cell('wp.status', status(m)));
  const body = h('tbody', null, ...items.map(row));
  const more = moreButton(path, {}, r.next_cursor, (next) => body.append(...next.map(row)));
  return h('div', null, h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', null, t('wp.matches') + ' · ' + t('wp.matched_n', { n: r.total ?? items.length })),
    h('thead', null, h('tr', null, ...['wp.enterprise', 'wp.amount', 'wp.why', 'wp.status'].map(col))),
    body)), more);
}

const facts = (p) => dl([[t('wp.benefit'), ownEl(p, 'benefit')],
  [t('wp.period'), fmtDay(p.period_start) + ' – ' + fmtDay(p.period_end)],
  [t('wp.hit_policy'), t('wp.hp.' + p.eligibility.hit_policy, null, p.eligibility.hit_policy)],
  [t('wp.rows'), t('wp.rows_n', { n: p.eligibility.rules.length })]]);

async function policySection(p) {
  const path = `/policies/${encodeURIComponent(p.id)}/matches`;
  const r = await api(path);
  return h('section', { class: 'card', 'aria-label': own(p, 'title') },
    h('h2', null, ownEl(p, 'title'), ' ', autoBadge(p)), facts(p), matchTable(path, r));
}

function draftSection(p, refresh) {
  const out = h('div');
  const sec = h('section', { class: 'card draft', 'aria-label': own(p, 'title') },
    h('h3', null, ownEl(p, 'title'), ' ', h('span', { class: 'badge' }, t('wp.draft')), ' ', autoBadge(p)), facts(p), out);
  if (session.has('dept_head')) {
    const button = h('button', { type: 'button', class: 'btn btn-primary', 'aria-label': t('wp.publish_for', { title: own(p, 'title') }) },
      t('wp.publish'));
    button.addEventListener('click', () => submit({ out, button }, async () => {
      const r = await api(`/policies/${encodeURIComponent(p.id)}/publish`, { method: 'POST', ifMatch: p.version });
      announce(t('wp.published', { title: own(p, 'title'), n: r.matched, g: r.granted }));
      await refresh(t('wp.published', { title: own(p, 'title'), n: r.matched, g: r.granted }));
    }));
    sec.append(h('div', { class: 'actions' }, button));
  }
  return sec;
}

export async function pagePolicies(page) {
  const dept = session.dept();
  const body = h('div');
  page.append(h('h1', null, t('wp.title')), h('p', null, t('wp.intro')));
  if (dept && session.has('dept_head')) page.append(h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/policies/new' }, t('wp.new'))));
  page.append(body);
  const refresh = async (note) => {
    const r = dept ? await api(`/departments/${encodeURIComponent(dept)}/policies`) : await api('/policies');
    const all = r.items.filter((p) => !dept || p.issuer === dept);
    const drafts = all.filter((p) => p.state === 'draft');
    const published = all.filter((p) => p.state === 'published');
    const parts = [];
    if (note) parts.push(h('p', { class: 'notice', role: 'status' }, note));
    if (drafts.length) {
      parts.push(h('section', { 'aria-labelledby': 'wp-drafts-h' }, h('h2', { id: 'wp-drafts-h' }, t('wp.drafts')),
        ...drafts.map((p) => draftSection(p, refresh))));
    }
    parts.push(...(published.length ? await Promise.all(published.map(policySection)) : [h('p', null, t('wp.none'))]));
    body.replaceChildren(...parts);
  };
  await refresh();
}
