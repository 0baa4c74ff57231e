/* portal.js — 办事大厅, the portal for people and enterprises: search,
 * guides, applying, my cases, appointments and messages. */
import { h, t, L, start, session, go, dl, fmtTime, fmtDay, fmtMoney, fmtSize, announce,
  flash, dialog, departments, matter, todayYmd, weekday, loginPage } from './app.js';
import { api, problemView, ApiError } from './api.js';

/* Loaded when a page needs them, so that the first view stays light. */
const formMod = () => import('./form.js');
const wizardMod = () => import('./wizard.js');
const caseMod = () => import('./caseview.js');

const POPULAR = ['XK00103000', 'XK00101001', 'XK00102000', 'QR00101002', 'GG00201000', 'QR00401000', 'JF00101000', 'GG00302000'];

/* ---- home and search ---- */

function searchForm(q = '') {
  const input = h('input', { type: 'search', id: 'q', name: 'q', value: q, autocomplete: 'off', maxlength: '50', 'aria-describedby': 'q-hint' });
  const f = h('form', { role: 'search', class: 'search', 'aria-label': t('search.label') },
    h('label', { for: 'q', class: 'label' }, t('search.label')),
    h('p', { class: 'hint', id: 'q-hint' }, t('search.hint')),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn btn-primary' }, t('search.go'))));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    if (v) go('#/search?q=' + encodeURIComponent(v));
    else input.focus();
  });
  return f;
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

async function pageHome(page) {
  page.append(h('section', { class: 'hero', 'aria-labelledby': 'home-h' },
    h('h1', { id: 'home-h' }, t('home.title')), h('p', { class: 'lead' }, t('home.lead')), searchForm()));
  const [list, depts] = await Promise.all([api('/matters', { query: { limit: 100 } }), departments().catch(() => [])]);
  const items = list.items || [];
  const popular = POPULAR.map((c) => items.find((m) => m.code === c)).filter(Boolean);
  const ul = h('ul', { class: 'cards' });
  for (const m of (popular.length ? popular : items.slice(0, 8))) ul.append(matterCard(m, depts));
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

async function pageSearch(page, _p, query) {
  const q = query.get('q') || '';
  const dept = query.get('department') || '';
  const depts = await departments().catch(() => []);
  const d = depts.find((x) => x.code === dept);
  page.append(h('h1', null, q ? t('search.results_for', { q }) : d ? L(d.name) : t('search.title')), searchForm(q));
  const res = await api('/matters', { query: { q: q || undefined, department: dept || undefined, limit: 100 } });
  const items = res.items || [];
  const count = h('p', { role: 'status' }, t('search.count', { n: items.length }));
  page.append(count);
  if (!items.length) { page.append(h('p', null, t('search.none'))); return; }
  const ul = h('ul', { class: 'cards' });
  for (const m of items) ul.append(matterCard(m, depts));
  page.append(ul);
}

/* ---- a matter's guide (办事指南) ---- */

async function pageMatter(page, { code }) {
  const [m, depts] = await Promise.all([matter(code), departments().catch(() => [])]);
  const d = depts.find((x) => x.code === m.department);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/' }, t('nav.home')), ' › ', L(m.name)));
  page.append(h('h1', null, L(m.name)), h('p', { class: 'lead' }, t('guide.code'), '：', h('span', { class: 'mono' }, m.code), ' · ', m.type_label ? L(m.type_label) || m.type_label : m.type));
  const actions = h('div', { class: 'actions' },
    h('a', { class: 'btn btn-primary', href: '#/apply/' + m.code }, t('guide.apply')),
    h('a', { class: 'btn', href: '#/appointments?department=' + m.department + '&matter=' + m.code }, t('guide.book')));
  page.append(actions);
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-basic' }, h('h2', { id: 'g-basic' }, t('guide.basic')), dl([
    [t('guide.department'), m.department_name ? L(m.department_name) : d ? L(d.name) : m.department],
    [t('guide.legal_days'), t('workdays', { n: m.legal_days })],
    [t('guide.promised_days'), m.immediate ? t('matter.immediate') : t('workdays', { n: m.promised_days })],
    [t('guide.visits'), m.visits === 0 ? t('matter.zero_visits') : t('matter.visits', { n: m.visits })],
    [t('guide.fee'), fmtMoney(m.fee_fen)],
    [t('guide.depth'), t('depth.' + m.online_depth, {}, String(m.online_depth))],
    [t('guide.result'), m.result && m.result.kind !== 'none' ? L(m.result.name) : t('guide.no_result')],
    [t('guide.delivery'), (m.delivery || []).map((x) => t('delivery.' + x)).join('、')],
  ])));
  const rows = (m.materials || []).map((mat) => h('tr', null,
    h('th', { scope: 'row' }, L(mat.name)),
    h('td', { 'data-label': t('guide.mat.required') }, mat.required ? t('guide.mat.yes') : t('guide.mat.when')),
    h('td', { 'data-label': t('guide.mat.source') }, t('mat.source.' + String(mat.source).split(':')[0], {}, mat.source), mat.source && mat.source !== 'upload' ? h('span', { class: 'muted' }, ' ' + t('mat.source.noupload')) : null),
    h('td', { 'data-label': t('guide.mat.format') }, (mat.formats || []).map((f) => f.toUpperCase()).join('、'), ' ≤ ', fmtSize(mat.max_size)),
    h('td', { 'data-label': t('guide.mat.copies') }, String(mat.copies || 1))));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-mat' }, h('h2', { id: 'g-mat' }, t('guide.materials')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('guide.materials')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('guide.mat.name')), h('th', { scope: 'col' }, t('guide.mat.required')),
        h('th', { scope: 'col' }, t('guide.mat.source')), h('th', { scope: 'col' }, t('guide.mat.format')), h('th', { scope: 'col' }, t('guide.mat.copies')))),
      h('tbody', null, rows)))));
  const basis = String(m.legal_basis || '').split(/；|;/).filter((s) => s.trim());
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-law' }, h('h2', { id: 'g-law' }, t('guide.legal_basis')),
    h('ul', null, basis.map((b) => h('li', null, b.trim())))));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-where' }, h('h2', { id: 'g-where' }, t('guide.where')), dl([
    [t('guide.hours'), m.service_hours || (d && d.hours)],
    [t('guide.places'), h('ul', { class: 'plain' }, (m.service_places || []).map((p) => h('li', null, p)))],
    [t('guide.phone'), d && d.phone],
  ]), h('p', { class: 'hint' }, t('guide.window_open'))));
  if (m.form && m.form.fields) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'g-form' }, h('h2', { id: 'g-form' }, t('guide.form')),
      h('ul', null, m.form.fields.map((f) => h('li', null, L(f.label), f.required ? h('span', { class: 'req' }, t('form.required')) : null)))));
  }
}

