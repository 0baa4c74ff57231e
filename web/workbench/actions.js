/* actions.js — a case's actions in the workbench: the buttons the caller
 * may press, the form each one asks for (refusal with its legal basis, the
 * one-time correction notice, decision, suspension, extension, issue,
 * delivery), and sending it. */
import { h, t, L, announce, flash, todayYmd, fmtDay } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, problemView } from '../shared/api.js';
import { renderForm, errorSummary } from '../shared/form.js';
import { onSubmit } from '../shared/action.js';
import { lbl } from './common.js';
import { actionLabel } from '../shared/caseview.js';
/* the case words: the names of the actions, refusal and suspension reasons */
import CASE_TEXTS from '../shared/caseview.texts.js';
import TEXTS from './actions.texts.js';
import CERT_TEXTS from './certificates.texts.js';

addTexts(CASE_TEXTS);
addTexts(TEXTS);
addTexts(CERT_TEXTS);

const REFUSE = ['not_in_remit', 'not_a_licensing_matter', 'not_eligible', 'other_legal'];
const SUSPEND = ['hearing', 'expert_review', 'inspection', 'publicity'];
const opt = (prefix) => (v) => ({ value: v, label: { zh: t(prefix + v, {}, v, 'zh'), en: t(prefix + v, {}, v, 'en') } });

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
    case 'approve': return { opinion: t('af.default.opinion', { decision: actionLabel(c, 'approve') }) };
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

/* The date in five years (a certificate's validity, CERT_VALID_YEARS), 29 February as the 28th. */
function inYears(ymd, n) {
  const [y, m, d] = ymd.split('-');
  return String(Number(y) + n) + '-' + m + '-' + (m === '02' && d === '29' ? '28' : d);
}

/* Certificate fields typed one per line as "名称：内容" (or "name: value"). */
function parseFields(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*([^:：]+?)\s*[:：]\s*(.+?)\s*$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/* The issue step of a matter whose result is a certificate: what will be
 * signed, shown before the reviewer issues it (the number as typed, the
 * holder, issuer, dates, and the fields typed here), updated as they type. */
function issuePreview(c, ctx, form) {
  const res = (ctx.matter || {}).result || {};
  const fieldsBox = h('textarea', { id: 'ip-fields', name: 'cert_fields', rows: 3, 'aria-describedby': 'ip-fields-hint' });
  const facts = h('dl', { class: 'facts' });
  const today = todayYmd();
  function draw() {
    const v = form.values ? form.values() || {} : {};
    const num = (form.el.querySelector('[name="number"]') || {}).value || v.number || '';
    const rows = [[t('ip.type'), L(res.name) || res.certificate_type],
      [t('ip.number'), h('span', { class: 'mono' }, num || '—')],
      [t('ip.holder'), c.applicant ? h('span', { 'data-keep': 'name', lang: 'zh-CN' }, c.applicant.name) : '—'],
      [t('ip.issuer'), c.department ? L(c.department.name) || c.department.code : '—'],
      [t('ip.issued_on'), fmtDay(today)], [t('ip.valid_until'), fmtDay(inYears(today, 5))],
      ...Object.entries(parseFields(fieldsBox.value)).map(([k, x]) => [h('span', { 'data-keep': 'data' }, k), h('span', { 'data-keep': 'data' }, x)])];
    facts.replaceChildren(...rows.map(([k, x]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, x))));
  }
  form.el.addEventListener('input', draw);
  fieldsBox.addEventListener('input', draw);
  draw();
  const el = h('section', { class: 'cert-preview card', 'aria-labelledby': 'ip-h' },
    h('h4', { id: 'ip-h' }, t('ip.title')), h('p', { class: 'muted small' }, t('ip.intro')),
    h('label', { for: 'ip-fields' }, t('ip.fields')), h('p', { id: 'ip-fields-hint', class: 'muted small' }, t('ip.fields_hint')), fieldsBox,
    facts);
  return { el, fields: () => parseFields(fieldsBox.value) };
}

