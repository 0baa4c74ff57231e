/* oversight.js — the supervisors' landing page (督查): the overdue (red) and
 * warning (yellow) cases of every department, counted per department, from
 * GET /api/v1/oversight/cases, a page of cases at a time (更多 brings the next). */
import { h, t, L, go, fmtDay, colourBadge, statusBadge, moreButton } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './oversight.texts.js';

addTexts(TEXTS);

const table = (caption, heads, rows) => h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
  h('caption', null, caption),
  h('thead', null, h('tr', null, heads.map((k) => h('th', { scope: 'col' }, t(k))))),
  h('tbody', null, rows)));

export async function pageOversight(page, _p, query) {
  page.append(h('h1', null, t('wo.title')), h('p', null, t('wo.intro')));
  const colour = ['red', 'yellow'].includes(query.get('colour')) ? query.get('colour') : '';
  const f = h('form', { class: 'filters' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'wo-colour', class: 'label' }, t('wo.colour')),
      h('select', { id: 'wo-colour', name: 'colour' }, [['', t('wo.both')], ['red', t('colour.red')], ['yellow', t('colour.yellow')]]
        .map(([v, l]) => h('option', { value: v, selected: v === colour }, l)))),
    h('button', { type: 'submit', class: 'btn' }, t('wo.show')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/oversight' + (f.elements.colour.value ? '?colour=' + f.elements.colour.value : '')); });
  page.append(f);
  const r = await api('/oversight/cases', { query: { colour: colour || undefined } });
  const n = r.total;
  page.append(h('p', { role: 'status' }, t('wo.count', { n })));
  if (!n) { page.append(h('p', null, t('wo.none'))); return; }
  page.append(table(t('wo.by_dept'), ['wo.dept', 'wo.red', 'wo.yellow'], r.departments.map((d) =>
    h('tr', null, h('th', { scope: 'row' }, L(d.name)), h('td', { 'data-label': t('wo.red') }, String(d.red)),
      h('td', { 'data-label': t('wo.yellow') }, String(d.yellow))))));
  const row = (c) => h('tr', { class: 'row-' + c.colour }, h('th', { scope: 'row' }, h('a', { href: '#/cases/' + c.id }, c.number)),
    h('td', { 'data-label': t('wo.dept') }, L(c.department.name)),
    h('td', { 'data-label': t('wo.matter') }, L(c.matter.name)),
    h('td', { 'data-label': t('wo.status') }, statusBadge(c)),
    h('td', { 'data-label': t('wo.deadline') }, c.deadline ? fmtDay(c.deadline) : '—'),
    h('td', { 'data-label': t('wo.colour') }, colourBadge(c.colour)));
  const cases = table(t('wo.cases'), ['wo.number', 'wo.dept', 'wo.matter', 'wo.status', 'wo.deadline', 'wo.colour'], r.items.map(row));
  page.append(cases);
  const body = cases.querySelector('tbody');
  const more = moreButton('/oversight/cases', { colour: colour || undefined }, r.next_cursor, (next) => body.append(...next.map(row)));
  if (more) page.append(more);
}
