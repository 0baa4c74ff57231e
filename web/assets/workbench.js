/* workbench.js — 工作台, for staff: the task queue, a case with its
 * materials and the actions the caller may take, window mode (walk-in and
 * assisted applications) and appointment check-in. */
import { h, t, L, start, session, go, dl, fmtDay, announce, flash, colourBadge, matter, todayYmd, loginPage } from './app.js';
import { api, problemView, ApiError } from './api.js';

/* Loaded when a page needs them, so that the first view stays light. */
let renderForm, errorSummary, wizard, materialPicker, cv;
async function need(...what) {
  if (what.includes('form') && !renderForm) ({ renderForm, errorSummary } = await import('./form.js'));
  if (what.includes('wizard') && !wizard) ({ wizard, materialPicker } = await import('./wizard.js'));
  if (what.includes('case') && !cv) cv = await import('./caseview.js');
}

const dept = () => session.dept();
const deptMatters = () => api('/matters', { query: { department: dept(), limit: 100 } }).then((r) => r.items || []);

/* ---- the task queue ---- */

function sortByDeadline(items) {
  return items.slice().sort((a, b) => String(a.deadline || '9999').localeCompare(String(b.deadline || '9999')) || String(a.created_at).localeCompare(String(b.created_at)));
}

async function pageTasks(page, _p, query) {
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
  const q = (status) => api('/tasks', { query: { status, matter: filters.matter, colour: filters.colour } }).then((r) => r.items || []);
  const lists = filters.status === 'active' ? await Promise.all([q('open'), q('claimed')])
    : [await q(filters.status === 'all' ? undefined : filters.status)];
  const items = sortByDeadline(lists.flat());
  page.append(h('p', { role: 'status' }, t('tasks.count', { n: items.length })));
  if (!items.length) { page.append(h('p', null, t('tasks.none'))); return; }

  const out = h('div');
  const staff = await api('/departments/' + dept() + '/staff').then((x) => x.items || x || []).catch(() => []);
  const checks = [];
  const all = h('input', { type: 'checkbox', id: 'sel-all' });
  all.addEventListener('change', () => { for (const c of checks) c.checked = all.checked; });
  const rows = items.map((it) => {
    const cb = h('input', { type: 'checkbox', id: 'sel-' + it.id, value: it.id });
    checks.push(cb);
    const mine = it.claimed_by && session.account && it.claimed_by.id === session.account.id;
    return h('tr', { class: 'row-' + (it.colour || 'none') },
      h('td', { class: 'sel' }, cb, h('label', { for: 'sel-' + it.id, class: 'sr-only' }, t('tasks.select', { n: it.case_number || it.id }))),
      h('th', { scope: 'row' }, h('a', { href: '#/cases/' + it.case_id, class: 'mono' }, it.case_number || it.case_id)),
      h('td', { 'data-label': t('tasks.matter') }, L(it.matter && it.matter.name) || (it.matter && it.matter.code)),
      h('td', { 'data-label': t('tasks.kind') }, t('task.kind.' + it.kind, {}, it.kind)),
      h('td', { 'data-label': t('tasks.deadline') }, it.deadline ? fmtDay(it.deadline) : '—', ' ', colourBadge(it.colour)),
      h('td', { 'data-label': t('tasks.claimed') }, it.claimed_by ? it.claimed_by.name : t('tasks.unclaimed')),
      h('td', { 'data-label': t('tasks.actions') },
        it.status === 'open' && !it.claimed_by ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => taskAct(it, 'claim', out) }, t('tasks.claim'), h('span', { class: 'sr-only' }, ' ' + (it.case_number || ''))) : null,
        mine && it.status !== 'done' ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => taskAct(it, 'release', out) }, t('tasks.release'), h('span', { class: 'sr-only' }, ' ' + (it.case_number || ''))) : null));
  });
  const toSel = h('select', { id: 'assign-to' }, h('option', { value: '' }, t('form.choose')),
    staff.map((s) => h('option', { value: s.id }, s.name + (s.roles ? '（' + s.roles.map((r) => t('role.' + r, {}, r)).join('、') + '）' : ''))));
  const bulk = h('div', { class: 'bulk', role: 'group', 'aria-label': t('tasks.bulk') },
    h('button', { type: 'button', class: 'btn', onclick: () => bulkAct('claim') }, t('tasks.bulk_claim')),
    h('span', { class: 'field-inline' }, h('label', { for: 'assign-to' }, t('tasks.assign_to')), toSel),
    h('button', { type: 'button', class: 'btn', onclick: () => bulkAct('assign') }, t('tasks.bulk_assign')));
  async function bulkAct(action) {
    out.textContent = '';
    const ids = checks.filter((c) => c.checked).map((c) => c.value);
    if (!ids.length) { out.append(h('p', { class: 'field-error', role: 'alert' }, t('tasks.pick_some'))); return; }
    if (action === 'assign' && !toSel.value) { out.append(h('p', { class: 'field-error', role: 'alert' }, t('tasks.pick_person'))); toSel.focus(); return; }
    try {
      const r = await api('/tasks/bulk', { method: 'POST', body: action === 'assign' ? { action, ids, to: toSel.value } : { action, ids } });
      const failedOnes = ((r && r.results) || []).filter((x) => x.result !== 'ok');
      await renderTasksAgain();
      const msg = t('tasks.bulk_done', { n: (r && r.succeeded !== undefined) ? r.succeeded : ids.length }) + (failedOnes.length ? t('tasks.bulk_failed', { n: failedOnes.length }) : '');
      announce(msg);
      flash(msg, failedOnes.length ? 'error' : 'ok');
    } catch (e) { out.append(problemView(e)); }
  }
  page.append(bulk, out, h('div', { class: 'table-wrap' }, h('table', { class: 'table stack tasks' },
    h('caption', { class: 'sr-only' }, t('tasks.caption')),
    h('thead', null, h('tr', null, h('td', { class: 'sel' }, all, h('label', { for: 'sel-all', class: 'sr-only' }, t('tasks.select_all'))),
      ['tasks.case', 'tasks.matter', 'tasks.kind', 'tasks.deadline', 'tasks.claimed', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, rows))));
}

async function renderTasksAgain() {
  const page = document.querySelector('#main .page');
  page.textContent = '';
  await pageTasks(page, {}, new URLSearchParams(location.hash.split('?')[1] || ''));
}

async function taskAct(it, action, out) {
  out.textContent = '';
  try {
    await api('/tasks/' + it.id + '/' + action, { method: 'POST', body: {} });
    await renderTasksAgain();
    announce(t('tasks.done.' + action));
    flash(t('tasks.done.' + action) + '：' + (it.case_number || ''));
  } catch (e) { out.append(problemView(e)); }
}

/* ---- a case and its actions ---- */

const REFUSE = ['not_in_remit', 'not_a_licensing_matter', 'not_eligible', 'other_legal'];
const SUSPEND = ['hearing', 'expert_review', 'inspection', 'publicity'];
const opt = (prefix) => (v) => ({ value: v, label: { zh: t(prefix + v, {}, v, 'zh'), en: t(prefix + v, {}, v, 'en') } });
const lbl = (k) => ({ zh: t(k, {}, k, 'zh'), en: t(k, {}, k, 'en') });

function actionSchema(action, c, ctx) {
  const F = (key, type, extra = {}) => Object.assign({ key, type, label: lbl('af.' + key) }, extra);
  switch (action) {
    case 'refuse': return { fields: [
      F('reason', 'enum', { required: true, widget: 'select', options: REFUSE.map(opt('refuse.')) }),
      F('detail', 'text', { required: true, max_len: 2000 }),
      F('legal_basis', 'string', { required: true, max_len: 500 }),
      F('apply_to', 'string', { max_len: 200, help: lbl('af.apply_to.help') })] };
    case 'approve': return { fields: [F('opinion', 'text', { required: true, max_len: 2000 })] };
    case 'deny': return { fields: [
      F('reason', 'text', { required: true, max_len: 2000 }),
      F('legal_basis', 'string', { required: true, max_len: 500 }),
      F('remedies', 'text', { required: true, max_len: 2000, help: lbl('af.remedies.help') })] };
    case 'suspend': return { fields: [
      F('kind', 'enum', { required: true, options: SUSPEND.map(opt('suspend.')) }),
      F('reason', 'text', { required: true, max_len: 2000 }),
      F('expected_days', 'int', { required: true, min: 1, max: 60 })] };
    case 'extend': return { fields: [F('days', 'int', { required: true, min: 1, max: 10 }), F('reason', 'text', { required: true, max_len: 2000 })] };
    case 'issue': return { fields: [F('number', 'string', { required: true, max_len: 64 }), F('title', 'string', { required: true, max_len: 200 })] };
    case 'deliver': return { fields: [
      F('method', 'enum', { required: true, options: ['electronic', 'post', 'window'].map((v) => ({ value: v, label: lbl('delivery.' + v) })) }),
      F('carrier', 'string', { max_len: 50 }), F('tracking_number', 'string', { min_len: 4, max_len: 64 })] };
    default: return null;
  }
}

function actionDefaults(action, c, ctx) {
  const m = ctx.matter || {};
  const today = todayYmd().replace(/-/g, '');
  switch (action) {
    case 'approve': return { opinion: t('af.default.opinion') };
    case 'deny': return { remedies: t('af.default.remedies') };
    case 'issue': return { number: (m.code || 'NO') + '-' + today + '-' + String(c.number || c.id).slice(-4), title: m.result && m.result.name ? L(m.result.name) : L(c.matter.name) };
    case 'deliver': return { method: (c.delivery && c.delivery.method) || 'electronic' };
    default: return {};
  }
}

/* 补正: a checklist of every field and every material, each with a reason. */
function correctionForm(c, ctx) {
  const fields = (ctx.matter && ctx.matter.form && ctx.matter.form.fields) || [];
  const mats = (ctx.matter && ctx.matter.materials) || c.materials || [];
  const rows = [];
  const mk = (kind, key, label, i) => {
    const id = 'cx-' + kind + '-' + i;
    const cb = h('input', { type: 'checkbox', id, 'data-kind': kind, 'data-key': key, 'aria-controls': id + '-r' });
    const err = h('p', { class: 'field-error', id: id + '-err', hidden: true });
    const reason = h('input', { type: 'text', id: id + '-r', disabled: true, 'aria-describedby': id + '-err', 'aria-invalid': 'false', maxlength: '500' });
    cb.addEventListener('change', () => { reason.disabled = !cb.checked; if (cb.checked) reason.focus(); });
    rows.push({ cb, reason, err, kind, key, label, id });
    return h('li', { class: 'check-row' }, h('div', { class: 'choice' }, cb, h('label', { for: id }, label)),
      h('div', { class: 'check-reason' }, h('label', { for: id + '-r', class: 'small' }, t('corr.reason_for', { name: label })), err, reason));
  };
  const summary = h('div');
  const body = h('div', { class: 'correction-form' }, summary,
    h('p', { class: 'hint' }, t('corr.staff_intro')),
    h('fieldset', null, h('legend', null, t('corr.fields')), h('ul', { class: 'checks' }, fields.map((f, i) => mk('field', f.key, L(f.label), i)))),
    h('fieldset', null, h('legend', null, t('corr.materials')), h('ul', { class: 'checks' }, mats.map((m, i) => mk('material', m.key, L(m.name), i)))));
  return {
    el: body,
    collect() {
      summary.textContent = '';
      const errs = [];
      const items = [];
      for (const r of rows) {
        r.err.hidden = true;
        r.reason.setAttribute('aria-invalid', 'false');
        if (!r.cb.checked) continue;
        const why = r.reason.value.trim();
        if (!why) {
          const m = t('corr.need_reason', { name: r.label });
          r.err.hidden = false; r.err.textContent = m;
          r.reason.setAttribute('aria-invalid', 'true');
          errs.push({ field: r.id + '-r', message: m });
        }
        items.push({ kind: r.kind, key: r.key, reason: why });
      }
      if (!items.length) errs.push({ field: rows[0] ? rows[0].id : '', message: t('corr.need_item') });
      if (errs.length) {
        const b = errorSummary(errs, (f) => f || null);
        summary.append(b);
        b.focus();
        return null;
      }
      return { items };
    },
  };
}

const STAFF_ACTIONS = ['accept', 'handle_now', 'refuse', 'request_correction', 'review', 'approve', 'deny', 'suspend', 'resume', 'extend', 'issue', 'deliver', 'complete'];

function actionsPanel(c, ctx) {
  const allowed = (c.allowed_actions || []).filter((a) => STAFF_ACTIONS.includes(a));
  const sec = h('section', { class: 'panel actions-panel', 'aria-labelledby': 'act-h' }, h('h2', { id: 'act-h' }, t('act.title')));
  if (!allowed.length) { sec.append(h('p', null, t('act.none'))); return sec; }
  const bar = h('div', { class: 'actions' });
  const area = h('div', { class: 'action-area' });
  sec.append(bar, area);
  const buttons = [];
  for (const a of allowed) {
    const b = h('button', { type: 'button', class: 'btn' + (['deny', 'refuse'].includes(a) ? ' btn-danger-outline' : a === 'accept' || a === 'approve' ? ' btn-primary' : ''), 'aria-expanded': 'false', 'aria-controls': 'action-area', 'data-action': a,
      onclick: () => open(a, b) }, t('action.' + a));
    buttons.push(b);
    bar.append(b);
  }
  area.id = 'action-area';
  function open(a, btn) {
    for (const b of buttons) b.setAttribute('aria-expanded', b === btn ? 'true' : 'false');
    area.textContent = '';
    const f = h('form', { novalidate: true, class: 'action-form', 'aria-labelledby': 'af-h' }, h('h3', { id: 'af-h', tabindex: '-1' }, t('action.' + a)));
    let ctl = null, corr = null;
    if (a === 'request_correction') { corr = correctionForm(c, ctx); f.append(corr.el); }
    else {
      const schema = actionSchema(a, c, ctx);
      if (schema) { ctl = renderForm(schema, { values: actionDefaults(a, c, ctx), idPrefix: 'af' }); f.append(ctl.el); }
      else f.append(h('p', null, t('act.confirm.' + a, {}, t('act.confirm'))));
    }
    const out = h('div');
    f.append(out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('act.do', { action: t('action.' + a) })),
      h('button', { type: 'button', class: 'btn', onclick: () => { area.textContent = ''; btn.setAttribute('aria-expanded', 'false'); btn.focus(); } }, t('cancel'))));
    area.append(f);
    f.querySelector('h3').focus();
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      out.textContent = '';
      let body = {};
      if (corr) { body = corr.collect(); if (!body) return; }
      else if (ctl) {
        if (ctl.validate().length) { ctl.focusSummary(); return; }
        body = ctl.values();
      }
      try {
        await api('/cases/' + c.id + '/actions/' + a, { method: 'POST', body, ifMatch: c.version });
        announce(t('act.done', { action: t('action.' + a) }));
        await renderCase(document.querySelector('#main .page'), c.id);
        flash(t('act.done', { action: t('action.' + a) }));
      } catch (e) {
        if (ctl && e instanceof ApiError && e.errors.some((x) => ctl.keyOf(x.field))) { ctl.showErrors(e.errors); ctl.focusSummary(); return; }
        const p = problemView(e);
        out.append(p);
        p.focus();
      }
    });
  }
  return sec;
}

