/* catalog.js — finding a matter: the home page, search, and a matter's
 * guide (办事指南). Loaded with the portal: home is its first view. */
import { h, t, L, lang, go, dl, fmtMoney, fmtSize, departments, matter, regions, session } from '../shared/frame.js';
import { addTexts, list, colon } from '../shared/i18n.js';
import { api, ApiError } from '../shared/api.js';
import { displayValue } from '../shared/form.js';
import { sampleValue, sampleText } from './sample.js';
import TEXTS from './catalog.texts.js';

addTexts(TEXTS);

const POPULAR = ['XK00103000', 'XK00101001', 'XK00102000', 'QR00101002', 'GG00201000', 'QR00401000', 'JF00101000', 'GG00302000'];

/* The filters a search may carry in the address (#/search?q=…&applicant=…). */
const FILTERS = ['applicant', 'department', 'fully_online'];

function searchAddress(q, filters = {}) {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  for (const k of FILTERS) if (filters[k]) p.set(k, filters[k]);
  return '#/search?' + p.toString();
}

/* The search box; on the search page also the filters (for whom, department,
 * 全程网办), submitted with it by the one 搜索 button. */
function searchForm(q = '', filters = null, depts = []) {
  const input = h('input', { type: 'search', id: 'q', name: 'q', value: q, autocomplete: 'off', maxlength: '50', 'aria-describedby': 'q-hint' });
  const f = h('form', { role: 'search', class: 'search', 'aria-label': t('search.label') },
    h('label', { for: 'q', class: 'label' }, t('search.label')),
    h('p', { class: 'hint', id: 'q-hint' }, t('search.hint')),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn btn-primary' }, t('search.go'))));
  if (filters) f.append(filterFields(filters, depts));
  const err = h('p', { class: 'field-error', id: 'q-err', hidden: true }, t('search.blank'));
  f.querySelector('.search-row').before(err);
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    const chosen = {};
    if (filters) {
      chosen.applicant = f.elements.applicant.value;
      chosen.department = f.elements.department.value;
      chosen.fully_online = f.elements.fully_online.checked ? 'true' : '';
    }
    if (v || FILTERS.some((k) => chosen[k])) { go(searchAddress(v, chosen)); return; }
    // nothing to look for: say so beside the box, not as a server error
    err.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', 'q-err q-hint');
    input.focus();
  });
  return f;
}

function filterFields(filters, depts) {
  const sel = (id, name, label, options, cur) => h('div', { class: 'field field-inline' },
    h('label', { for: id, class: 'label' }, label),
    h('select', { id, name }, options.map(([v, text]) => h('option', { value: v, selected: v === (cur || '') }, text))));
  return h('fieldset', { class: 'filters search-filters' },
    h('legend', { class: 'sr-only' }, t('search.filters')),
    sel('f-applicant', 'applicant', t('search.for_whom'),
      [['', t('search.anyone')], ['person', t('search.person')], ['enterprise', t('search.enterprise')]], filters.applicant),
    sel('f-department', 'department', t('guide.department'),
      [['', t('search.any_dept')], ...depts.filter((d) => d.kind === 'agency').map((d) => [d.code, L(d.name)])], filters.department),
    h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id: 'f-online', name: 'fully_online', value: 'true', checked: filters.fully_online === 'true' }),
      h('label', { for: 'f-online' }, t('search.fully_online'))));
}

/* "Did you mean": matters open their guide, words search again with the same filters. */
function suggestionList(suggestions, filters) {
  return h('section', { class: 'suggest', 'aria-labelledby': 'sug-h' },
    h('h2', { id: 'sug-h' }, t('search.did_you_mean')),
    h('ul', null, suggestions.map((s) => h('li', null, s.code
      ? h('a', { href: '#/matters/' + s.code }, L(s.name))
      : h('a', { href: searchAddress(s.q, filters), 'data-keep': 'data' }, s.q)))));   // a word to search, as typed
}

function matterCard(m, depts) {
  const d = depts.find((x) => x.code === m.department);
  return h('li', { class: 'card matter-card' },
    h('h3', null, h('a', { href: '#/matters/' + m.code }, L(m.name))),
    h('p', { class: 'muted' }, d ? L(d.name) : m.department),
    h('p', { class: 'tags' },
      m.immediate ? h('span', { class: 'tag tag-green' }, t('matter.immediate')) : h('span', { class: 'tag' }, t('matter.promised', { n: m.promised_days })),
      m.visits === 0 ? h('span', { class: 'tag tag-blue' }, t('matter.zero_visits')) : h('span', { class: 'tag' }, t('matter.visits', { n: m.visits })),
      m.online_depth === 4 ? h('span', { class: 'tag tag-blue' }, t('matter.fully_online')) : null));
}

