/* matters.js — the system administrator's catalogue screens: every matter
 * with its version and status, and one matter edited as its JSON definition
 * (PUT /api/v1/matters/{code}, If-Match: a new version; the server's field
 * errors listed by their path) or retired (POST .../retire). */
import { h, t, L, go, announce, dialog } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, ApiError } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import TEXTS from './matters.texts.js';

addTexts(TEXTS);

/* What GET adds to the stored definition: not part of what PUT takes. */
const READ_ONLY = ['status', 'current_version', 'version'];

export async function pageMatters(page) {
  page.append(h('h1', null, t('wm.title')));
  const items = (await api('/matters', { query: { include_retired: 'true', limit: 100 } })).items || [];
  page.append(h('p', { role: 'status' }, t('wm.count', { n: items.length })));
  page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('wm.title')),
    h('thead', null, h('tr', null, ['wm.code', 'wm.name', 'wm.dept', 'wm.version', 'wm.status', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, items.map((m) => h('tr', null, h('th', { scope: 'row' }, h('code', null, m.code)),
      h('td', { 'data-label': t('wm.name') }, L(m.name)),
      h('td', { 'data-label': t('wm.dept') }, m.department),
      h('td', { 'data-label': t('wm.version') }, String(m.version)),
      h('td', { 'data-label': t('wm.status') }, t('wm.status.' + m.status, {}, m.status)),
      h('td', { 'data-label': t('tasks.actions') }, h('a', { href: '#/matters/' + m.code, class: 'btn btn-small' }, t('wm.edit'),
        h('span', { class: 'sr-only' }, ' ' + L(m.name))))))))));
}

export async function pageMatter(page, params) {
  const m = await api('/matters/' + encodeURIComponent(params.code));
  page.append(h('h1', null, t('wm.edit.title', { code: m.code })),
    h('p', null, L(m.name), ' · ', t('wm.version'), ' ', String(m.version), ' · ', t('wm.status.' + m.status, {}, m.status)));
  const doc = Object.fromEntries(Object.entries(m).filter(([k]) => !READ_ONLY.includes(k)));
  const area = h('textarea', { id: 'wm-doc', name: 'doc', rows: 24, spellcheck: 'false', class: 'mono', 'aria-describedby': 'wm-doc-help wm-doc-err' });
  area.value = JSON.stringify(doc, null, 2);
  const err = h('div', { id: 'wm-doc-err', class: 'field-error' });
  const out = h('div');
  const form = h('form', { novalidate: true }, h('div', { class: 'field' },
    h('label', { for: 'wm-doc', class: 'label' }, t('wm.doc')), h('p', { class: 'hint', id: 'wm-doc-help' }, t('wm.doc.help')), err, area),
  out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('wm.save'))));
  onSubmit(form, { out }, async () => {
    err.textContent = '';
    let body;
    try { body = JSON.parse(area.value); } catch (e) {
      err.append(h('p', null, t('wm.bad_json', { why: e.message })));
      area.focus();
      return;
    }
    try {
      const r = await api('/matters/' + encodeURIComponent(m.code), { method: 'PUT', body, ifMatch: m.version });
      announce(t('wm.saved', { v: r.version }));
      go('#/matters/' + m.code);
    } catch (e) {
      if (!(e instanceof ApiError) || !e.errors.length) throw e;
      // each refused field by its path in the definition (form.fields[1].type, materials[0].source)
      err.append(h('p', null, t('wm.errors')), h('ul', null, e.errors.map((x) => h('li', null, h('code', null, x.field || '—'), '：', x.message))));
      area.focus();
    }
  });
  page.append(form);
  if (m.status === 'active') {
    page.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-danger', onclick: () => dialog({
      title: t('wm.retire'), body: h('p', null, t('wm.retire.body')), ok: t('wm.retire'), danger: true,
      onOk: async () => {
        await api('/matters/' + encodeURIComponent(m.code) + '/retire', { method: 'POST', ifMatch: m.version });
        announce(t('wm.retired'));
        go('#/matters/' + m.code);
      },
    }) }, t('wm.retire'))));
  }
  page.append(h('p', null, h('a', { href: '#/matters' }, t('wm.back'))));
}