/* ---- account ---- */

function registerSchema(kind) {
  const f = [
    { key: 'username', label: { zh: '用户名', en: 'Username' }, type: 'string', required: true, min_len: 3, max_len: 32, pattern: '^[A-Za-z0-9_.-]+$', autocomplete: 'username',
      help: { zh: '3 至 32 位字母、数字或 _ . -', en: '3 to 32 letters, digits or _ . -' } },
    { key: 'password', label: { zh: '密码', en: 'Password' }, type: 'string', widget: 'password', required: true, min_len: 8, max_len: 128, autocomplete: 'new-password',
      help: { zh: '8 位以上，须同时包含字母和数字', en: 'At least 8 characters, with letters and digits' } },
  ];
  if (kind === 'enterprise') {
    f.push({ key: 'name', label: { zh: '企业名称', en: 'Enterprise name' }, type: 'string', required: true, min_len: 2, max_len: 100, autocomplete: 'organization' },
      { key: 'credit_code', label: { zh: '统一社会信用代码', en: 'Unified social credit code' }, type: 'credit_code', required: true },
      { key: 'legal_rep', label: { zh: '法定代表人姓名', en: 'Legal representative' }, type: 'string', required: true, min_len: 2, max_len: 50 });
  } else {
    f.push({ key: 'name', label: { zh: '姓名', en: 'Full name' }, type: 'string', required: true, min_len: 2, max_len: 100, autocomplete: 'name' },
      { key: 'id_number', label: { zh: '居民身份证号码', en: 'Resident ID number' }, type: 'id_number', required: true });
  }
  f.push({ key: 'phone', label: { zh: '手机号码', en: 'Mobile phone' }, type: 'phone', required: true },
    { key: 'email', label: { zh: '电子邮箱', en: 'Email' }, type: 'email' });
  return { fields: f };
}