/* 一件事: a bundle of several departments' matters, with what applying together saves, said plainly. */
export function bundleCard(b, depts) {
  const dname = (code) => { const d = depts.find((x) => x.code === code); return d ? L(d.name) : code; };
  const g = b.guide || {};
  return h('li', { class: 'card bundle-card' },
    h('h3', null, h('a', { href: '#/bundles/' + b.code }, L(b.name))),
    h('p', { class: 'muted' }, t('bdl.n_matters', { n: (b.matters || []).length }), ' · ', list((b.departments || []).map(dname))),
    h('p', { class: 'tags' },
      h('span', { class: 'tag tag-blue' }, t('bdl.saved_visits', { a: g.visits, b: g.visits_sum })),
      h('span', { class: 'tag tag-green' }, t('bdl.saved_days', { a: g.promised_days, b: g.promised_days_sum }))));
}

/* The bundles whose name or description holds every word of the query, as typed
 * (开饭店 finds 开办餐饮店, whose description says 开饭店一次办). */
function bundleHits(bundles, q) {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const text = (b) => [b.name && b.name.zh, b.name && b.name.en, b.description && b.description.zh, b.description && b.description.en].join(' ').toLowerCase();
  return bundles.filter((b) => words.length && words.every((w) => text(b).includes(w)));
}

export async function pageHome(page) {
  page.append(h('section', { class: 'hero', 'aria-labelledby': 'home-h' },
    h('h1', { id: 'home-h' }, t('home.title')), h('p', { class: 'lead' }, t('home.lead')), searchForm()));
  const [list, depts] = await Promise.all([api('/matters', { query: { limit: 100 } }), departments().catch(() => [])]);
  const items = list.items || [];
  const popular = POPULAR.map((c) => items.find((m) => m.code === c)).filter(Boolean);
  const ul = h('ul', { class: 'cards' });
  for (const m of (popular.length ? popular : items.slice(0, 8))) ul.append(matterCard(m, depts));
  const bundles = await api('/bundles').then((r) => r.items || []).catch(() => []);
  if (bundles.length) {
    page.append(h('section', { class: 'bundles-home', 'aria-labelledby': 'bdl-h' }, h('h2', { id: 'bdl-h' }, t('bdl.title')),
      h('p', null, t('bdl.home_lead'), ' ', h('a', { href: '#/bundles' }, t('bdl.all'))),
      h('ul', { class: 'cards' }, bundles.map((b) => bundleCard(b, depts)))));
  }
  page.append(h('section', { 'aria-labelledby': 'pop-h' }, h('h2', { id: 'pop-h' }, t('home.popular')), ul));
  const byDept = h('ul', { class: 'dept-list' });
  for (const d of depts.filter((x) => x.kind === 'agency')) {
    const n = items.filter((m) => m.department === d.code).length;
    if (n) byDept.append(h('li', null, h('a', { href: '#/search?department=' + d.code }, L(d.name)), h('span', { class: 'muted' }, ' ' + t('home.n_matters', { n }))));
  }
  page.append(h('section', { 'aria-labelledby': 'dep-h' }, h('h2', { id: 'dep-h' }, t('home.by_dept')), byDept));
  page.append(h('section', { class: 'quick', 'aria-labelledby': 'quick-h' }, h('h2', { id: 'quick-h' }, t('home.mine')),
    h('ul', { class: 'quick-links' },
      h('li', null, h('a', { href: '#/cases' }, t('nav.cases'))),
      h('li', null, h('a', { href: '#/appointments' }, t('nav.appointments'))),
      h('li', null, h('a', { href: '#/messages' }, t('nav.messages'))))));
}