async function renderCase(page, id) {
  const [c] = await Promise.all([api('/cases/' + encodeURIComponent(id)), need('form', 'case')]);
  const { caseContext, caseHeader, clockBox, formView, materialsView, correctionView, timelineView, decisionView, caseSummaryPairs } = cv;
  const ctx = await caseContext(c);
  page.textContent = '';
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/tasks' }, t('tasks.title')), ' › ', c.number || c.id));
  page.append(caseHeader(c));
  page.append(actionsPanel(c, ctx));
  const corr = correctionView(c, ctx);
  if (corr) page.append(corr);
  page.append(h('div', { class: 'grid-2' }, clockBox(c), h('section', { class: 'panel', 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' }, t('case.summary')), dl(caseSummaryPairs(c)))));
  const dec = decisionView(c);
  if (dec) page.append(dec);
  page.append(formView(c, ctx), materialsView(c, { previews: 'open' }), timelineView(c));
  const h1 = page.querySelector('h1');
  if (h1) h1.focus();
}

async function pageCase(page, { id }) { await renderCase(page, id); }

const STATUSES = ['submitted', 'correction', 'accepted', 'in_review', 'suspended', 'approved', 'denied', 'issued', 'delivered', 'completed', 'refused', 'withdrawn'];

async function pageCases(page, _p, query) {
  page.append(h('h1', null, t('wb.cases')));
  const status = query.get('status') || '';
  const f = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'field field-inline' }, h('label', { for: 'case-status', class: 'label' }, t('case.status')),
      h('select', { id: 'case-status', name: 'status' }, h('option', { value: '' }, t('all')), STATUSES.map((s) => h('option', { value: s, selected: s === status }, t('status.' + s))))),
    h('button', { type: 'submit', class: 'btn' }, t('tasks.filter')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/cases' + (f.elements.status.value ? '?status=' + f.elements.status.value : '')); });
  page.append(f);
  const [r] = await Promise.all([api('/cases', { query: { limit: 100, status: status || undefined } }), need('case')]);
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('cases.none_dept'))); return; }
  page.append(cv.casesTable(items));
}