async function pageRegister(page) {
  const { renderForm } = await formMod();
  page.append(h('h1', null, t('register.title')));
  let kind = 'person';
  const kindCtl = renderForm({ fields: [{ key: 'kind', type: 'enum', widget: 'radio', required: true, label: { zh: '账户类型', en: 'Account type' },
    options: [{ value: 'person', label: { zh: '个人（自然人）', en: 'Person' } }, { value: 'enterprise', label: { zh: '企业（法人）', en: 'Enterprise' } }] }] }, { values: { kind }, idPrefix: 'kind' });
  const slot = h('div');
  let ctl = null;
  const draw = () => {
    const keep = ctl ? ctl.values() : {};
    slot.textContent = '';
    ctl = renderForm(registerSchema(kind), { values: keep, idPrefix: 'reg' });
    slot.append(ctl.el);
  };
  kindCtl.el.addEventListener('change', () => { kind = kindCtl.values().kind || 'person'; draw(); });
  draw();
  const out = h('div');
  const f = h('form', { novalidate: true, class: 'narrow' }, kindCtl.el, slot, out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('register'))));
  page.append(f, h('p', null, t('register.have'), ' ', h('a', { href: '#/login' }, t('login'))));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    out.textContent = '';
    if (ctl.validate().length) { ctl.focusSummary(); return; }
    const v = Object.assign({ kind }, ctl.values());
    try {
      await api('/accounts', { method: 'POST', body: v });
      await session.login(v.username, v.password);
      announce(t('register.done'));
      go('#/');
    } catch (e) {
      if (e instanceof ApiError && e.errors.length && e.errors.some((x) => ctl.keyOf(x.field))) {
        ctl.showErrors(e.errors);
        ctl.focusSummary();
      } else {
        const p = problemView(e);
        out.append(p);
        p.focus();
      }
    }
  });
}

/* ---- applying ---- */

async function pageApply(page, { code }) {
  const [m, { wizard }] = await Promise.all([matter(code), wizardMod()]);
  if (!session.isApplicant()) {
    page.append(h('h1', null, t('apply.title', { name: L(m.name) })), h('p', null, t('apply.applicants_only')));
    return;
  }
  await wizard(page, {
    matter: m,
    memoryKey: 'apply:' + session.account.id + ':' + m.code,
    account: session.account,
    title: t('apply.title', { name: L(m.name) }),
    submit: (body, state) => api('/cases', { method: 'POST', body: Object.assign({ channel: 'online' }, body), idem: state.key }),
    done: (c) => {
      page.textContent = '';
      page.append(h('h1', { tabindex: '-1' }, t('apply.done')),
        h('div', { class: 'panel panel-ok', role: 'status' },
          h('p', null, t('apply.done.number'), '：', h('strong', { class: 'mono case-number' }, c.number || c.id)),
          h('p', null, c.status_label ? L(c.status_label) : t('status.' + c.status)),
          h('p', null, t('apply.done.next'))),
        h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/cases/' + c.id }, t('apply.done.view')), h('a', { class: 'btn', href: '#/cases' }, t('nav.cases'))));
      page.querySelector('h1').focus();
    },
  });
}

/* ---- my cases ---- */

async function pageCases(page) {
  page.append(h('h1', null, t('nav.cases')));
  const [r, { casesTable }] = await Promise.all([api('/cases', { query: { limit: 100 } }), caseMod()]);
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('cases.none')), h('p', null, h('a', { href: '#/' }, t('cases.find')))); return; }
  page.append(casesTable(items));
}

async function pageCase(page, { id }) {
  const [c, cv, { renderForm }, { materialPicker }] = await Promise.all([api('/cases/' + encodeURIComponent(id)), caseMod(), formMod(), wizardMod()]);
  const { caseContext, caseHeader, clockBox, formView, materialsView, correctionView, timelineView, decisionView, caseSummaryPairs } = cv;
  const ctx = await caseContext(c);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/cases' }, t('nav.cases')), ' › ', c.number || c.id));
  page.append(caseHeader(c));
  const allowed = c.allowed_actions || [];
  const corr = correctionView(c, ctx);
  if (corr) page.append(corr);
  if (allowed.includes('resubmit')) page.append(correctionAnswer(c, ctx, renderForm, materialPicker));
  page.append(h('div', { class: 'grid-2' }, clockBox(c), h('section', { class: 'panel', 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' }, t('case.summary')), dl(caseSummaryPairs(c)))));
  const dec = decisionView(c);
  if (dec) page.append(dec);
  page.append(timelineView(c), formView(c, ctx), materialsView(c));
  if (allowed.includes('withdraw')) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'wd-h' }, h('h2', { id: 'wd-h' }, t('action.withdraw')),
      h('p', null, t('withdraw.intro')),
      h('button', { type: 'button', class: 'btn btn-danger', onclick: () => withdraw(c, renderForm) }, t('withdraw.button'))));
  }
}

