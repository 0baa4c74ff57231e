/* cases.js — cases in the workbench: the department's cases by status,
 * and one case with its materials (previewed in the page) and the actions
 * panel (actions.js). */
import { h, t, L, go, dl, session } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, problemView } from '../shared/api.js';
import { deptMatters } from './common.js';
import { caseContext, caseHeader, clockBox, formView, materialsView, correctionView, correctionOpen, timelineView, decisionView, caseSummaryPairs, casesTable, paymentView, bundleView } from '../shared/caseview.js';
import { actionsPanel } from './actions.js';
import TEXTS from './cases.texts.js';

addTexts(TEXTS);

async function renderCase(page, id) {
  const c = await api('/cases/' + encodeURIComponent(id));
  const ctx = await caseContext(c);
  page.textContent = '';
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/tasks' }, t('tasks.title')), ' › ', c.number || c.id));
  page.append(caseHeader(c));
  page.append(actionsPanel(c, ctx, (caseId) => renderCase(document.querySelector('#main .page'), caseId)));
  const corr = correctionView(c, ctx, { staff: true });
  if (corr && correctionOpen(c)) page.append(corr);
  /* the window records the fee taken: a window clerk of the case's department */
  const clerkHere = session.has('window_clerk') && session.dept() === (c.department && c.department.code);
  const pay = paymentView(c, { record: clerkHere, onRecorded: (caseId) => renderCase(document.querySelector('#main .page'), caseId) });
  if (pay) page.append(pay);
  const bundle = bundleView(c);
  if (bundle) page.append(bundle);
  page.append(h('div', { class: 'grid-2' }, clockBox(c), h('section', { class: 'panel', 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' }, t('case.summary')), dl(caseSummaryPairs(c)))));
  const dec = decisionView(c);
  if (dec) page.append(dec);
  page.append(formView(c, ctx), materialsView(c, { previews: 'open' }), timelineView(c, ctx));
  if (corr && !correctionOpen(c)) page.append(corr);
  const h1 = page.querySelector('h1');
  if (h1) h1.focus();
}

export async function pageCase(page, { id }) { await renderCase(page, id); }

const STATUSES = ['submitted', 'correction', 'accepted', 'in_review', 'suspended', 'approved', 'denied', 'issued', 'delivered', 'completed', 'refused', 'withdrawn'];

/* 办件查询: by number (or its beginning), applicant, matter, status and the
 * days submitted; the filters stay in the address, so a search can be
 * bookmarked or sent to a colleague. */
const SEARCH = ['number', 'applicant', 'matter', 'status', 'from', 'to'];

export async function pageCases(page, _p, query) {
  page.append(h('h1', null, t('wb.cases')));
  const v = Object.fromEntries(SEARCH.map((k) => [k, query.get(k) || '']));
  const matters = await deptMatters().catch(() => []);
  const input = (k, type, extra = {}) => h('div', { class: 'field field-inline' }, h('label', { for: 'cs-' + k, class: 'label' }, t('csq.' + k)),
    h('input', Object.assign({ id: 'cs-' + k, name: k, type, value: v[k], class: 'input' }, extra)));
  const select = (k, opts) => h('div', { class: 'field field-inline' }, h('label', { for: 'cs-' + k, class: 'label' }, t('csq.' + k)),
    h('select', { id: 'cs-' + k, name: k }, h('option', { value: '' }, t('all')), opts.map(([val, l]) => h('option', { value: val, selected: val === v[k] }, l))));
  const f = h('form', { class: 'filters', role: 'search', 'aria-label': t('csq.title'), novalidate: true },
    input('number', 'text', { inputmode: 'numeric', autocomplete: 'off' }), input('applicant', 'text', { autocomplete: 'off' }),
    select('matter', matters.map((m) => [m.code, L(m.name)])), select('status', STATUSES.map((s) => [s, t('status.' + s)])),
    input('from', 'date'), input('to', 'date'),
    h('button', { type: 'submit', class: 'btn' }, t('csq.search')));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const k of SEARCH) if (f.elements[k].value.trim()) q.set(k, f.elements[k].value.trim());
    go('#/cases' + (q.toString() ? '?' + q.toString() : ''));
  });
  page.append(f);
  const params = Object.fromEntries(SEARCH.filter((k) => v[k]).map((k) => [k, v[k]]));
  let r;
  try { r = await api('/cases', { query: Object.assign({ limit: 100 }, params) }); } catch (e) { page.append(problemView(e)); return; }
  const items = r.items || [];
  page.append(h('p', { role: 'status' }, t('csq.count', { n: items.length })));
  if (!items.length) { page.append(h('p', null, Object.keys(params).length ? t('csq.none') : t('cases.none_dept'))); return; }
  page.append(casesTable(items));
}
