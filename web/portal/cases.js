/* cases.js — my cases (我的办件): the list, one case as the shared case
 * view shows it, withdrawing, and answering a correction notice. */
import { h, t, L, go, dl, announce, flash, dialog, fmtTime } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, materialEntry } from '../shared/api.js';
import { submit } from '../shared/action.js';
import TEXTS from './cases.texts.js';

addTexts(TEXTS);

export async function pageCases(page) {
  page.append(h('h1', null, t('nav.cases')));
  const [r, { casesTable }] = await Promise.all([api('/cases', { query: { limit: 100 } }), import('../shared/caseview.js')]);
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('cases.none')), h('p', null, h('a', { href: '#/' }, t('cases.find')))); return; }
  page.append(casesTable(items));
}

export async function pageCase(page, { id }) {
  const [c, cv, { renderForm }, { materialPicker }] = await Promise.all([api('/cases/' + encodeURIComponent(id)), import('../shared/caseview.js'), import('../shared/form.js'), import('../shared/wizard.js')]);
  const { caseContext, caseHeader, clockBox, formView, materialsView, correctionView, correctionOpen, timelineView, decisionView, caseSummaryPairs, paymentView, stepsLeftView } = cv;
  const ctx = await caseContext(c);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/cases' }, t('nav.cases')), ' › ', c.number || c.id));
  page.append(caseHeader(c));
  const allowed = c.allowed_actions || [];
  const corr = correctionView(c, ctx);
  if (corr && correctionOpen(c)) page.append(corr);
  if (allowed.includes('resubmit')) page.append(correctionAnswer(c, ctx, renderForm, materialPicker));
  const pay = paymentView(c);
  if (pay) page.append(pay);
  const bundle = cv.bundleView(c, { link: true });
  if (bundle) page.append(bundle);
  page.append(h('div', { class: 'grid-2' }, clockBox(c), h('section', { class: 'panel', 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' }, t('case.summary')), dl(caseSummaryPairs(c)))));
  const steps = stepsLeftView(c);
  if (steps) page.append(steps);
  const dec = decisionView(c);
  if (dec) page.append(dec);
  const notices = noticesView(c);
  if (notices) page.append(notices);
  if (c.status === 'completed') {   // 好差评 (web/portal/rating.js)
    const rated = await (await import('./rating.js')).ratingPanel('/cases/' + c.id + '/rating', '#/cases/' + c.id).catch(() => null);
    if (rated) page.append(rated);
  }
  page.append(timelineView(c, ctx), formView(c, ctx), materialsView(c));
  if (corr && !correctionOpen(c)) page.append(corr);
  if (allowed.includes('withdraw')) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'wd-h' }, h('h2', { id: 'wd-h' }, t('action.withdraw')),
      h('p', null, t('withdraw.intro')),
      h('button', { type: 'button', class: 'btn btn-danger', onclick: () => withdraw(c, renderForm) }, t('withdraw.button'))));
  }
}

/* The sealed notices (文书) the case's steps produced: each to download as a
 * PDF, and its public verify address. */
function noticesView(c) {
  const items = c.notices || [];
  if (!items.length) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'notices-h' },
    h('h2', { id: 'notices-h' }, t('notices.title')),
    h('p', { class: 'hint' }, t('notices.intro')),
    h('ul', { class: 'notices' }, ...items.map((n) => h('li', null,
      h('strong', null, L(n.title)), ' ', h('span', { class: 'hint' }, fmtTime(n.issued_at)), ' ',
      h('a', { class: 'btn', href: n.pdf, download: 'notice-' + n.id + '.pdf' }, t('notices.pdf')), ' ',
      h('a', { href: n.verify, target: '_blank', rel: 'noopener' }, t('notices.verify'))))));
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
    const body = { form: ctl ? ctl.values() : {}, materials: pickers.map((p) => materialEntry(p.key, p.files)) };
    await submit({ out, form: ctl, check: false }, async () => {
      await api('/cases/' + c.id + '/actions/resubmit', { method: 'POST', body, ifMatch: c.version });
      announce(t('corr.sent'));
      go('#/cases/' + c.id);
      setTimeout(() => flash(t('corr.sent')), 50);
    });
  });
  return sec;
}