async function withdraw(c, renderForm) {
  const ctl = renderForm({ fields: [{ key: 'reason', type: 'text', required: true, max_len: 500, label: { zh: '撤回原因', en: 'Reason for withdrawing' } }] }, { idPrefix: 'wd' });
  const ok = await dialog({ title: t('withdraw.confirm'), body: ctl.el, ok: t('withdraw.button'), danger: true, onOk: async () => {
    if (ctl.validate().length) { ctl.focusSummary(); return false; }
    return api('/cases/' + c.id + '/actions/withdraw', { method: 'POST', body: { reason: ctl.values().reason }, ifMatch: c.version });
  } });
  if (ok) { announce(t('withdraw.done')); go('#/cases/' + c.id); }
}

function correctionAnswer(c, ctx, renderForm, materialPicker) {
  const items = (c.correction && c.correction.items) || [];
  const fieldKeys = items.filter((i) => i.kind === 'field').map((i) => i.key);
  const matKeys = items.filter((i) => i.kind === 'material').map((i) => i.key);
  const schema = (ctx.matter && ctx.matter.form) || { fields: [] };
  const sec = h('section', { class: 'panel', 'aria-labelledby': 'ans-h' }, h('h2', { id: 'ans-h' }, t('corr.answer')), h('p', { class: 'hint' }, t('corr.answer.intro')));
  const f = h('form', { novalidate: true });
  let ctl = null;
  if (fieldKeys.length) {
    ctl = renderForm(schema, { values: c.form || {}, only: fieldKeys, idPrefix: 'corr' });
    for (const it of items.filter((i) => i.kind === 'field')) {
      const w = ctl.items.get(it.key);
      if (w) w.wrap.prepend(h('p', { class: 'corr-reason' }, t('corr.reason'), '：', it.reason || ''));
    }
    f.append(ctl.el);
  }
  const pickers = matKeys.map((k) => {
    const def = (ctx.matter && (ctx.matter.materials || []).find((x) => x.key === k)) || (c.materials || []).find((x) => x.key === k) || { key: k, name: { zh: k, en: k } };
    const p = materialPicker(def, { matterCode: c.matter.code, required: true });
    const it = items.find((i) => i.kind === 'material' && i.key === k);
    p.el.prepend(h('p', { class: 'corr-reason' }, t('corr.reason'), '：', (it && it.reason) || ''));
    f.append(p.el);
    return p;
  });
  const out = h('div');
  f.append(out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('corr.send'))));
  sec.append(f);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    out.textContent = '';
    for (const p of pickers) await p.settle();
    const errs = ctl ? ctl.validate() : [];
    for (const p of pickers) { const e = p.validate(); if (e) errs.push({ field: p.key, message: e }); }
    if (errs.length) { if (ctl && ctl.validate({ quiet: true }).length) ctl.focusSummary(); else document.getElementById(pickers.find((p) => p.validate()).id).focus(); return; }
    const body = { form: ctl ? ctl.values() : {}, materials: pickers.map((p) => ({ key: p.key, file: p.file.id })) };
    try {
      await api('/cases/' + c.id + '/actions/resubmit', { method: 'POST', body, ifMatch: c.version });
      announce(t('corr.sent'));
      go('#/cases/' + c.id);
      setTimeout(() => flash(t('corr.sent')), 50);
    } catch (e) {
      if (ctl && e instanceof ApiError && e.errors.some((x) => ctl.keyOf(x.field))) { ctl.showErrors(e.errors); ctl.focusSummary(); return; }
      const p = problemView(e);
      out.append(p);
      p.focus();
    }
  });
  return sec;
}

/* ---- appointments ---- */

function apptLine(a) {
  const s = a.slot || {};
  const date = a.date || s.date || '';
  const time = (a.start || s.start || '') + (a.end || s.end ? '–' + (a.end || s.end) : '');
  const dept = a.department && (a.department.name ? L(a.department.name) : a.department.code || a.department);
  return { date, time, dept, matterName: a.matter ? (a.matter.name ? L(a.matter.name) : a.matter.code || a.matter) : '' };
}