export async function pageSearch(page, _p, query) {
  const q = (query.get('q') || '').trim();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || '']));
  const depts = await departments().catch(() => []);
  const d = depts.find((x) => x.code === filters.department);
  page.append(h('h1', null, q ? t('search.results_for', { q }) : d ? L(d.name) : t('search.title')), searchForm(q, filters, depts));
  if (!q && !FILTERS.some((k) => filters[k])) { page.append(h('p', { role: 'status' }, t('search.blank'))); return; }
  let res;
  try {
    const asked = Object.fromEntries(FILTERS.map((k) => [k, filters[k] || undefined]));
    res = await api('/matters', { query: { q: q || undefined, ...asked, limit: 100 } });
  } catch (e) {
    // a query or filter the catalogue cannot take (too long, say): a plain sentence, not a server error
    if (!(e instanceof ApiError) || e.status !== 422) throw e;
    const onQ = e.errors.some((x) => x.field === 'q');
    page.append(h('p', { role: 'status' }, t(onQ || !e.errors.length ? 'search.bad' : 'search.bad_filter')));
    return;
  }
  const items = res.items || [];
  // a life event first: the bundles the words name, before the single matters
  const hits = q ? bundleHits(await api('/bundles').then((r) => r.items || []).catch(() => []), q) : [];
  if (hits.length) {
    page.append(h('section', { class: 'bundle-hits', 'aria-labelledby': 'bdl-hits' }, h('h2', { id: 'bdl-hits' }, t('bdl.search_hit')),
      h('ul', { class: 'cards' }, hits.map((b) => bundleCard(b, depts)))));
  }
  const count = h('p', { role: 'status' }, t('search.count', { n: items.length }));
  page.append(count);
  if (!items.length) {
    page.append(h('p', null, t('search.none')));
    if (res.suggestions && res.suggestions.length) page.append(suggestionList(res.suggestions, filters));
    return;
  }
  const ul = h('ul', { class: 'cards' });
  for (const m of items) ul.append(matterCard(m, depts));
  page.append(ul);
}

/* ---- a matter's guide (办事指南) ---- */

export async function pageMatter(page, { code }) {
  const [m, depts, proc, regs] = await Promise.all([matter(code), departments().catch(() => []),
    api('/matters/' + encodeURIComponent(code) + '/process').catch(() => null), regions().catch(() => [])]);
  const d = depts.find((x) => x.code === m.department);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/' }, t('nav.home')), ' › ', L(m.name)));
  page.append(h('h1', null, L(m.name)), h('p', { class: 'lead' }, t('guide.code'), colon(), h('span', { class: 'mono' }, m.code), ' · ', (lang() === 'en' && m.type_label_en) || m.type_label || m.type));
  // 服务对象: a person who opens an enterprise-only matter (or an enterprise a person-only one) is told
  // at once, not at the last step of the form, and is shown what to do instead
  const who = m.applicants && m.applicants.length ? m.applicants : ['person', 'enterprise'];
  const mine = session.account && ['person', 'enterprise'].includes(session.account.kind) ? session.account.kind : null;
  const notForMe = mine && !who.includes(mine);
  if (notForMe) {
    page.append(h('div', { class: 'panel panel-warn', role: 'note', id: 'not-for-you' },
      h('h2', null, t('guide.not_for_you.' + mine)), h('p', null, t('guide.not_for_you_hint.' + mine))));
  }
  const actions = h('div', { class: 'actions' },
    notForMe ? null : h('a', { class: 'btn btn-primary', href: '#/apply/' + m.code }, t('guide.apply')),
    h('a', { class: 'btn', href: '#/appointments?department=' + m.department + '&matter=' + m.code }, t('guide.book')));
  page.append(actions);
  if (m.description) page.append(h('p', { class: 'lead' }, L(m.description)));
  if (m.conditions && m.conditions.length) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-cond' }, h('h2', { id: 'g-cond' }, t('guide.conditions')),
      h('ul', null, m.conditions.map((c) => h('li', null, L(c))))));
  }
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-basic' }, h('h2', { id: 'g-basic' }, t('guide.basic')), dl([
    [t('guide.department'), m.department_name ? L(m.department_name) : d ? L(d.name) : m.department],
    [t('guide.who'), list(who.map((k) => t('guide.who.' + k)))],
    [t('guide.legal_days'), t('workdays', { n: m.legal_days })],
    [t('guide.promised_days'), m.immediate ? t('matter.immediate') : t('workdays', { n: m.promised_days })],
    [t('guide.visits'), m.visits === 0 ? t('matter.zero_visits') : t('matter.visits', { n: m.visits })],
    [t('guide.fee'), m.fee_fen > 0 ? h('span', null, fmtMoney(m.fee_fen), ' ',
      h('span', { class: 'muted' }, t('guide.fee.when.' + (m.fee_step || 'approve')), m.fee_before_result ? ' ' + t('guide.fee.waits') : '')) : fmtMoney(m.fee_fen)],
    [t('guide.depth'), t('depth.' + m.online_depth, {}, String(m.online_depth))],
    [t('guide.result'), m.result && m.result.kind !== 'none' ? L(m.result.name) : t('guide.no_result')],
    [t('guide.delivery'), list((m.delivery || []).map((x) => t('delivery.' + x)))],
  ])));
  if (proc && proc.steps) page.append(processView(proc.steps, m));
  const rows = (m.materials || []).map((mat) => h('tr', null,
    h('th', { scope: 'row' }, L(mat.name)),
    h('td', { 'data-label': t('guide.mat.required') }, mat.required ? t('guide.mat.yes') : t('guide.mat.when')),
    h('td', { 'data-label': t('guide.mat.source') }, t('mat.source.' + String(mat.source).split(':')[0], {}, mat.source), mat.source && mat.source !== 'upload' ? h('span', { class: 'muted' }, ' ' + t('mat.source.noupload')) : null),
    h('td', { 'data-label': t('guide.mat.format') }, list((mat.formats || []).map((f) => f.toUpperCase())), ' ≤ ', fmtSize(mat.max_size)),
    h('td', { 'data-label': t('guide.mat.copies') }, String(mat.copies || 1))));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-mat' }, h('h2', { id: 'g-mat' }, t('guide.materials')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('guide.materials')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('guide.mat.name')), h('th', { scope: 'col' }, t('guide.mat.required')),
        h('th', { scope: 'col' }, t('guide.mat.source')), h('th', { scope: 'col' }, t('guide.mat.format')), h('th', { scope: 'col' }, t('guide.mat.copies')))),
      h('tbody', null, rows)))));
  const basis = String(m.legal_basis || '').split(/；|;/).filter((s) => s.trim());
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-law' }, h('h2', { id: 'g-law' }, t('guide.legal_basis')),
    h('ul', { lang: 'zh-CN', 'data-keep': 'law' }, basis.map((b) => h('li', null, b.trim())))));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-where' }, h('h2', { id: 'g-where' }, t('guide.where')), dl([
    [t('guide.hours'), m.service_hours ? L(m.service_hours) : d && L({ zh: d.hours, en: d.hours_en })],
    [t('guide.places'), h('ul', { class: 'plain' }, (m.service_places || []).map((p) => h('li', null, L(p))))],
    [t('guide.phone'), d && d.phone],
  ]), h('p', { class: 'hint' }, t('guide.window_open'))));
  if (m.form && m.form.fields) page.append(sampleForm(m.form.fields, regs));
  if (m.faq && m.faq.length) page.append(faqView(m.faq));
}