/* ---- window mode: walk-in and assisted applications ---- */

const RELATIONS = ['子女', '配偶', '父母', '其他亲属', '社区工作人员', '其他'];

function whoStep(box, state) {
  const x = state.extra;
  x.channel = x.channel || 'window';
  const chan = renderForm({ fields: [{ key: 'channel', type: 'enum', widget: 'radio', required: true, label: lbl('win.channel'),
    options: [{ value: 'window', label: lbl('win.channel.window') }, { value: 'assisted', label: lbl('win.channel.assisted') }] }] }, { values: { channel: x.channel }, idPrefix: 'ch' });
  const who = renderForm({ fields: [
    { key: 'kind', type: 'enum', widget: 'radio', required: true, label: lbl('win.kind'), options: [{ value: 'person', label: lbl('win.kind.person') }, { value: 'enterprise', label: lbl('win.kind.enterprise') }] },
  ] }, { values: { kind: x.kind || 'person' }, idPrefix: 'wk' });
  const idSlot = h('div');
  const agentSlot = h('div');
  let idCtl = null, agentCtl = null, auth = null;
  const drawId = () => {
    const kind = who.values().kind || 'person';
    const keep = idCtl ? idCtl.values() : { id_number: x.id_number, credit_code: x.credit_code };
    idSlot.textContent = '';
    idCtl = renderForm({ fields: [kind === 'enterprise'
      ? { key: 'credit_code', type: 'credit_code', required: true, label: lbl('win.credit_code'), help: lbl('win.registered_hint') }
      : { key: 'id_number', type: 'id_number', required: true, label: lbl('win.id_number'), help: lbl('win.registered_hint') }] }, { values: keep, idPrefix: 'wid' });
    idSlot.append(idCtl.el);
  };
  const drawAgent = () => {
    agentSlot.textContent = '';
    agentCtl = null; auth = null;
    if ((chan.values().channel || 'window') !== 'assisted') return;
    agentCtl = renderForm({ fields: [
      { key: 'name', type: 'string', required: true, min_len: 2, max_len: 50, label: lbl('win.agent_name') },
      { key: 'id_number', type: 'id_number', required: true, label: lbl('win.agent_id') },
      { key: 'relation', type: 'enum', required: true, widget: 'select', label: lbl('win.relation'), options: RELATIONS.map((r, i) => ({ value: r, label: { zh: r, en: t('win.rel.' + i, {}, r, 'en') } })) },
    ] }, { values: x.agent || {}, idPrefix: 'ag' });
    auth = materialPicker({ key: 'authorization', name: lbl('win.authorization'), formats: ['pdf', 'jpeg', 'png'], max_size: 10485760, required: true, source: 'upload' },
      { required: true, initial: x.authorization });
    agentSlot.append(h('h3', null, t('win.agent')), h('p', { class: 'hint' }, t('win.agent_hint')), agentCtl.el, auth.el);
  };
  chan.el.addEventListener('change', () => { x.channel = chan.values().channel; drawAgent(); });
  who.el.addEventListener('change', drawId);
  box.append(chan.el, h('h3', null, t('win.applicant')), who.el, idSlot, agentSlot);
  drawId();
  drawAgent();
  if (x.serverErrors) {
    const errs = x.serverErrors; x.serverErrors = null;
    idCtl.showErrors(errs.filter((e) => /^applicant\./.test(e.field || '')).map((e) => Object.assign({}, e, { field: e.field.replace(/^applicant\./, '') })));
    if (agentCtl) agentCtl.showErrors(errs.filter((e) => /^agent\./.test(e.field || '')).map((e) => Object.assign({}, e, { field: e.field.replace(/^agent\./, '') })));
  }
  return {
    async check(strict) {
      x.kind = who.values().kind || 'person';
      Object.assign(x, { id_number: undefined, credit_code: undefined }, idCtl.values());
      if (agentCtl) x.agent = agentCtl.values();
      if (auth) { await auth.settle(); x.authorization = auth.file; }
      if (!strict) return [];
      const errs = [...idCtl.validate()];
      if (agentCtl) errs.push(...agentCtl.validate());
      if (auth) { const e = auth.validate(); if (e) errs.push({ field: 'authorization', message: e }); }
      if (errs.length) {
        const first = box.querySelector('[aria-invalid="true"]');
        if (first) first.focus();
      }
      return errs;
    },
  };
}

