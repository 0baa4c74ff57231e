/* staff.js — the security administrator's screens (安全管理员): the staff
 * accounts of a department with their roles, and changing one's roles and
 * department (PUT /api/v1/staff/{id}/roles; the server checks the rules and
 * its refusals show beside the field they name). */
import { h, t, L, go, announce } from '../shared/frame.js';
import { addTexts, list } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import { renderForm } from '../shared/form.js';
import { lbl } from './common.js';
import TEXTS from './staff.texts.js';

addTexts(TEXTS);

/* The staff roles, least senior first (role.h). */
const ROLES = ['window_clerk', 'reviewer', 'approver', 'dept_head', 'dispatcher', 'operator', 'supervisor', 'admin',
  'security_admin', 'audit_admin'];
const roleNames = (roles) => list(roles.map((r) => t('role.' + r, {}, r)));
const departments = () => api('/departments').then((r) => r.items || r || []);
const deptOptions = (list, value) => [h('option', { value: '' }, t('ws.all')),
  ...list.map((d) => h('option', { value: d.code, selected: d.code === value }, L(d.name)))];

export async function pageStaff(page, _p, query) {
  page.append(h('h1', null, t('ws.title')));
  const dept = query.get('department') || '';
  const depts = await departments();
  const f = h('form', { class: 'filters' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'ws-dept', class: 'label' }, t('ws.dept')),
      h('select', { id: 'ws-dept', name: 'department' }, deptOptions(depts, dept))),
    h('button', { type: 'submit', class: 'btn' }, t('ws.show')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); const d = f.elements.department.value; go('#/staff' + (d ? '?department=' + d : '')); });
  page.append(f);
  const items = (await api('/staff', { query: { department: dept || undefined } })).items;
  page.append(h('p', { role: 'status' }, t('ws.count', { n: items.length })));
  if (!items.length) { page.append(h('p', null, t('ws.none'))); return; }
  page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('ws.title')),
    h('thead', null, h('tr', null, ['ws.name', 'ws.username', 'ws.dept', 'ws.roles', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, items.map((s) => h('tr', null, h('th', { scope: 'row' }, s.name),
      h('td', { 'data-label': t('ws.username') }, s.username),
      h('td', { 'data-label': t('ws.dept') }, L(s.department)),
      h('td', { 'data-label': t('ws.roles') }, roleNames(s.roles)),
      h('td', { 'data-label': t('tasks.actions') }, h('a', { href: '#/staff/' + s.id, class: 'btn btn-small' }, t('ws.edit'),
        h('span', { class: 'sr-only' }, ' ' + s.name)))))))));
}

export async function pageStaffMember(page, params) {
  const [all, depts] = await Promise.all([api('/staff').then((r) => r.items), departments()]);
  const s = all.find((x) => x.id === params.id);
  const back = h('p', null, h('a', { href: '#/staff' }, t('ws.back')));
  if (!s) { page.append(h('h1', null, t('ws.edit')), h('p', null, t('ws.missing')), back); return; }
  page.append(h('h1', null, t('ws.edit.title', { name: s.name })), h('p', { class: 'muted' }, s.username));
  const ctl = renderForm({ fields: [
    { key: 'roles', type: 'enum', widget: 'checkboxes', required: true, label: lbl('ws.roles'), help: lbl('ws.roles.help'),
      options: ROLES.map((r) => ({ value: r, label: lbl('role.' + r) })) },
    { key: 'department', type: 'enum', widget: 'select', required: true, label: lbl('ws.dept'),
      options: depts.map((d) => ({ value: d.code, label: d.name })) },
  ] }, { values: { roles: s.roles, department: s.department.code }, idPrefix: 'ws' });
  const out = h('div');
  const form = h('form', { novalidate: true }, ctl.el, out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('ws.save'))));
  onSubmit(form, { out, form: ctl }, async () => {
    const v = ctl.values();
    await api('/staff/' + s.id + '/roles', { method: 'PUT', body: { roles: v.roles.join(','), department: v.department } });
    announce(t('ws.saved', { name: s.name }));
    go('#/staff?department=' + v.department);
  });
  page.append(form, back);
}
