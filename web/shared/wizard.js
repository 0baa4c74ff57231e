/* wizard.js — applying for a matter, step by step: the form generated from
 * the matter's schema, the materials (uploaded with a progress bar), the
 * delivery of the result, a review, and submission. The portal uses it for
 * online applications; the workbench for window and assisted ones (with an
 * extra first step naming the applicant and the agent). */
import { h, t, L, dl, fmtSize, announce, regions, dialog } from './frame.js';
import { addTexts, list } from './i18n.js';
import { upload, ApiError, newKey, focusById, materialEntry } from './api.js';
import { renderForm, displayValue, errorSummary } from './form.js';
import { showError } from './action.js';
import TEXTS from './wizard.texts.js';

addTexts(TEXTS);

const EXT = { pdf: ['.pdf'], ofd: ['.ofd'], jpeg: ['.jpg', '.jpeg'], png: ['.png'] };

/* Pre-fills form fields from the applicant's account by data element. */
export function prefillFrom(account, schema) {
  if (!account) return {};
  const by = {
    'DE.person.name': account.kind === 'person' ? account.name : undefined,
    'DE.person.id_number': account.id_number,
    'DE.person.phone': account.phone,
    'DE.enterprise.name': account.kind === 'enterprise' ? account.name : undefined,
    'DE.enterprise.credit_code': account.credit_code,
    'DE.enterprise.legal_rep.name': account.legal_rep,
  };
  const out = {};
  for (const f of schema.fields) if (f.de && by[f.de] !== undefined && by[f.de] !== null) out[f.key] = by[f.de];
  return out;
}

let pickSeq = 0;

/* One material: label, rules, file input, progress bar, the files uploaded.
 * A material of several pages (max_files > 1, e.g. an ID card's two sides)
 * takes several files, each removable; otherwise a new file replaces the one. */
