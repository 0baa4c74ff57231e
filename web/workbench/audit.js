/* audit.js — the audit log (审计日志) for the audit administrator and
 * supervisors: newest first, filtered by the kind of record and its id
 * (GET /api/v1/audit?entity=&id=&before=), a page of 100 at a time. */
import { h, t, go, fmtTime } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import { renderForm } from '../shared/form.js';
import { lbl } from './common.js';
import TEXTS from './audit.texts.js';

addTexts(TEXTS);

/* The kinds of record the platform audits (the entity of audit_append's callers). */
const ENTITIES = ['account', 'case', 'matter', 'calendar', 'slot', 'appointment', 'file', 'certificate', 'complaint',
  'bundle', 'bundle_case', 'inspection_plan', 'policy', 'rectification', 'department', 'open311_key'];

export async function pageAudit(page, _p, query) {
  page.append(h('h1', null, t('wa.title')));
  const entity = query.get('entity') || '', id = query.get('id') || '', before = query.get('before') || '';
  const ctl = renderForm({ fields: [
    { key: 'entity', type: 'enum', widget: 'select', label: lbl('wa.entity'),
      options: ENTITIES.map((e) => ({ value: e, label: lbl('wa.e.' + e) })) },
    { key: 'id', type: 'string', max_len: 64, label: lbl('wa.id'), help: lbl('wa.id.help') },
  ] }, { values: { entity, id }, idPrefix: 'wa' });
  const out = h('div');
  const form = h('form', { novalidate: true, class: 'filters' }, ctl.el, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('wa.show'))));
  const list = h('div');
  page.append(form, out, list);
  const load = async (q) => {
    const r = await api('/audit', { query: q });
    list.textContent = '';
    const items = r.items || [];
    if (!items.length) { list.append(h('p', { role: 'status' }, t('wa.none'))); return; }
    list.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('wa.title')),
      h('thead', null, h('tr', null, ['wa.seq', 'wa.at', 'wa.actor', 'wa.action', 'wa.record', 'wa.versions'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, items.map((e) => h('tr', null, h('th', { scope: 'row' }, String(e.seq)),
        h('td', { 'data-label': t('wa.at') }, fmtTime(e.at)),
        h('td', { 'data-label': t('wa.actor') }, e.actor === 'system' ? t('role.system') : h('span', null, e.role ? t('role.' + e.role, {}, e.role) : '', ' ', h('code', null, e.actor))),
        h('td', { 'data-label': t('wa.action') }, h('code', null, e.action)),
        h('td', { 'data-label': t('wa.record') }, t('wa.e.' + e.entity, {}, e.entity), ' ', h('code', null, e.entity_id)),
        h('td', { 'data-label': t('wa.versions') }, e.version_before + ' → ' + e.version_after)))))));
    const nav = h('p', null);
    if (r.next_before) nav.append(h('a', { href: '#/audit?' + new URLSearchParams(Object.assign({}, q.entity ? { entity: q.entity } : {}, q.id ? { id: q.id } : {}, { before: r.next_before })) }, t('wa.older')));
    if (q.before) nav.append(' ', h('a', { href: '#/audit?' + new URLSearchParams(Object.assign({}, q.entity ? { entity: q.entity } : {}, q.id ? { id: q.id } : {})) }, t('wa.newest')));
    list.append(nav);
  };
  onSubmit(form, { out, form: ctl }, async () => {
    const v = ctl.values();
    const q = new URLSearchParams();
    if (v.entity) q.set('entity', v.entity);
    if (v.id) q.set('id', v.id);
    await load({ entity: v.entity || undefined, id: v.id || undefined });   // the server's field errors land beside the fields
    go('#/audit' + (q.toString() ? '?' + q : ''));
  });
  await load({ entity: entity || undefined, id: id || undefined, before: before || undefined });
}