/* 办理流程: the steps of the matter's process (GET /matters/{code}/process), each
 * with what happens and its time limit; the case page shows the same steps. */
function stepDetail(s, m) {
  const days = (n) => t('workdays', { n });
  switch (s.key) {
    case 'intake': return t('proc.intake', { days: days(s.days) });
    case 'decide': return t('proc.decide', { days: days(s.days), legal: days(s.legal_days) }) + (s.role === 'approver' ? t('proc.decide.approver') : '');
    case 'pay': return t('proc.pay', { amount: fmtMoney(s.amount_fen) }) + (s.before_result ? t('proc.pay.waits') : '');
    case 'issue': return t('proc.issue', { result: m.result ? L(m.result.name) : '' });
    case 'deliver': return t('proc.deliver', { methods: list((s.methods || []).map((x) => t('delivery.' + x))) });
    default: return t('proc.' + s.key, {}, '');
  }
}

export function processView(steps, m) {
  return h('section', { class: 'panel', 'aria-labelledby': 'g-proc' }, h('h2', { id: 'g-proc' }, t('guide.process')),
    h('ol', { class: 'process', id: 'process' }, steps.map((s) => h('li', { class: 'process-step', 'data-step': s.key },
      h('strong', null, L(s.name)), h('span', { class: 'muted' }, ' ', stepDetail(s, m))))));
}

/* The form with an example of each field filled in (样表): what to type, and how. */
function sampleForm(fields, regs) {
  const rows = fields.map((f) => {
    const v = sampleValue(f);
    const shown = v && typeof v === 'object' ? sampleText(v) : displayValue(f, v, regs);
    return h('tr', null,
      h('th', { scope: 'row' }, L(f.label)),
      h('td', { 'data-label': t('guide.form.required') }, f.required ? t('guide.form.yes') : t('guide.form.optional')),
      h('td', { 'data-label': t('guide.form.example'), class: 'sample-value' }, shown));
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'g-form' }, h('h2', { id: 'g-form' }, t('guide.form')),
    h('p', { class: 'hint' }, t('guide.form.hint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table stack', id: 'sample-form' }, h('caption', { class: 'sr-only' }, t('guide.form')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('guide.form.field')), h('th', { scope: 'col' }, t('guide.form.required')),
        h('th', { scope: 'col' }, t('guide.form.example')))),
      h('tbody', null, rows))));
}

/* 常见问题: each question opens its answer; a matter without questions shows nothing. */
function faqView(faq) {
  return h('section', { class: 'panel', 'aria-labelledby': 'g-faq' }, h('h2', { id: 'g-faq' }, t('guide.faq')),
    h('div', { class: 'faq', id: 'faq' }, faq.map((x) => h('details', null, h('summary', null, L(x.q)), h('p', null, L(x.a))))));
}
