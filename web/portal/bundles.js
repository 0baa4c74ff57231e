/* bundles.js — 一件事 (bundles): the list and a bundle's guide (the matters it
 * joins, the merged form and materials, what applying together saves), applying
 * with the shared wizard over the merged form, and the bundle case (each step
 * with its department, state, what it waits for, and what flowed between them). */
import { h, t, L, go, dl, lang, session, departments, announce, dialog } from '../shared/frame.js';
import { addTexts, list, colon } from '../shared/i18n.js';
import { api, materialEntry } from '../shared/api.js';
import { bundleCard } from './catalog.js';
import TEXTS from './bundles.texts.js';

addTexts(TEXTS);

const bundleDoc = (code, version) => api('/bundles/' + encodeURIComponent(code), { query: { version } });

function deptName(depts, code, named) {
  if (named) return L(named);
  const d = depts.find((x) => x.code === code);
  return d ? L(d.name) : code;
}

export async function pageBundles(page) {
  const [res, depts] = await Promise.all([api('/bundles'), departments().catch(() => [])]);
  page.append(h('h1', null, t('bdl.title')), h('p', { class: 'lead' }, t('bdl.lead')));
  const items = res.items || [];
  if (!items.length) { page.append(h('p', { role: 'status' }, t('bdl.none'))); return; }
  page.append(h('ul', { class: 'cards' }, items.map((b) => bundleCard(b, depts))));
}

/* What a step waits for, in words: nothing, a prerequisite's completion, or a commitment. */
function startsWhen(step, names) {
  const req = step.requires || [];
  if (!req.length) return t('bdl.starts_now');
  return req.map((r) => t(r.join === 'commitment' ? 'bdl.commitment' : 'bdl.waits_for', { name: names[r.matter] || r.matter })).join('；');
}

function stepNames(doc) {
  return Object.fromEntries((doc.steps || []).map((s) => [s.matter, L(s.name)]));
}

function savingsPanel(g) {
  const row = (label, a, b) => h('tr', null, h('th', { scope: 'row' }, label), h('td', null, a), h('td', null, b));
  return h('section', { class: 'panel panel-ok', 'aria-labelledby': 'bdl-sv' },
    h('h2', { id: 'bdl-sv' }, t('bdl.savings')),
    h('p', { class: 'bundle-savings' }, t('bdl.sv.plain', { vb: g.visits_sum, db: g.promised_days_sum, va: g.visits, da: g.promised_days,
      f: Math.max(0, g.fields_total - g.fields_asked), m: Math.max(0, g.materials_total - g.materials_asked) })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('td', null), h('th', { scope: 'col' }, t('bdl.sv.together')), h('th', { scope: 'col' }, t('bdl.sv.apart')))),
      h('tbody', null,
        row(t('bdl.sv.visits'), t('bdl.sv.n_visits', { n: g.visits }), t('bdl.sv.n_visits', { n: g.visits_sum })),
        row(t('bdl.sv.days'), t('bdl.sv.n_days', { n: g.promised_days }), t('bdl.sv.n_days', { n: g.promised_days_sum })),
        row(t('bdl.sv.fields'), t('bdl.sv.n_fields', { n: g.fields_asked }), t('bdl.sv.n_fields', { n: g.fields_total })),
        row(t('bdl.sv.materials'), t('bdl.sv.n_materials', { n: g.materials_asked }), t('bdl.sv.n_materials', { n: g.materials_total }))))));
}

function whoApplies(doc) {
  const a = doc.applicants || [];
  return a.length === 1 ? t('bdl.who.' + a[0]) : t('bdl.who.both');
}

