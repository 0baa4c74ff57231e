/* tasks.js — the task queue (待办任务): filters, claim and release, and
 * bulk claim and assignment. The workbench's first view. */
import { h, t, L, session, go, fmtDay, fmtTime, announce, flash, colourBadge, moreButton, pagedCount } from '../shared/frame.js';
import { addTexts, list, paren } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { dept, deptMatters } from './common.js';
import TEXTS from './tasks.texts.js';

addTexts(TEXTS);

export async function pageTasks(page, _p, query) {
  page.append(h('h1', null, t('tasks.title')));
  const filters = { status: query.get('status') || 'active', matter: query.get('matter') || '', colour: query.get('colour') || '' };
  const matters = await deptMatters().catch(() => []);
  const sel = (id, label, value, opts) => h('div', { class: 'field field-inline' }, h('label', { for: id, class: 'label' }, label),
    h('select', { id, name: id.replace('flt-', '') }, opts.map(([v, l]) => h('option', { value: v, selected: v === value }, l))));
  const ff = h('form', { class: 'filters', 'aria-label': t('tasks.filters') },
    sel('flt-status', t('tasks.f.status'), filters.status, [['active', t('task.status.active')], ['open', t('task.status.open')], ['claimed', t('task.status.claimed')], ['done', t('task.status.done')], ['all', t('all')]]),
    sel('flt-matter', t('tasks.f.matter'), filters.matter, [['', t('all')], ...matters.map((m) => [m.code, L(m.name)])]),
    sel('flt-colour', t('tasks.f.colour'), filters.colour, [['', t('all')], ['red', t('colour.red')], ['yellow', t('colour.yellow')], ['green', t('colour.green')]]),
    h('button', { type: 'submit', class: 'btn' }, t('tasks.filter')));
  ff.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const k of ['status', 'matter', 'colour']) q.set(k, ff.elements[k].value);
    go('#/tasks?' + q.toString());
  });
  page.append(ff);
  // one list in the server's order (the deadline that binds each task; none last), a page at a time
  const listQuery = { status: ['open', 'claimed', 'done'].includes(filters.status) ? filters.status : undefined, matter: filters.matter, colour: filters.colour };
  const countKey = filters.status === 'done' ? 'tasks.count_done' : 'tasks.count';
  const first = await api('/tasks', { query: listQuery });
  const items = first.items || [];
  const count = h('p', { role: 'status' });
  pagedCount(count, items.length, !!first.next_cursor, countKey);
  page.append(count);
  if (!items.length) { page.append(h('p', null, t('tasks.none'))); return; }

  const out = h('div');
  const staff = await api('/departments/' + dept() + '/staff').then((x) => x.items || x || []).catch(() => []);
  const checks = [];
  const all = h('input', { type: 'checkbox', id: 'sel-all' });
  all.addEventListener('change', () => { for (const c of checks) c.checked = all.checked; });
  const row = (it) => {
    const cb = h('input', { type: 'checkbox', id: 'sel-' + it.id, value: it.id });
    checks.push(cb);
    const mine = it.claimed_by && session.account && it.claimed_by.id === session.account.id;
    return h('tr', { class: 'row-' + (it.colour || 'none') },
      h('td', { class: 'sel' }, cb, h('label', { for: 'sel-' + it.id, class: 'sr-only' }, t('tasks.select', { n: it.case_number || it.id }))),
      h('th', { scope: 'row' }, h('a', { href: '#/cases/' + it.case_id, class: 'mono' }, it.case_number || it.case_id)),
      h('td', { 'data-label': t('tasks.matter') }, L(it.matter && it.matter.name) || (it.matter && it.matter.code)),
      h('td', { 'data-label': t('tasks.applicant') }, h('span', { 'data-keep': 'name' }, (it.applicant && it.applicant.name) || '—')),
      h('td', { 'data-label': t('tasks.channel') }, t('channel.' + it.channel, {}, it.channel)),
      h('td', { 'data-label': t('tasks.kind') }, t('task.kind.' + it.kind, {}, it.kind)),
      h('td', { 'data-label': t('tasks.submitted') }, it.submitted_at ? fmtTime(it.submitted_at) : '—'),
      h('td', { 'data-label': t('tasks.waiting') }, t('tasks.waiting_days', { n: it.waiting_days || 0 })),
      h('td', { 'data-label': t('tasks.deadline') }, it.deadline ? fmtDay(it.deadline) : '—', it.deadline_kind === 'intake' ? h('span', { class: 'muted small' }, ' ', t('tasks.intake_term')) : null, ' ', colourBadge(it.colour)),
      h('td', { 'data-label': t('tasks.claimed') }, it.claimed_by ? it.claimed_by.name : t('tasks.unclaimed')),
      h('td', { 'data-label': t('tasks.actions') },
        it.status === 'open' && !it.claimed_by ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => taskAct(it, 'claim', out) }, t('tasks.claim'), h('span', { class: 'sr-only' }, ' ' + (it.case_number || ''))) : null,
        mine && it.status !== 'done' ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => taskAct(it, 'release', out) }, t('tasks.release'), h('span', { class: 'sr-only' }, ' ' + (it.case_number || ''))) : null));
  };
  const tbody = h('tbody', null, items.map(row));
  let shown = items.length;
  const more = moreButton('/tasks', listQuery, first.next_cursor, (next, left) => {
    tbody.append(...next.map(row));
    shown += next.length;
    pagedCount(count, shown, left, countKey);
  });
  const toSel = h('select', { id: 'assign-to' }, h('option', { value: '' }, t('form.choose')),
    staff.map((s) => h('option', { value: s.id }, s.name + (s.roles ? paren(list(s.roles.map((r) => t('role.' + r, {}, r)))) : ''))));
  const bulk = h('div', { class: 'bulk', role: 'group', 'aria-label': t('tasks.bulk') },
    h('button', { type: 'button', class: 'btn', onclick: () => bulkAct('claim') }, t('tasks.bulk_claim')),
    h('span', { class: 'field-inline' }, h('label', { for: 'assign-to' }, t('tasks.assign_to')), toSel),
    h('button', { type: 'button', class: 'btn', onclick: () => bulkAct('assign') }, t('tasks.bulk_assign')));
  async function bulkAct(action) {
    out.textContent = '';
    const ids = checks.filter((c) => c.checked).map((c) => c.value);
    if (!ids.length) { out.append(h('p', { class: 'field-error', role: 'alert' }, t('tasks.pick_some'))); return; }
    if (action === 'assign' && !toSel.value) { out.append(h('p', { class: 'field-error', role: 'alert' }, t('tasks.pick_person'))); toSel.focus(); return; }
    await submit({ out, focus: false }, async () => {
      const r = await api('/tasks/bulk', { method: 'POST', body: action === 'assign' ? { action, ids, to: toSel.value } : { action, ids } });
      const failedOnes = ((r && r.results) || []).filter((x) => x.result !== 'ok');
      await renderTasksAgain();
      const msg = t('tasks.bulk_done', { n: (r && r.succeeded !== undefined) ? r.succeeded : ids.length }) + (failedOnes.length ? t('tasks.bulk_failed', { n: failedOnes.length }) : '');
      announce(msg);
      flash(msg, failedOnes.length ? 'error' : 'ok');
    });
  }
  page.append(bulk, out, h('div', { class: 'table-wrap' }, h('table', { class: 'table stack tasks' },
    h('caption', { class: 'sr-only' }, t('tasks.caption')),
    h('thead', null, h('tr', null, h('td', { class: 'sel' }, all, h('label', { for: 'sel-all', class: 'sr-only' }, t('tasks.select_all'))),
      ['tasks.case', 'tasks.matter', 'tasks.applicant', 'tasks.channel', 'tasks.kind', 'tasks.submitted', 'tasks.waiting', 'tasks.deadline', 'tasks.claimed', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    tbody)));
  if (more) page.append(more);
}

async function renderTasksAgain() {
  const page = document.querySelector('#main .page');
  page.textContent = '';
  await pageTasks(page, {}, new URLSearchParams(location.hash.split('?')[1] || ''));
}

function taskAct(it, action, out) {
  return submit({ out, focus: false }, async () => {
    await api('/tasks/' + it.id + '/' + action, { method: 'POST', body: {} });
    await renderTasksAgain();
    announce(t('tasks.done.' + action));
    flash(t('tasks.done.' + action) + '：' + (it.case_number || ''));
  });
}