export function materialPicker(m, { matterCode, initial, required, held, onChange } = {}) {
  const id = 'mat' + (++pickSeq) + '-' + m.key;
  /* held: the applicant holds a valid certificate this material takes (免提交):
   * nothing to upload, though an upload is still allowed and then stands */
  const need = held ? false : required !== undefined ? required : !!m.required;
  const formats = (m.formats || ['pdf', 'jpeg', 'png']);
  const accept = formats.flatMap((f) => EXT[f] || []).join(',');
  const most = Math.max(1, m.max_files || 1);
  let current = Array.isArray(initial) ? initial.slice() : initial ? [initial] : [];
  const hint = h('p', { class: 'hint', id: id + '-hint' },
    t('mat.rules', { formats: list(formats.map((f) => f.toUpperCase())), size: fmtSize(m.max_size || 10485760) }),
    most > 1 ? h('span', null, ' ', t('mat.several', { n: most })) : null,
    held ? h('strong', { class: 'shared-note held-note' }, ' ', t('mat.held'))
      : m.source && m.source !== 'upload' ? h('span', { class: 'shared-note' }, ' ', t('mat.source.' + m.source.split(':')[0], {}, '')) : null);
  const err = h('p', { class: 'field-error', id: id + '-err', hidden: true });
  const input = h('input', { type: 'file', id, accept, multiple: most > 1, 'aria-describedby': id + '-hint ' + id + '-err ' + id + '-status', 'aria-invalid': 'false', class: 'file-input' });
  const bar = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': t('mat.progress', { name: L(m.name) }) });
  /* what is uploaded, each file with its own 移除 (announcements go through the live region) */
  const status = h('div', { class: 'upload-status', id: id + '-status' });
  /* The native control's own words follow the browser's language, not the
   * page's: it stays the real, focusable input, drawn under our button. */
  const fname = h('span', { class: 'file-name', 'aria-hidden': 'true' }, t('mat.no_file'));
  const wrap = h('div', { class: 'field material-pick', 'data-key': m.key },
    h('label', { for: id, class: 'label' }, L(m.name), need ? h('span', { class: 'req' }, t('form.required')) : h('span', { class: 'opt' }, t('form.optional'))),
    hint, err, h('div', { class: 'file-row' }, input, h('span', { class: 'file-btn', 'aria-hidden': 'true' }, t('mat.choose')), fname), bar, status);

  /* an upload can be taken back (a wrong file, a page too many, or an optional material after all not given) */
  function removeButton(f) {
    return h('button', { type: 'button', class: 'btn btn-link mat-remove', 'aria-label': t('mat.remove_named', { name: f.name || '', material: L(m.name) }),
      onclick: () => {
        current = current.filter((x) => x !== f);
        input.value = '';
        fname.textContent = current.length ? list(current.map((x) => x.name)) : t('mat.no_file');
        bar.hidden = true;
        showStatus();
        announce(t('mat.removed', { name: f.name || '' }));
        input.focus();
        if (onChange) onChange();
      } }, t('mat.remove'));
  }
  function showStatus() {
    status.textContent = '';
    for (const f of current) {
      status.append(h('p', { class: 'mat-file' }, h('span', { class: 'ok-mark', 'aria-hidden': 'true' }, '✓ '),
        t('mat.uploaded', { name: f.name || '', size: fmtSize(f.size) }), ' ', removeButton(f)));
    }
  }
  function setError(message) {
    err.hidden = !message;
    err.textContent = message || '';
    wrap.classList.toggle('has-error', !!message);
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (onChange) onChange();
  }
  showStatus();

  async function send(file) {
    fname.textContent = file.name;
    bar.hidden = false;
    bar.value = 0;
    announce(t('mat.uploading', { name: file.name }));
    const r = await upload(file, { material: m.key, matter: matterCode, onProgress: (p) => { bar.value = Math.round(p * 100); } });
    const f = { id: r.id, name: r.name || file.name, size: r.size || file.size, type: r.type };
    current = most > 1 ? current.concat([f]) : [f];
    bar.hidden = true;
    showStatus();
    announce(t('mat.uploaded', { name: f.name, size: fmtSize(f.size) }));
    if (onChange) onChange();   // the wizard keeps it (and its draft) at once
  }

  let busy = null;
  input.addEventListener('change', () => {
    const chosen = [...(input.files || [])];
    if (!chosen.length) return;
    for (const file of chosen) {
      const ext = (file.name.match(/\.[^.]+$/) || [''])[0].toLowerCase();
      if (accept && !accept.split(',').includes(ext)) { setError(t('mat.bad_format', { name: L(m.name), formats: list(formats.map((f) => f.toUpperCase())) })); return; }
      if (m.max_size && file.size > m.max_size) { setError(t('mat.too_big', { name: L(m.name), size: fmtSize(m.max_size) })); return; }
    }
    if (most > 1 && current.length + chosen.length > most) { setError(t('mat.too_many', { name: L(m.name), n: most })); return; }
    setError('');
    busy = (async () => { for (const file of chosen.slice(0, most)) await send(file); })()
      .catch((e) => {
        bar.hidden = true;
        setError((e instanceof ApiError && (e.errors[0] || {}).message) || e.message);
      })
      .finally(() => { busy = null; input.value = ''; });
  });

  return {
    el: wrap, key: m.key, id, m,
    get file() { return current[0] || null; },
    get files() { return current.slice(); },
    get error() { return err.hidden ? null : err.textContent; },
    async settle() { if (busy) await busy; },
    setError,
    validate() {
      if (busy) { setError(t('mat.wait')); return t('mat.wait'); }
      if (need && !current.length) { const msg = t('mat.missing', { name: L(m.name) }); setError(msg); return msg; }
      if (!err.hidden && !current.length) return err.textContent;
      setError('');
      return null;
    },
  };
}

const DELIVERY_SCHEMA = {
  fields: [
    { key: 'recipient', label: { zh: '收件人', en: 'Recipient' }, type: 'string', required: true, max_len: 50, autocomplete: 'name' },
    { key: 'phone', label: { zh: '收件人电话', en: "Recipient's phone" }, type: 'phone', required: true },
    { key: 'address', label: { zh: '邮寄地址', en: 'Postal address' }, type: 'address', required: true, max_len: 200, autocomplete: 'street-address' },
  ],
};

/* What a person has entered so far, per wizard (opts.memoryKey), kept in
 * memory only: switching the language or looking at the guide does not lose
 * it, and nothing stays behind in the browser's storage. */
const memory = new Map();

/* Runs the wizard in `root`. opts: matter, account, title, before (extra
 * steps: [{id, title, render(box, state) -> {check() -> errors list}}]),
 * submit(body, state) -> case, done(case). */
