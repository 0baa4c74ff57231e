/* rectifications.js — 整改 in the workbench: the rectifications opened by a
 * rating of 1 or 2 (of a case, a bundle case or a 12345 request). A
 * department's head records the callback to the rater and then the fix
 * (POST /api/v1/rectifications/{id}/actions/…, If-Match); supervisors see
 * every department's, the overdue ones marked in red and labelled. */
import { h, t, L, go, fmtDay, session, announce, departments, dialog, moreButton, pagedCount } from '../shared/frame.js';
import { addTexts, colon } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './rectifications.texts.js';

addTexts(TEXTS);

const STATUSES = ['open', 'called_back', 'fixed'];
const NEXT = { open: 'record_callback', called_back: 'record_fix' };
const deptName = (depts, code) => { const d = depts.find((x) => x.code === code); return d ? L(d.name) : code; };

async function record(r, action) {
  const { renderForm } = await import('../shared/form.js');
  const ctl = renderForm({ fields: [{ key: 'note', type: 'text', required: true, max_len: 2000,
    label: { zh: t('rc.note', null, '', 'zh'), en: t('rc.note', null, '', 'en') } }] }, { idPrefix: 'rcn' });
  const ok = await dialog({ title: t('rc.' + action) + ' · ' + r.subject.label, body: ctl.el, ok: t('rc.' + action), onOk: async () => {
    if (ctl.validate().length) { ctl.focusSummary(); return false; }
    await api('/rectifications/' + encodeURIComponent(r.id) + '/actions/' + action, { method: 'POST', body: ctl.values(), ifMatch: r.version });
    return true;
  } });
  if (ok) { announce(t('rc.recorded')); go('#/rectifications?done=' + Date.now()); }
}

export async function pageRectifications(page, _p, query) {
  const sup = session.has('supervisor');
  const depts = await departments().catch(() => []);
  page.append(h('h1', null, t('wrc.title')), h('p', null, t(sup ? 'rc.intro_sup' : 'rc.intro_head')));
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const escalated = query.get('escalated') === 'true';
  const f = h('form', { class: 'filters' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'rc-status', class: 'label' }, t('rc.filter_status')),
      h('select', { id: 'rc-status', name: 'status' }, [['', t('rc.all')], ...STATUSES.map((s) => [s, t('rc.st.' + s)])]
        .map(([v, l]) => h('option', { value: v, selected: v === status }, l)))),
    h('div', { class: 'field field-inline choice' }, h('input', { type: 'checkbox', id: 'rc-esc', name: 'escalated', checked: escalated }),
      h('label', { for: 'rc-esc', class: 'label-inline' }, t('rc.only_escalated'))),
    h('button', { type: 'submit', class: 'btn' }, t('rc.show')));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    if (f.elements.status.value) q.set('status', f.elements.status.value);
    if (f.elements.escalated.checked) q.set('escalated', 'true');
    go('#/rectifications' + (q.toString() ? '?' + q : ''));
  });
  page.append(f);
  const filter = { status: status || undefined, escalated: escalated ? 'true' : undefined };
  const r = await api('/rectifications', { query: filter });
  const items = r.items || [];
  const count = h('p', { role: 'status' });
  pagedCount(count, items.length, !!r.next_cursor, 'rc.count');
  page.append(count);
  if (!items.length) { page.append(h('p', null, t('rc.none'))); return; }
  const mine = (x) => session.has('dept_head') && x.department === session.dept();
  const cols = ['subject', 'dept', 'status', 'callback_due', 'fix_due', 'notes', 'action'];
  const row = (x) => h('tr', { class: x.overdue ? 'row-overdue' : '', 'data-id': x.id },
    h('th', { scope: 'row' }, t('rc.kind.' + x.subject.type, null, x.subject.type), ' ',
      x.subject.type === 'case' ? h('a', { href: '#/cases/' + x.subject.id, class: 'mono' }, x.subject.label)
        : h('span', { class: 'mono', 'data-keep': 'data' }, x.subject.label)),
    h('td', { 'data-label': t('rc.col.dept') }, deptName(depts, x.department)),
    h('td', { 'data-label': t('rc.col.status') }, h('span', { class: 'badge' + (x.status === 'fixed' ? ' badge-green' : '') }, t('rc.st.' + x.status, null, x.status)),
      x.overdue ? [' ', h('span', { class: 'badge badge-red' }, t('rc.overdue'))] : null,
      x.escalated ? [' ', h('span', { class: 'badge badge-yellow' }, t('rc.escalated'))] : null),
    h('td', { 'data-label': t('rc.col.callback_due') }, fmtDay(x.callback_due)),
    h('td', { 'data-label': t('rc.col.fix_due') }, fmtDay(x.fix_due)),
    h('td', { 'data-label': t('rc.col.notes') },
      x.callback_note ? h('p', null, t('rc.callback_note'), colon(), h('span', { 'data-keep': 'data' }, x.callback_note)) : null,
      x.fix_note ? h('p', null, t('rc.fix_note'), colon(), h('span', { 'data-keep': 'data' }, x.fix_note)) : null),
    h('td', { 'data-label': t('rc.col.action') }, mine(x) && NEXT[x.status]
      ? h('button', { type: 'button', class: 'btn btn-primary', 'data-action': NEXT[x.status], onclick: () => record(x, NEXT[x.status]) },
        t('rc.' + NEXT[x.status]), h('span', { class: 'sr-only' }, ' ', x.subject.label))
      : '—'));
  const body = h('tbody', null, items.map(row));
  page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack rectifications' },
    h('caption', null, t('rc.caption')),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t('rc.col.' + k))))),
    body)));
  const more = moreButton('/rectifications', filter, r.next_cursor, (next, left) => {
    body.append(...next.map(row));
    pagedCount(count, body.rows.length, left, 'rc.count');
  });
  if (more) page.append(more);
}