async function pageAppointments(page, _p, query) {
  page.append(h('h1', null, t('appt.title')));
  const mine = h('section', { class: 'panel', 'aria-labelledby': 'my-appt-h' }, h('h2', { id: 'my-appt-h' }, t('appt.mine')));
  page.append(mine);
  let loadSeq = 0;
  const loadMine = async () => {
    const my = ++loadSeq;
    let r;
    try { r = await api('/me/appointments'); } catch (e) { r = e; }
    if (my !== loadSeq) return;
    mine.querySelectorAll(':scope > :not(h2)').forEach((n) => n.remove());
    try {
      if (r instanceof Error) throw r;
      const items = (r.items || r || []).filter((a) => a && a.id);
      if (!items.length) { mine.append(h('p', null, t('appt.none'))); return; }
      const ul = h('ul', { class: 'appt-list' });
      for (const a of items) {
        const x = apptLine(a);
        const st = a.status || 'booked';
        const li = h('li', { class: 'appt' },
          h('span', { class: 'appt-when' }, fmtDay(x.date), ' ', x.time),
          h('span', null, x.dept, x.matterName ? ' · ' + x.matterName : ''),
          h('span', { class: 'badge status-' + st }, t('appt.status.' + st, {}, st)));
        if (st === 'booked') {
          li.append(h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
            const ok = await dialog({ title: t('appt.cancel_q'), body: h('p', null, fmtDay(x.date), ' ', x.time, ' ', x.dept), ok: t('appt.cancel'), danger: true,
              onOk: () => api('/appointments/' + a.id, { method: 'DELETE' }).then(() => true) });
            if (ok) { announce(t('appt.cancelled')); loadMine(); }
          } }, t('appt.cancel'), h('span', { class: 'sr-only' }, ' ' + fmtDay(x.date) + ' ' + x.time)));
        }
        ul.append(li);
      }
      mine.append(ul);
    } catch (e) { mine.append(problemView(e)); }
  };
  loadMine();

  const depts = (await departments()).filter((d) => d.kind === 'agency');
  let dept = query.get('department') || (depts[0] && depts[0].code);
  const matterCode = query.get('matter') || '';
  const forMatter = matterCode ? await matter(matterCode).catch(() => null) : null;
  const book = h('section', { class: 'panel', 'aria-labelledby': 'book-h' }, h('h2', { id: 'book-h' }, t('appt.book')));
  const sel = h('select', { id: 'appt-dept' }, depts.map((d) => h('option', { value: d.code, selected: d.code === dept }, L(d.name))));
  const hours = h('p', { class: 'hint', id: 'appt-dept-hint' });
  sel.setAttribute('aria-describedby', 'appt-dept-hint');
  const days = h('div', { class: 'days', role: 'group', 'aria-labelledby': 'appt-days-l' });
  const slotsBox = h('div', { class: 'slots', 'aria-live': 'polite' });
  book.append(h('div', { class: 'field' }, h('label', { for: 'appt-dept', class: 'label' }, t('appt.dept')), hours, sel),
    matterCode ? h('p', null, t('appt.for_matter'), '：', forMatter ? L(forMatter.name) + '（' + matterCode + '）' : matterCode) : '',
    h('p', { class: 'label', id: 'appt-days-l' }, t('appt.pick_day')), h('p', { class: 'hint' }, t('appt.weekend_hint')), days, slotsBox);
  page.append(book);
  let day = null;
  const drawHours = () => { const d = depts.find((x) => x.code === dept); hours.textContent = d && d.hours ? t('appt.hours', { hours: d.hours }) : ''; };
  const drawDays = () => {
    days.textContent = '';
    for (let i = 0; i < 14; i++) {
      const ymd = todayYmd(i);
      const wd = weekday(ymd);
      const weekend = wd === 0 || wd === 6;
      days.append(h('button', { type: 'button', class: 'day' + (weekend ? ' weekend' : ''), 'aria-pressed': ymd === day ? 'true' : 'false', 'data-date': ymd, onclick: () => pickDay(ymd) },
        h('span', { class: 'day-date' }, ymd.slice(5)), h('span', { class: 'day-wd' }, t('wd.' + wd)), weekend ? h('span', { class: 'day-tag' }, t('appt.weekend')) : null));
    }
  };
  const pickDay = async (ymd) => {
    day = ymd;
    for (const b of days.querySelectorAll('button')) b.setAttribute('aria-pressed', b.dataset.date === ymd ? 'true' : 'false');
    slotsBox.textContent = '';
    slotsBox.append(h('p', null, t('loading')));
    try {
      const r = await api('/departments/' + dept + '/slots', { query: { date: ymd } });
      slotsBox.textContent = '';
      const slots = r.slots || [];
      slotsBox.append(h('h3', null, t('appt.slots_on', { day: fmtDay(ymd) })));
      if (!slots.length) { slotsBox.append(h('p', null, t('appt.no_slots'))); return; }
      const ul = h('ul', { class: 'slot-list' });
      for (const s of slots) {
        const free = s.available !== undefined ? s.available : (s.capacity || 0) - (s.booked || 0);
        ul.append(h('li', null, h('button', { type: 'button', class: 'btn slot', disabled: free <= 0 || s.past, 'data-slot': s.id, onclick: () => bookSlot(s, ymd) },
          s.start + '–' + s.end, h('span', { class: 'slot-free' }, s.past ? t('appt.past') : free > 0 ? t('appt.free', { n: free }) : t('appt.full')))));
      }
      slotsBox.append(ul);
    } catch (e) { slotsBox.textContent = ''; slotsBox.append(problemView(e)); }
  };
  const bookSlot = async (s, ymd) => {
    const ok = await dialog({ title: t('appt.confirm'), body: h('p', null, fmtDay(ymd), ' ', s.start, '–', s.end, ' · ', L((depts.find((d) => d.code === dept) || {}).name)), ok: t('appt.book_btn'),
      onOk: () => api('/appointments', { method: 'POST', body: matterCode ? { slot: s.id, matter: matterCode } : { slot: s.id } }) });
    if (ok) { announce(t('appt.booked')); flash(t('appt.booked_at', { when: fmtDay(ymd) + ' ' + s.start })); loadMine(); pickDay(ymd); }
  };
  sel.addEventListener('change', () => { dept = sel.value; drawHours(); if (day) pickDay(day); });
  drawHours();
  drawDays();
}

