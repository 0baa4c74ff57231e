/* bundle_correction.js — on a bundle case: every department's correction
 * notice in one place (一次性告知), grouped by department, answered once; and
 * what this bundle case saved its applicant. */
import { h, t, L, go, announce, flash } from '../shared/frame.js';
import { api, materialEntry } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { addTexts } from '../shared/i18n.js';
import TEXTS from './bundles.texts.js';

addTexts(TEXTS);

export function bundleCorrection(b, doc, names, renderForm, materialPicker) {
  const corr = b.correction;
  const sec = h('section', { class: 'panel panel-warn bundle-correction', 'aria-labelledby': 'bcorr-h' },
    h('h2', { id: 'bcorr-h' }, t('bdl.corr.title')), h('p', { class: 'hint' }, t('bdl.corr.intro', { n: corr.departments.length })));
  const fieldLabel = (k) => { const f = ((doc.form || {}).fields || []).find((x) => x.key === k); return f ? L(f.label) : k; };
  const matName = (k) => { const m = (doc.materials || []).find((x) => x.key === k); return m ? L(m.name) : k; };
  for (const g of corr.departments) {
    sec.append(h('h3', null, L(g.department_name) || g.department, ' · ', names[g.matter] || L(g.matter_name) || g.matter),
      h('ul', { class: 'corr-items' }, g.items.map((i) => h('li', null,
        h('strong', null, i.kind === 'field' ? fieldLabel(i.key) : matName(i.key)), '：', i.reason || ''))));
  }
  const f = h('form', { novalidate: true });
  let ctl = null;
  if (corr.answer.form.length) {
    ctl = renderForm(doc.form || { fields: [] }, { values: {}, only: corr.answer.form, idPrefix: 'bcorr' });
    f.append(ctl.el);
  }
  const pickers = corr.answer.materials.map((k) => {
    const def = (doc.materials || []).find((x) => x.key === k) || { key: k, name: { zh: k, en: k } };
    const matter = ((doc.material_matters || {})[k] || [])[0];
    const p = materialPicker(def, { matterCode: matter, required: true });
    f.append(p.el);
    return p;
  });
  const out = h('div');
  f.append(out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('bdl.corr.send'))));
  sec.append(h('h3', null, t('bdl.corr.answer')), f);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    out.textContent = '';
    for (const p of pickers) await p.settle();
    const errs = ctl ? ctl.validate() : [];
    for (const p of pickers) { const e = p.validate(); if (e) errs.push({ field: p.key, message: e }); }
    if (errs.length) { if (ctl && ctl.validate({ quiet: true }).length) ctl.focusSummary(); else document.getElementById(pickers.find((p) => p.validate()).id).focus(); return; }
    const body = { form: ctl ? ctl.values() : {}, materials: pickers.map((p) => materialEntry(p.key, p.files)) };
    await submit({ out, form: ctl, check: false }, async () => {
      await api('/bundle-cases/' + b.id + '/correction', { method: 'POST', body, ifMatch: b.version });
      announce(t('bdl.corr.sent'));
      go('#/bundle-cases/' + b.id);
      setTimeout(() => flash(t('bdl.corr.sent')), 50);
    });
  });
  return sec;
}

/* What this bundle case saved, each beside applying for its matters one by one. */
export function caseSavings(s) {
  const row = (label, a, b) => h('tr', null, h('th', { scope: 'row' }, label), h('td', null, a), h('td', null, b));
  const days = s.days_taken === null || s.days_taken === undefined
    ? t('bdl.cs.days_open', { n: s.promised_days })
    : t('bdl.sv.n_days', { n: s.days_taken });
  return h('section', { class: 'panel panel-ok case-savings', 'aria-labelledby': 'bcs-h' },
    h('h2', { id: 'bcs-h' }, t('bdl.cs.title')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('td', null), h('th', { scope: 'col' }, t('bdl.cs.this')), h('th', { scope: 'col' }, t('bdl.sv.apart')))),
      h('tbody', null,
        row(t('bdl.sv.visits'), t('bdl.sv.n_visits', { n: s.visits }), t('bdl.sv.n_visits', { n: s.visits_sum })),
        row(t('bdl.cs.days'), days, t('bdl.sv.n_days', { n: s.promised_days_sum })),
        row(t('bdl.sv.fields'), t('bdl.sv.n_fields', { n: s.fields }), t('bdl.sv.n_fields', { n: s.fields_sum })),
        row(t('bdl.cs.uploads'), t('bdl.sv.n_materials', { n: s.uploads }), t('bdl.sv.n_materials', { n: s.uploads_sum }))))));
}