export async function wizard(root, opts) {
  const m = opts.matter;
  const regs = await regions().catch(() => []);
  const schema = m.form || { fields: [] };
  /* opts.heldTypes: the certificate types the applicant holds valid (a Set), when known */
  const heldFor = (mat) => !!(opts.heldTypes && mat.source && mat.source.startsWith('certificate:') &&
    opts.heldTypes.has(mat.source.slice(12)));
  const remembered = opts.memoryKey && memory.get(opts.memoryKey);
  const state = remembered && remembered.version === m.version ? remembered : {
    version: m.version,
    form: Object.assign(prefillFrom(opts.account, schema), opts.values || {}),
    files: {},
    delivery: { method: (m.delivery || ['electronic'])[0] },
    key: newKey(),
    extra: {},
    at: 0,
  };
  // a draft kept on the server (opts.draft): what was typed and uploaded survives a reload or another
  // device; it is read back when this browser holds nothing for the wizard
  if (!remembered && opts.draft) {
    const d = await opts.draft.load().catch(() => null);
    if (d) {
      Object.assign(state.form, d.form || {});
      for (const x of d.materials || []) if (x.file && x.file.id) state.files[x.key] = x.files && x.files.length ? x.files : [x.file];
      if (d.delivery && d.delivery.method) state.delivery = Object.assign({}, d.delivery);
      state.draft = { id: d.id, version: d.version };
      state.resumed = true;
    }
  }
  if (opts.memoryKey) memory.set(opts.memoryKey, state);
  let saving = Promise.resolve();
  const saveDraft = () => {
    if (!opts.draft) return saving;
    saving = saving.then(() => opts.draft.save(state)).catch(() => {});   // a failed save is tried at the next step
    return saving;
  };
  state.saved = () => saving;
  const steps = [...(opts.before || []),
    { id: 'form', title: 'wiz.form' },
    { id: 'materials', title: 'wiz.materials' },
    { id: 'delivery', title: 'wiz.delivery' },
    { id: 'review', title: 'wiz.review' }];
  let at = 0;
  let leave = null;       // saves the current step's input; returns errors when asked to check
  let pendingServerErrors = null;

  const heading = h('h1', { tabindex: '-1' }, opts.title);
  const progress = h('ol', { class: 'steps', 'aria-label': t('wiz.steps') });
  const box = h('div', { class: 'step-box' });
  const restart = opts.memoryKey ? h('button', { type: 'button', class: 'btn btn-link', onclick: async () => {
    // what was typed cannot be brought back: ask first
    const sure = await dialog({ title: t('wiz.restart_q'), body: h('p', null, t('wiz.restart_body')), ok: t('wiz.restart'), danger: true });
    if (!sure) return;
    memory.delete(opts.memoryKey);
    if (opts.draft && state.draft) await saving.then(() => opts.draft.discard(state)).catch(() => {});
    leave = null;
    root.textContent = '';
    await wizard(root, opts);
    announce(t('wiz.restarted'));
  } }, t('wiz.restart')) : null;
  root.append(heading, h('p', { class: 'lead' }, L(m.name), m.code ? [' · ', m.code] : null, restart ? ' ' : '', restart),
    state.resumed ? h('p', { class: 'panel panel-ok', role: 'status', id: 'draft-resumed' }, t('wiz.resumed')) : null, progress, box);

  function drawProgress() {
    progress.textContent = '';
    steps.forEach((s, i) => {
      progress.append(h('li', { class: i === at ? 'current' : i < at ? 'done' : '', 'aria-current': i === at ? 'step' : null },
        h('span', { class: 'step-n', 'aria-hidden': 'true' }, String(i + 1)), ' ', t(s.title),
        i < at ? h('span', { class: 'sr-only' }, t('wiz.done')) : null));
    });
  }

  function nav({ nextLabel, onNext, back = true }) {
    const bar = h('div', { class: 'actions wizard-actions' });
    bar.append(h('button', { type: 'submit', class: 'btn btn-primary' }, nextLabel || t('wiz.next')));
    if (back && at > 0) bar.append(h('button', { type: 'button', class: 'btn', onclick: () => show(at - 1, { save: true }) }, t('wiz.back')));
    return bar;
  }

  async function show(i, { save = false, focus = true } = {}) {
    if (save && leave) await leave(false);
    if (save) saveDraft();
    at = i;
    state.at = i;
    drawProgress();
    box.textContent = '';
    const s = steps[i];
    const form = h('form', { novalidate: true, class: 'step step-' + s.id, 'aria-labelledby': 'step-h' });
    const title = h('h2', { id: 'step-h', tabindex: '-1' }, t('wiz.step', { n: i + 1, total: steps.length }), ' ', t(s.title));
    form.append(title);
    box.append(form);
    if (s.render) {
      const part = s.render(form, state);
      leave = (check) => (part.check ? part.check(check) : []);
      form.append(nav({}));
    } else if (s.id === 'form') stepForm(form);
    else if (s.id === 'materials') stepMaterials(form);
    else if (s.id === 'delivery') stepDelivery(form);
    else stepReview(form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (s.id === 'review') return;
      const errs = await leave(true);
      if (errs && errs.length) return;
      saveDraft();
      show(at + 1);
    });
    if (focus) title.focus();
    announce(t('wiz.step', { n: i + 1, total: steps.length }) + ' ' + t(s.title));
  }

  function stepForm(form) {
    form.append(h('p', { class: 'hint' }, t(opts.formIntro || 'wiz.form.intro')));
    const ctl = renderForm(schema, { values: state.form, regions: regs.filter((r) => r.code !== '000000'), idPrefix: 'app' });
    form.append(ctl.el, nav({}));
    leave = (check) => {
      state.form = ctl.values();
      if (!check) return [];
      const errs = ctl.validate();
      if (errs.length) ctl.focusSummary();
      return errs;
    };
    if (pendingServerErrors) {
      const list = pendingServerErrors.filter((e) => ctl.keyOf(e.field));
      pendingServerErrors = null;
      ctl.showErrors(list);
      setTimeout(() => ctl.focusSummary(), 0);
    }
  }

  function stepMaterials(form) {
    form.append(h('p', { class: 'hint' }, t('wiz.materials.intro')));
    const summary = h('div', { class: 'summary-slot' });
    form.append(summary);
    /* The summary, once shown, follows the pickers: an upload refused or put right changes it at
     * once (it went stale before), without moving the focus; nothing left to say, it goes. */
    let shown = false;
    const refresh = () => {
      if (!shown) return;
      const errs = pickers.filter((p) => p.error).map((p) => ({ field: p.key, message: p.error }));
      summary.textContent = '';
      if (errs.length) summary.append(errorSummary(errs, (k) => (pickers.find((p) => p.key === k) || {}).id));
      else shown = false;
    };
    const pickers = (m.materials || []).map((mat) => materialPicker(mat, { matterCode: m.code, initial: state.files[mat.key], held: heldFor(mat), onChange: () => { refresh(); save(); saveDraft(); } }));
    for (const p of pickers) form.append(p.el);
    form.append(nav({}));
    const save = () => { for (const p of pickers) { if (p.file) state.files[p.key] = p.files; else delete state.files[p.key]; } };
    leave = async (check) => {
      if (check) for (const p of pickers) await p.settle();
      save();
      if (!check) return [];
      const errs = [];
      for (const p of pickers) { const e = p.validate(); if (e) errs.push({ field: p.key, message: e }); }
      summary.textContent = '';
      shown = errs.length > 0;
      if (errs.length) {
        const b = errorSummary(errs, (k) => (pickers.find((p) => p.key === k) || {}).id);
        summary.append(b);
        b.focus();
      }
      return errs;
    };
    if (pendingServerErrors) {
      const errs = [];
      for (const e of pendingServerErrors) {
        const k = String(e.field || '').replace(/^materials[.[]/, '').replace(/\]$/, '').split('.')[0];
        const p = pickers.find((x) => x.key === k);
        if (p) { p.setError(e.message); errs.push({ field: k, message: e.message }); }
      }
      pendingServerErrors = null;
      if (errs.length) { shown = true; refresh(); setTimeout(() => { const b = summary.querySelector('.error-summary'); if (b) b.focus(); }, 0); }
    }
  }

  function stepDelivery(form) {
    const methods = m.delivery && m.delivery.length ? m.delivery : ['electronic'];
    const group = h('fieldset', { class: 'choices', role: 'radiogroup' }, h('legend', { class: 'label' }, t('wiz.delivery.how')));
    const post = h('div', { class: 'post-fields' });
    let ctl = null;
    const drawPost = () => {
      post.textContent = '';
      ctl = null;
      if (state.delivery.method === 'post') {
        ctl = renderForm(DELIVERY_SCHEMA, { values: state.delivery, idPrefix: 'post' });
        post.append(ctl.el);
      }
    };
    methods.forEach((md, i) => {
      const id = 'dl-' + i;
      const r = h('input', { type: 'radio', name: 'delivery', id, value: md, checked: state.delivery.method === md });
      r.addEventListener('change', () => { if (r.checked) { state.delivery = Object.assign({}, state.delivery, { method: md }); drawPost(); } });
      group.append(h('div', { class: 'choice' }, r, h('label', { for: id }, t('delivery.' + md), h('span', { class: 'hint-inline' }, t('delivery.' + md + '.hint')))));
    });
    form.append(group, post, nav({}));
    drawPost();
    leave = (check) => {
      if (ctl) Object.assign(state.delivery, ctl.values());
      if (!check || !ctl) return [];
      const errs = ctl.validate();
      if (errs.length) ctl.focusSummary();
      return errs;
    };
  }

  function stepReview(form) {
    leave = () => [];
    const fields = schema.fields.map((f) => [L(f.label), displayValue(f, state.form[f.key], regs)]);
    const mats = (m.materials || []).map((mat) => [L(mat.name), state.files[mat.key] ? state.files[mat.key].map((f) => t('mat.uploaded', { name: f.name, size: fmtSize(f.size) })).join('; ') : heldFor(mat) ? t('mat.held') : (mat.source && mat.source !== 'upload' ? t('mat.shared') : t('mat.none'))]);
    const d = state.delivery;
    const edit = (i, label) => h('button', { type: 'button', class: 'btn btn-link', onclick: () => show(i) }, t('wiz.edit'), h('span', { class: 'sr-only' }, label));
    const idx = (id) => steps.findIndex((s) => s.id === id);
    if (opts.reviewExtra) form.append(opts.reviewExtra(state));
    form.append(
      h('section', { class: 'review-part', 'aria-labelledby': 'rv-form' }, h('h3', { id: 'rv-form' }, t('wiz.form'), ' ', edit(idx('form'), t('wiz.form'))), dl(fields)),
      h('section', { class: 'review-part', 'aria-labelledby': 'rv-mat' }, h('h3', { id: 'rv-mat' }, t('wiz.materials'), ' ', edit(idx('materials'), t('wiz.materials'))), dl(mats)),
      h('section', { class: 'review-part', 'aria-labelledby': 'rv-del' }, h('h3', { id: 'rv-del' }, t('wiz.delivery'), ' ', edit(idx('delivery'), t('wiz.delivery'))),
        dl([[t('wiz.delivery.how'), t('delivery.' + d.method)], [t('delivery.recipient'), d.method === 'post' ? d.recipient : null],
          [t('delivery.phone'), d.method === 'post' ? d.phone : null], [t('delivery.address'), d.method === 'post' ? d.address : null]])));
    const decl = renderForm({ fields: [{ key: 'declare', type: 'bool', widget: 'checkbox', required: true, label: { zh: '本人承诺所填写的内容和提交的材料真实、有效', en: 'I declare that the information and materials are true and valid' } }] }, { idPrefix: 'decl' });
    const out = h('div', { class: 'submit-result' });
    const submitBtn = h('button', { type: 'button', class: 'btn btn-primary' }, opts.submitLabel || t('wiz.submit'));
    form.append(decl.el, out, h('div', { class: 'actions wizard-actions' }, submitBtn,
      h('button', { type: 'button', class: 'btn', onclick: () => show(at - 1) }, t('wiz.back'))));
    const doSubmit = async () => {
      out.textContent = '';
      if (decl.validate().length) { decl.focusSummary(); return; }
      const body = {
        matter: m.code,
        form: state.form,
        materials: Object.entries(state.files).map(([key, f]) => materialEntry(key, f)),
        delivery: d.method === 'post' ? { method: 'post', recipient: d.recipient, phone: d.phone, address: d.address } : { method: d.method },
        submit: true,
      };
      submitBtn.disabled = true;
      submitBtn.textContent = t('wiz.submitting');
      try {
        const c = await opts.submit(body, state);
        if (opts.memoryKey) memory.delete(opts.memoryKey);
        announce(t('wiz.submitted'));
        opts.done(c);
      } catch (e) {
        submitBtn.disabled = false;
        submitBtn.textContent = opts.submitLabel || t('wiz.submit');
        if (e instanceof ApiError && e.status === 422 && e.errors.length) {
          const formErrs = e.errors.filter((x) => /^form\./.test(x.field || ''));
          const matErrs = e.errors.filter((x) => /^materials/.test(x.field || ''));
          const fromBefore = (opts.before || []).find((s) => s.owns && e.errors.some((x) => s.owns(x.field)));
          if (fromBefore) { pendingServerErrors = e.errors; state.extra.serverErrors = e.errors; show(steps.indexOf(fromBefore)); return; }
          if (formErrs.length) { pendingServerErrors = formErrs; show(idx('form'), { focus: false }); return; }
          if (matErrs.length) { pendingServerErrors = matErrs; show(idx('materials'), { focus: false }); return; }
        }
        showError(e, { out });
      }
    };
    form.addEventListener('submit', (ev) => { ev.preventDefault(); doSubmit(); });
    submitBtn.addEventListener('click', doSubmit);
  }

  /* Leaving the page (or switching the language) keeps what was typed on the current step too. */
  addEventListener('onestop:leave', () => { if (leave) leave(false); }, { once: true });
  await show(Math.min(state.at || 0, steps.length - 1), { focus: false });
  return state;
}

export { focusById };