export async function pageBundle(page, { code }) {
  const [doc, depts] = await Promise.all([bundleDoc(code), departments().catch(() => [])]);
  const names = stepNames(doc);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/' }, t('nav.home')), ' › ',
    h('a', { href: '#/bundles' }, t('bdl.title')), ' › ', L(doc.name)));
  page.append(h('h1', null, L(doc.name)), h('p', { class: 'lead' }, L(doc.description)));
  const mine = session.account && ['person', 'enterprise'].includes(session.account.kind) ? session.account.kind : null;
  const notForMe = mine && doc.applicants && doc.applicants.length && !doc.applicants.includes(mine);
  if (notForMe) page.append(h('div', { class: 'panel panel-warn', role: 'note', id: 'not-for-you' }, h('p', null, t('bdl.not_for_you'))));
  else page.append(h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/bundles/' + doc.code + '/apply' }, t('bdl.apply'))));
  page.append(savingsPanel(doc.guide || {}));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'bdl-steps' }, h('h2', { id: 'bdl-steps' }, t('bdl.steps')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table bundle-steps' },
      h('thead', null, h('tr', null, ...['matter', 'dept', 'days', 'waits'].map((k) => h('th', { scope: 'col' }, t('bdl.col.' + k))))),
      h('tbody', null, (doc.steps || []).map((s) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: '#/matters/' + s.matter }, L(s.name))),
        h('td', null, deptName(depts, s.department, s.department_name)),
        h('td', null, t('bdl.sv.n_days', { n: s.promised_days })),
        h('td', null, startsWhen(s, names)))))))),
    dl([[t('bdl.who'), whoApplies(doc)]]));
  const fields = (doc.form && doc.form.fields) || [];
  // what a mapping fills is not asked: said by what it is (the credit code), not by field keys
  const mapped = [...new Set((doc.mappings || []).map((m) => t('bdl.out.' + m.output, {}, m.output)))];
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'bdl-form' }, h('h2', { id: 'bdl-form' }, t('bdl.form')),
    h('p', { class: 'hint' }, t('bdl.form_lead')),
    h('ul', { class: 'bundle-fields' }, fields.map((f) => h('li', null, L(f.label), ' ',
      h('span', { class: 'muted' }, '（', t(f.required ? 'bdl.required' : 'bdl.optional'), '）')))),
    mapped.length ? h('p', { class: 'muted' }, t('bdl.filled_later', { fields: list(mapped) })) : null));
  const usedBy = doc.material_matters || {};
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'bdl-mat' }, h('h2', { id: 'bdl-mat' }, t('bdl.materials')),
    h('ul', { class: 'bundle-materials' }, (doc.materials || []).map((m) => h('li', null,
      h('strong', null, L(m.name)), ' ', h('span', { class: 'muted' }, '（', t(m.required ? 'bdl.required' : 'bdl.optional'), '）'),
      h('br'), h('span', { class: 'hint' }, t('bdl.used_by', { names: list((usedBy[m.key] || []).map((c) => names[c] || c)) })))))));
}

/* Applying: the shared wizard over the merged form and materials. The wizard
 * takes a matter; the bundle is given as one (its merged form and materials).
 * Its uploads name no matter (a merged material belongs to several): the
 * wizard checks formats and sizes against the merged, strictest rules, and the
 * bundle's submission checks each material against them again. */
export async function pageBundleApply(page, { code }) {
  const [doc, { wizard }] = await Promise.all([bundleDoc(code), import('../shared/wizard.js')]);
  if (!session.isApplicant() || (doc.applicants && doc.applicants.length && !doc.applicants.includes(session.account.kind))) {
    page.append(h('h1', null, t('bdl.apply_title', { name: L(doc.name) })), h('p', null, t('bdl.not_for_you')));
    return;
  }
  const asMatter = { code: '', name: doc.name, version: doc.version, form: doc.form, materials: doc.materials, delivery: ['electronic'] };
  await wizard(page, {
    matter: asMatter,
    memoryKey: 'bundle:' + session.account.id + ':' + doc.code,
    account: session.account,
    title: t('bdl.apply_title', { name: L(doc.name) }),
    formIntro: 'bdl.apply_intro',
    submitLabel: t('bdl.apply_submit'),
    submit: (body, state) => api('/bundles/' + encodeURIComponent(doc.code) + '/cases', { method: 'POST', idem: state.key,
      body: { form: body.form, materials: Object.entries(state.files).map(([key, f]) => materialEntry(key, f)), channel: 'online', submit: true } }),
    done: (b) => {
      announce(t('bdl.done'));
      go('#/bundle-cases/' + b.id + '?new=1');
    },
  });
}

/* The platform's reasons come as "中文 / English": the part of the page's language (a reason typed by
 * a person, without that form, as it is). */
function inLanguage(reason) {
  const parts = reason.split(' / ');
  return parts.length === 2 ? parts[lang() === 'en' ? 1 : 0] : reason;
}

/* What flowed (or will flow) from one step to the next: the definition's mappings, once each. */
function flows(doc, b, names) {
  const seen = new Set();
  const out = [];
  for (const m of doc.mappings || []) {
    const k = m.from + '>' + m.to + '>' + m.output;
    if (seen.has(k)) continue;
    seen.add(k);
    const done = m.output === 'credit_code' && b.credit_code;
    out.push(h('li', null, t(done ? 'bdl.flow_item' : 'bdl.flow_waiting',
      { from: names[m.from] || m.from, to: names[m.to] || m.to, what: t('bdl.out.' + m.output, {}, m.output) }),
    done ? h('span', null, colon(), h('strong', { class: 'mono flow-value' }, b.credit_code)) : null));
  }
  return out;
}