async function pageWindow(page, _p, query) {
  await need('form', 'wizard');
  page.append(h('h1', null, t('win.title')), h('p', { class: 'lead' }, t('win.lead')));
  const matters = await deptMatters();
  const code = query.get('matter');
  if (!code) {
    const f = h('form', { novalidate: true, class: 'narrow' },
      h('div', { class: 'field' }, h('label', { for: 'win-matter', class: 'label' }, t('win.matter')),
        h('select', { id: 'win-matter', name: 'matter' }, matters.map((m) => h('option', { value: m.code }, L(m.name) + '（' + m.code + '）')))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('win.start'))));
    f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/window?matter=' + encodeURIComponent(f.elements.matter.value)); });
    page.append(f);
    return;
  }
  const m = await matter(code);
  page.textContent = '';
  await wizard(page, {
    matter: m,
    memoryKey: 'window:' + session.account.id + ':' + m.code,
    title: t('win.title_for', { name: L(m.name) }),
    before: [{ id: 'who', title: 'win.step_who', render: whoStep, owns: (f) => /^(applicant|agent|channel)/.test(f || '') }],
    reviewExtra: (state) => {
      const x = state.extra;
      return h('section', { class: 'review-part' }, h('h3', null, t('win.step_who')), dl([
        [t('win.channel'), t('win.channel.' + x.channel)],
        [x.kind === 'enterprise' ? t('win.credit_code') : t('win.id_number'), x.kind === 'enterprise' ? x.credit_code : x.id_number],
        [t('win.agent'), x.channel === 'assisted' && x.agent ? x.agent.name + '（' + (x.agent.relation || '') + '）' : null],
        [t('win.authorization'), x.channel === 'assisted' && x.authorization ? x.authorization.name : null],
      ]));
    },
    submitLabel: t('win.submit'),
    submit: (body, state) => {
      const x = state.extra;
      body.channel = x.channel;
      body.applicant = x.kind === 'enterprise' ? { credit_code: x.credit_code } : { id_number: x.id_number };
      if (x.channel === 'assisted') body.agent = Object.assign({}, x.agent, { authorization_file: x.authorization && x.authorization.id });
      return api('/cases', { method: 'POST', body, idem: state.key });
    },
    done: (c) => {
      page.textContent = '';
      page.append(h('h1', { tabindex: '-1' }, t('win.done')),
        h('div', { class: 'panel panel-ok', role: 'status' }, h('p', null, t('apply.done.number'), '：', h('strong', { class: 'mono case-number' }, c.number || c.id)),
          h('p', null, c.applicant ? t('win.done_for', { name: c.applicant.name }) : ''), h('p', null, t('win.done_hint'))),
        h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/cases/' + c.id }, t('apply.done.view')), h('a', { class: 'btn', href: '#/window' }, t('win.another'))));
      page.querySelector('h1').focus();
    },
  });
}

