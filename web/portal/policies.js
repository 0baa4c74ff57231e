/* policies.js — 惠企政策 in the portal: the published policies with a
 * search over their titles and texts (in Chinese and English), and for a
 * signed-in enterprise the policies its data matches, the largest benefit
 * first, each with the rows that matched and either a one-step apply
 * button or 免申即享 (granted without an application). An application is a
 * case of the issuing department: its state (applied, granted, refused with
 * the reason) and its case number, linked to the case, are shown. */
import { h, t, L, session, announce, fmtDay, fmtMoney, departments, dl } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { own, ownEl, explanation, autoBadge } from '../shared/policy.js';
import TEXTS from './policies.texts.js';

addTexts(TEXTS);

function matches(p, q) {
  if (!q) return true;
  const hay = [p.title, p.text, p.benefit, p.title_en, p.text_en, p.benefit_en].join('\n').toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

function policyCard(p, depts) {
  const d = depts.find((x) => x.code === p.issuer);
  return h('section', { class: 'card', 'aria-label': own(p, 'title') },
    h('h2', null, ownEl(p, 'title'), ' ', autoBadge(p)),
    h('p', null, ownEl(p, 'text')),
    dl([[t('pp.benefit'), ownEl(p, 'benefit')], [t('pp.issuer'), d ? L(d.name) : p.issuer],
      [t('pp.period'), fmtDay(p.period_start) + ' – ' + fmtDay(p.period_end)]]));
}

export async function pagePolicies(page, _p, query) {
  const q = (query.get('q') || '').trim();
  const input = h('input', { id: 'pp-q', type: 'search', name: 'q', value: q, maxlength: 80 });
  const form = h('form', { role: 'search', class: 'search-row', 'aria-label': t('pp.search') },
    h('label', { for: 'pp-q' }, t('pp.q')), input, h('button', { type: 'submit', class: 'btn btn-primary' }, t('pp.go')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    location.hash = '#/policies' + (v ? '?q=' + encodeURIComponent(v) : '');
  });
  page.append(h('h1', null, t('pp.title')), h('p', null, t('pp.intro')), form);
  if (session.has('enterprise')) page.append(h('p', null, h('a', { href: '#/policies/mine' }, t('pp.mine_link'))));
  const [r, depts] = await Promise.all([api('/policies'), departments().catch(() => [])]);
  const found = r.items.filter((p) => matches(p, q));
  page.append(h('p', { role: 'status' }, found.length ? t('pp.found', { n: found.length }) : t('pp.none')),
    ...found.map((p) => policyCard(p, depts)));
}

const APP_BADGE = { granted: 'badge badge-green', refused: 'badge badge-red', applied: 'badge', withdrawn: 'badge' };

function statusOf(p) {
  if (p.granted === 'auto') return h('span', { class: 'badge badge-green' }, t('pp.granted_auto'));
  const a = p.application;
  if (a) {
    return h('span', null, h('span', { class: APP_BADGE[a.status] || 'badge' }, t('pp.app.' + a.status, null, a.status)),
      a.case_number ? [' ', t('pp.case'), ' ', h('a', { href: '#/cases/' + encodeURIComponent(a.case), class: 'mono' }, a.case_number)] : null,
      a.status === 'refused' && a.reason ? h('span', { class: 'refuse-reason' }, ' ', t('pp.reason'), ' ', h('span', { 'data-keep': 'data' }, a.reason)) : null);
  }
  if (p.granted) return h('span', { class: 'badge badge-green' }, t('pp.granted'));
  return h('span', { class: 'badge' }, t(p.applied ? 'pp.applied' : 'pp.not_yet'));
}

function mineCard(p) {
  const out = h('div');
  const status = h('div', { class: 'status' }, statusOf(p));
  let button = null;
  if (!p.granted && !p.applied && !p.auto_grant && p.takes_applications !== false) {
    button = h('button', { type: 'button', class: 'btn btn-primary', 'aria-label': t('pp.apply_for', { title: own(p, 'title') }) },
      t('pp.apply'));
    button.addEventListener('click', () => submit({ out, button }, async () => {
      const r = await api(`/policies/${encodeURIComponent(p.id)}/applications`, { method: 'POST' });
      p.applied = true;
      p.application = { status: 'applied', case: r.case, case_number: r.case_number, reason: '' };
      button.remove();
      status.replaceChildren(statusOf(p));
      announce(t('pp.applied_now', { title: own(p, 'title') }));
    }));
  }
  return h('section', { class: 'card', 'aria-label': own(p, 'title') },
    h('h2', null, own(p, 'title')),
    dl([[t('pp.amount'), fmtMoney(p.amount)], [t('pp.benefit'), own(p, 'benefit')],
      [t('pp.why'), h('ul', null, ...p.matched_rows.map((m) => h('li', null, explanation(m.explanation))))],
      [t('pp.status'), status]]),
    out, button ? h('div', { class: 'actions' }, button) : null);
}

export async function pageMyPolicies(page) {
  page.append(h('h1', null, t('pp.mine')), h('p', null, t('pp.mine_intro')));
  const r = await api('/me/policies');
  page.append(...(r.items.length ? r.items.map(mineCard) : [h('p', null, t('pp.mine_none'))]));
}