/* A blocked step: its draft put right in a dialog, then every blocked step submitted again. */
async function fixBlocked(b, step, name) {
  const [draft, { renderForm }] = await Promise.all([api('/cases/' + step.case_id), import('../shared/form.js')]);
  const matter = await api('/matters/' + encodeURIComponent(draft.matter.code), { query: { version: draft.matter.version } });
  const ctl = renderForm(matter.form || { fields: [] }, { values: draft.form || {}, idPrefix: 'fix' });
  const ok = await dialog({ title: t('bdl.fix_title', { name }), body: h('div', null, h('p', { class: 'hint' }, t('bdl.fix_intro')), ctl.el), ok: t('bdl.fix_send'),
    onOk: async () => {
      if (ctl.validate().length) { ctl.focusSummary(); return false; }
      await api('/cases/' + draft.id, { method: 'PUT', body: { form: ctl.values() }, ifMatch: draft.version });
      return api('/bundle-cases/' + b.id + '/retry', { method: 'POST', body: {}, ifMatch: b.version });
    } });
  if (ok) { announce(t('bdl.fix_sent')); go('#/bundle-cases/' + b.id); }
}

export async function pageBundleCase(page, { id }, query) {
  const b = await api('/bundle-cases/' + encodeURIComponent(id));
  const [doc, depts] = await Promise.all([bundleDoc(b.bundle, b.bundle_version), departments().catch(() => [])]);
  const names = stepNames(doc);
  const byMatter = Object.fromEntries((doc.steps || []).map((s) => [s.matter, s]));
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/cases' }, t('nav.cases')), ' › ', t('bdl.case')));
  page.append(h('h1', { tabindex: '-1' }, t('bdl.case_title', { name: L(doc.name) })));
  if (query && query.get && query.get('new')) page.append(h('div', { class: 'panel panel-ok', role: 'status' }, h('p', null, t('bdl.done'))));
  page.append(dl([
    [t('bdl.case_status'), h('span', { class: 'badge status bundle-status status-' + b.status }, t('bdl.bs.' + b.status, {}, b.status))],
    [t('bdl.credit_code'), b.credit_code ? h('span', { class: 'mono' }, b.credit_code) : null],
  ]));
  const rows = (b.steps || []).map((s) => {
    const def = byMatter[s.matter] || {};
    const name = names[s.matter] || s.matter;
    return h('tr', { 'data-matter': s.matter, 'data-state': s.state || '' },
      h('th', { scope: 'row' }, name),
      h('td', null, deptName(depts, s.department || def.department, def.department_name)),
      h('td', null, startsWhen(def, names)),
      h('td', null, h('span', { class: 'badge step-state state-' + (s.state || 'hidden') }, s.state ? t('bdl.st.' + s.state, {}, s.state) : '—'),
        s.case_status ? h('span', { class: 'muted' }, ' · ', t('status.' + s.case_status, {}, s.case_status)) : null,
        s.reason ? h('p', { class: 'step-reason' }, t('bdl.reason', { reason: inLanguage(s.reason) })) : null,
        s.state === 'blocked' && b.version !== undefined
          ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => fixBlocked(b, s, name) }, t('bdl.fix'), h('span', { class: 'sr-only' }, colon(), name))
          : null),
      h('td', null, s.case_id ? h('a', { href: '#/cases/' + s.case_id }, t('bdl.open_case'), h('span', { class: 'sr-only' }, colon(), name)) : '—'));
  });
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'bc-steps' }, h('h2', { id: 'bc-steps' }, t('bdl.steps')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table bundle-case-steps' },
      h('thead', null, h('tr', null, ...['matter', 'dept', 'waits', 'state', 'case'].map((k) => h('th', { scope: 'col' }, t('bdl.col.' + k))))),
      h('tbody', null, rows)))));
  const fl = flows(doc, b, names);
  if (fl.length) page.append(h('section', { class: 'panel', 'aria-labelledby': 'bc-flow' }, h('h2', { id: 'bc-flow' }, t('bdl.flow')), h('ul', { class: 'bundle-flow' }, fl)));
  if (b.correction && b.version !== undefined) {
    const [{ renderForm }, { materialPicker }, { bundleCorrection }] = await Promise.all([
      import('../shared/form.js'), import('../shared/wizard.js'), import('./bundle_correction.js')]);
    page.querySelector('h1').after(bundleCorrection(b, doc, names, renderForm, materialPicker));
  }
  if (b.savings) page.append((await import('./bundle_correction.js')).caseSavings(b.savings));
  else if (doc.guide) page.append(savingsPanel(doc.guide));
  if (b.status === 'completed' || b.status === 'partially_completed') {   // 好差评 of the whole bundle (web/portal/rating.js)
    const rated = await (await import('./rating.js')).ratingPanel('/bundle-cases/' + b.id + '/rating', '#/bundle-cases/' + b.id).catch(() => null);
    if (rated) page.append(rated);
  }
  if (b.status === 'in_progress' && b.version !== undefined) {
    page.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-danger', onclick: async () => {
      const ok = await dialog({ title: t('bdl.withdraw_q'), body: h('p', null, t('bdl.withdraw_body')), ok: t('bdl.withdraw'), danger: true,
        onOk: () => api('/bundle-cases/' + b.id + '/withdraw', { method: 'POST', body: {}, ifMatch: b.version }) });
      if (ok) { announce(t('bdl.withdrawn')); go('#/bundle-cases/' + b.id); }
    } }, t('bdl.withdraw'))));
  }
}