/* Confirm only what cannot be undone: starting the review is one click (the
 * decision that follows is confirmed); accepting starts the legal clock, so it
 * is confirmed. */
const ONE_CLICK = ['review'];
const STAFF_ACTIONS = ['accept', 'handle_now', 'refuse', 'request_correction', 'review', 'approve', 'deny', 'suspend', 'resume', 'extend', 'issue', 'deliver', 'complete'];

/* The actions the caller may take on the case, each opening its form;
 * reload(caseId) shows the case again after one went through. */
export function actionsPanel(c, ctx, reload) {
  const allowed = (c.allowed_actions || []).filter((a) => STAFF_ACTIONS.includes(a));
  const sec = h('section', { class: 'panel actions-panel', 'aria-labelledby': 'act-h' }, h('h2', { id: 'act-h' }, t('act.title')));
  if (!allowed.length) { sec.append(h('p', null, t('act.none'))); return sec; }
  const bar = h('div', { class: 'actions' });
  const area = h('div', { class: 'action-area' });
  sec.append(bar, area);
  const buttons = [];
  for (const a of allowed) {
    const b = h('button', { type: 'button', class: 'btn' + (['deny', 'refuse'].includes(a) ? ' btn-danger-outline' : a === 'accept' || a === 'approve' ? ' btn-primary' : ''), 'aria-expanded': 'false', 'aria-controls': 'action-area', 'data-action': a,
      onclick: () => (ONE_CLICK.includes(a) ? run(a) : open(a, b)) }, actionLabel(c, a));
    buttons.push(b);
    bar.append(b);
  }
  area.id = 'action-area';
  /* a step that changes nothing for anyone outside and is undone by the next one: no confirmation */
  async function run(a) {
    try {
      await api('/cases/' + c.id + '/actions/' + a, { method: 'POST', body: {}, ifMatch: c.version });
    } catch (e) { area.textContent = ''; area.append(problemView(e)); return; }
    announce(t('act.done', { action: actionLabel(c, a) }));
    await reload(c.id);
    flash(t('act.done', { action: actionLabel(c, a) }));
  }
  function open(a, btn) {
    for (const b of buttons) b.setAttribute('aria-expanded', b === btn ? 'true' : 'false');
    area.textContent = '';
    const f = h('form', { novalidate: true, class: 'action-form', 'aria-labelledby': 'af-h' }, h('h3', { id: 'af-h', tabindex: '-1' }, actionLabel(c, a)));
    let ctl = null, corr = null, preview = null;
    if (a === 'request_correction') { corr = correctionForm(c, ctx); f.append(corr.el); }
    else {
      const schema = actionSchema(a, c, ctx);
      if (schema) { ctl = renderForm(schema, { values: actionDefaults(a, c, ctx), idPrefix: 'af' }); f.append(ctl.el); }
      if (a === 'issue' && ctl && ((ctx.matter || {}).result || {}).kind === 'certificate') { preview = issuePreview(c, ctx, ctl); f.append(preview.el); }
      else f.append(h('p', null, t('act.confirm.' + a, {}, t('act.confirm'))));
    }
    const out = h('div');
    f.append(out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('act.do', { action: actionLabel(c, a) })),
      h('button', { type: 'button', class: 'btn', onclick: () => { area.textContent = ''; btn.setAttribute('aria-expanded', 'false'); btn.focus(); } }, t('cancel'))));
    area.append(f);
    f.querySelector('h3').focus();
    onSubmit(f, { out, form: ctl }, async () => {
      const body = corr ? corr.collect() : ctl ? ctl.values() : {};
      if (!body) return;
      if (preview && Object.keys(preview.fields()).length) body.fields = preview.fields();
      await api('/cases/' + c.id + '/actions/' + a, { method: 'POST', body, ifMatch: c.version });
      announce(t('act.done', { action: actionLabel(c, a) }));
      await reload(c.id);
      flash(t('act.done', { action: actionLabel(c, a) }));
    });
  }
  return sec;
}