/* ---- appointments: check-in and slots ---- */

async function pageAppointments(page, _p, query) {
  await need('form');
  page.append(h('h1', null, t('wb.appt')));
  const date = query.get('date') || todayYmd();
  const f = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'field field-inline' }, h('label', { for: 'appt-date', class: 'label' }, t('wb.appt.date')), h('input', { type: 'date', id: 'appt-date', name: 'date', value: date })),
    h('button', { type: 'submit', class: 'btn' }, t('wb.appt.show')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/appointments?date=' + f.elements.date.value); });
  page.append(f, h('h2', null, t('wb.appt.on', { day: fmtDay(date) })));
  const out = h('div');
  page.append(out);
  try {
    const r = await api('/departments/' + dept() + '/appointments', { query: { date } });
    const items = r.items || [];
    if (!items.length) page.append(h('p', null, t('wb.appt.none')));
    else {
      page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('wb.appt.on', { day: fmtDay(date) })),
        h('thead', null, h('tr', null, ['wb.appt.time', 'wb.appt.who', 'wb.appt.matter', 'wb.appt.status', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, items.map((a) => {
          const s = a.slot || {};
          const st = a.status || 'booked';
          const who = (a.applicant && a.applicant.name) || (a.account && a.account.name) || a.name || '';
          return h('tr', null, h('th', { scope: 'row' }, (a.start || s.start || '') + '–' + (a.end || s.end || '')),
            h('td', { 'data-label': t('wb.appt.who') }, who),
            h('td', { 'data-label': t('wb.appt.matter') }, a.matter ? (a.matter.name ? L(a.matter.name) : a.matter.code || String(a.matter)) : '—'),
            h('td', { 'data-label': t('wb.appt.status') }, h('span', { class: 'badge status-' + st }, t('appt.status.' + st, {}, st))),
            h('td', { 'data-label': t('tasks.actions') }, st === 'booked' ? h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: async () => {
              out.textContent = '';
              try {
                await api('/appointments/' + a.id + '/checkin', { method: 'POST', body: {} });
                announce(t('wb.appt.checked', { name: who }));
                go(location.hash);
              } catch (e) { out.append(problemView(e)); }
            } }, t('wb.appt.checkin'), h('span', { class: 'sr-only' }, ' ' + who)) : null));
        })))));
    }
  } catch (e) { out.append(problemView(e)); }

  if (session.has('dept_head', 'admin')) {
    const sec = h('section', { class: 'panel', 'aria-labelledby': 'slots-h' }, h('h2', { id: 'slots-h' }, t('wb.slots')));
    const list = h('div');
    try {
      const r = await api('/departments/' + dept() + '/slots', { query: { date } });
      const slots = r.slots || [];
      list.append(slots.length ? h('ul', null, slots.map((s) => h('li', null, s.start + '–' + s.end + ' · ' + t('wb.slots.cap', { cap: s.capacity, booked: s.booked || 0 })))) : h('p', null, t('appt.no_slots')));
    } catch (e) { list.append(problemView(e)); }
    const ctl = renderForm({ fields: [
      { key: 'start', type: 'string', required: true, pattern: '^[0-2][0-9]:[0-5][0-9]$', label: lbl('wb.slots.start'), help: lbl('wb.slots.time_help') },
      { key: 'end', type: 'string', required: true, pattern: '^[0-2][0-9]:[0-5][0-9]$', label: lbl('wb.slots.end') },
      { key: 'capacity', type: 'int', required: true, min: 1, max: 100, label: lbl('wb.slots.capacity') },
    ] }, { values: { start: '09:00', end: '09:30', capacity: 5 }, idPrefix: 'slot' });
    const sout = h('div');
    const sf = h('form', { novalidate: true }, ctl.el, sout, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('wb.slots.add'))));
    sf.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      sout.textContent = '';
      if (ctl.validate().length) { ctl.focusSummary(); return; }
      try {
        await api('/departments/' + dept() + '/slots', { method: 'POST', body: Object.assign({ date }, ctl.values()) });
        announce(t('wb.slots.added'));
        go(location.hash);
      } catch (e) {
        if (e instanceof ApiError && e.errors.some((x) => ctl.keyOf(x.field))) { ctl.showErrors(e.errors); ctl.focusSummary(); } else sout.append(problemView(e));
      }
    });
    sec.append(h('h3', null, t('wb.slots.on', { day: fmtDay(date) })), list, h('h3', null, t('wb.slots.new')), sf);
    page.append(sec);
  }
}