/* ---- messages ---- */

async function pageMessages(page) {
  page.append(h('h1', null, t('nav.messages')));
  const r = await api('/me/messages');
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('msg.none'))); return; }
  const ul = h('ul', { class: 'messages' });
  for (const m of items) {
    const link = m.entity && m.entity.type === 'case' ? '#/cases/' + m.entity.id : null;
    ul.append(h('li', { class: 'message' + (m.read ? '' : ' unread') },
      h('h2', { class: 'h3' }, link ? h('a', { href: link }, L(m.title)) : L(m.title), m.read ? null : h('span', { class: 'tag tag-blue' }, t('msg.unread'))),
      h('p', null, L(m.body)), h('p', { class: 'muted small' }, h('time', { datetime: m.created_at }, fmtTime(m.created_at)))));
  }
  page.append(ul);
}

/* ---- start ---- */

start({
  app: 'portal',
  allowed: (need) => (need === 'applicant' ? session.isApplicant() : !!session.account),
  nav: () => [
    { href: '#/', label: 'nav.home', match: /^\/$|^\/search|^\/matters|^\/apply/ },
    { href: '#/cases', label: 'nav.cases', match: /^\/cases/ },
    { href: '#/appointments', label: 'nav.appointments', match: /^\/appointments/ },
    { href: '#/messages', label: 'nav.messages', match: /^\/messages/ },
  ],
  routes: [
    { path: '/', render: pageHome },
    { path: '/search', render: pageSearch, title: 'search.title' },
    { path: '/matters/:code', render: pageMatter, title: 'guide.title' },
    { path: '/apply/:code', render: pageApply, auth: 'user', title: 'apply.title_short' },
    { path: '/login', render: (p, _x, q) => loginPage(p, q) },
    { path: '/register', render: pageRegister },
    { path: '/cases', render: pageCases, auth: 'user', title: 'nav.cases' },
    { path: '/cases/:id', render: pageCase, auth: 'user', title: 'case.case' },
    { path: '/appointments', render: pageAppointments, auth: 'user', title: 'appt.title' },
    { path: '/messages', render: pageMessages, auth: 'user', title: 'nav.messages' },
  ],
});
