/* cases.js — cases in the workbench: the department's cases by status,
 * and one case with its materials (previewed in the page) and the actions
 * panel (actions.js). */
import { h, t, go, dl, session } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { caseContext, caseHeader, clockBox, formView, materialsView, correctionView, correctionOpen, timelineView, decisionView, caseSummaryPairs, casesTable, paymentView } from '../shared/caseview.js';
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
  page.append(h('div', { class: 'grid-2' }, clockBox(c), h('section', { class: 'panel', 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' }, t('case.summary')), dl(caseSummaryPairs(c)))));
  const dec = decisionView(c);
  if (dec) page.append(dec);
  page.append(formView(c, ctx), materialsView(c, { previews: 'open' }), timelineView(c));
  if (corr && !correctionOpen(c)) page.append(corr);
  const h1 = page.querySelector('h1');
  if (h1) h1.focus();
}

export async function pageCase(page, { id }) { await renderCase(page, id); }

const STATUSES = ['submitted', 'correction', 'accepted', 'in_review', 'suspended', 'approved', 'denied', 'issued', 'delivered', 'completed', 'refused', 'withdrawn'];

export async function pageCases(page, _p, query) {
  page.append(h('h1', null, t('wb.cases')));
  const status = query.get('status') || '';
  const f = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'field field-inline' }, h('label', { for: 'case-status', class: 'label' }, t('case.status')),
      h('select', { id: 'case-status', name: 'status' }, h('option', { value: '' }, t('all')), STATUSES.map((s) => h('option', { value: s, selected: s === status }, t('status.' + s))))),
    h('button', { type: 'submit', class: 'btn' }, t('tasks.filter')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/cases' + (f.elements.status.value ? '?status=' + f.elements.status.value : '')); });
  page.append(f);
  const r = await api('/cases', { query: { limit: 100, status: status || undefined } });
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('cases.none_dept'))); return; }
  page.append(casesTable(items));
}