/* ---- start ---- */

start({
  app: 'workbench',
  allowed: () => session.isStaff(),
  nav: () => session.isStaff() ? [
    { href: '#/tasks', label: 'tasks.title', match: /^\/tasks|^\/$/ },
    { href: '#/cases', label: 'wb.cases', match: /^\/cases/ },
    { href: '#/window', label: 'win.title', match: /^\/window/, show: () => session.has('window_clerk', 'dept_head') },
    { href: '#/appointments', label: 'wb.appt', match: /^\/appointments/, show: () => session.has('window_clerk', 'dept_head', 'admin') },
  ] : [{ href: '#/login', label: 'login', match: /^\/login/ }],
  routes: [
    { path: '/', render: pageTasks, auth: 'staff', title: 'tasks.title' },
    { path: '/login', render: (p, _x, q) => loginPage(p, q, { staff: true }) },
    { path: '/tasks', render: pageTasks, auth: 'staff', title: 'tasks.title' },
    { path: '/cases', render: pageCases, auth: 'staff', title: 'wb.cases' },
    { path: '/cases/:id', render: pageCase, auth: 'staff', title: 'case.case' },
    { path: '/window', render: pageWindow, auth: 'staff', title: 'win.title' },
    { path: '/appointments', render: pageAppointments, auth: 'staff', title: 'wb.appt' },
  ],
});

