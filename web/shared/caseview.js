/* caseview.js — how a case (办件) is shown, the same in the portal and the
 * workbench: its header, clock, form, materials (with in-page preview),
 * correction notice and timeline. */
import { h, t, L, lang, dl, fmtTime, fmtDay, fmtSize, fmtMoney, colourBadge, statusBadge, regions, matter, announce } from './frame.js';
import { addTexts, colon, paren } from './i18n.js';
import { api, fileUrl } from './api.js';
import { displayValue, renderForm } from './form.js';
import { onSubmit } from './action.js';
import TEXTS from './caseview.texts.js';

addTexts(TEXTS);

export async function caseContext(c) {
  const [m, regs] = await Promise.all([
    matter(c.matter.code, c.matter.version).catch(() => null),
    regions().catch(() => []),
  ]);
  return { matter: m, regions: regs };
}

export function caseHeader(c, { level = 'h1' } = {}) {
  return h('div', { class: 'case-head' },
    h(level, { tabindex: '-1' }, L(c.matter && c.matter.name) || t('case.case')),
    h('p', { class: 'case-meta' },
      h('span', null, t('case.number'), colon(), h('strong', { class: 'mono' }, c.number || c.id)), ' ',
      statusBadge(c), ' ', colourBadge(c.clock && c.clock.colour)));
}

export function clockBox(c) {
  const k = c.clock || {};
  const sec = (body) => h('section', { class: 'panel clock clock-' + (k.finished ? 'none' : k.colour || 'none'), 'aria-labelledby': 'clock-h' },
    h('h2', { id: 'clock-h' }, t('clock.title')), body);
  if (!k.started) {
    return sec(h('p', null, c.status === 'draft' ? t('clock.draft') : ['completed', 'refused', 'withdrawn', 'denied'].includes(c.status) ? t('clock.finished') : t('clock.not_started')));
  }
  const left = k.days_left === undefined ? null : k.days_left < 0 ? t('clock.overdue', { n: -k.days_left }) : t('days', { n: k.days_left });
  const state = k.finished ? t('clock.done') : k.paused ? t('clock.paused') : h('span', null, colourBadge(k.colour) || t('clock.running'), k.extended ? ' ' + t('clock.extended') : '');
  return sec(dl([
    [t('clock.accepted_on'), k.accepted_on ? fmtDay(k.accepted_on) : null],
    [t('clock.deadline'), k.deadline ? h('span', null, fmtDay(k.deadline), k.provisional ? h('span', { class: 'muted' }, ' ' + t('clock.provisional')) : null) : null],
    [t('clock.limit'), k.total_days !== undefined ? t('workdays', { n: k.total_days }) : null],
    [t('clock.used'), k.days_used !== undefined ? t('workdays', { n: k.days_used }) : null],
    [t('clock.left'), k.finished ? null : left],
    [t('clock.state'), state],
  ]));
}

export function formView(c, ctx) {
  const fields = ctx.matter && ctx.matter.form ? ctx.matter.form.fields : [];
  const form = c.form || {};
  const pairs = [];
  const seen = new Set();
  for (const f of fields) {
    seen.add(f.key);
    pairs.push([L(f.label), displayValue(f, form[f.key], ctx.regions)]);
  }
  for (const [k, v] of Object.entries(form)) if (!seen.has(k)) pairs.push([k, String(v)]);
  return h('section', { class: 'panel', 'aria-labelledby': 'form-h' }, h('h2', { id: 'form-h' }, t('case.form')), dl(pairs, 'facts facts-wide'));
}

function isImage(file) { return file && ['png', 'jpeg', 'jpg'].includes(String(file.type).toLowerCase()); }
function isPdf(file) { return file && String(file.type).toLowerCase() === 'pdf'; }

/* One material's preview: images inline, PDFs in a frame. */
export function preview(file, name) {
  const url = fileUrl(file.id);
  if (isImage(file)) return h('img', { class: 'preview-img', src: url, alt: t('mat.preview_of', { name }) });
  if (isPdf(file)) return h('iframe', { class: 'preview-pdf', src: url, title: t('mat.preview_of', { name }) });
  return h('p', null, t('mat.no_preview'));
}

/* The materials; with previews, one viewer below the list shows the chosen
 * material (the first one to begin with): images inline, PDFs in a frame. */
export function materialsView(c, { previews = false } = {}) {
  const mats = c.materials || [];
  const list = h('ul', { class: 'materials' });
  const viewer = h('div', { class: 'preview', id: 'preview-' + c.id, role: 'region', 'aria-label': t('mat.viewer') });
  const buttons = [];
  const show = (m, name, btn) => {
    viewer.textContent = '';
    viewer.append(h('p', { class: 'preview-title' }, t('mat.preview_of', { name })), preview(m.file, name));
    for (const b of buttons) b.setAttribute('aria-pressed', b === btn ? 'true' : 'false');
  };
  for (const m of mats) {
    const name = L(m.name) || m.key;
    const li = h('li', { class: 'material' });
    const line = h('div', { class: 'material-line' },
      h('span', { class: 'material-name' }, name, m.required ? h('span', { class: 'req' }, t('form.required')) : null));
    /* each file by its name: a material of several pages (正反面) has one line per file */
    const files = m.files && m.files.length ? m.files : m.file ? [m.file] : [];
    const lines = files.map((f) => {
      const label = files.length > 1 ? name + ' · ' + (f.name || '') : name;
      const fl = h('div', { class: 'material-file' }, h('span', { class: 'file-label' }, f.name || ''),
        h('span', { class: 'muted' }, ' ', String(f.type || '').toUpperCase(), ' ', fmtSize(f.size)),
        ' ', h('a', { href: fileUrl(f.id), target: '_blank', rel: 'noopener' }, t('mat.open'), h('span', { class: 'sr-only' }, colon() + label)));
      if (previews) {
        const btn = h('button', { type: 'button', class: 'btn btn-small', 'aria-pressed': 'false', 'aria-controls': viewer.id }, t('mat.preview'), h('span', { class: 'sr-only' }, colon() + label));
        btn.addEventListener('click', () => show({ file: f }, label, btn));
        buttons.push(btn);
        fl.append(' ', btn);
        if (buttons.length === 1) queueMicrotask(() => show({ file: f }, label, btn));
      }
      return fl;
    });
    if (!files.length) line.append(' ', h('span', { class: 'muted' }, t('mat.none')));
    li.append(line, ...lines);
    list.append(li);
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'mat-h' }, h('h2', { id: 'mat-h' }, t('case.materials')),
    mats.length ? list : h('p', null, t('mat.none_at_all')), previews && buttons.length ? viewer : null);
}

export function itemLabel(item, c, ctx) {
  if (item.kind === 'field') {
    const f = ctx.matter && ctx.matter.form && ctx.matter.form.fields.find((x) => x.key === item.key);
    return f ? L(f.label) : item.key;
  }
  const m = (c.materials || []).find((x) => x.key === item.key) || (ctx.matter && (ctx.matter.materials || []).find((x) => x.key === item.key));
  return m ? L(m.name) : item.key;
}

/* The correction notice: while the case waits for it, a warning at the top,
 * addressed to the applicant ("您") or, in the workbench (staff), about the
 * applicant; once answered, a folded record for the page's end. */
export function correctionView(c, ctx, { staff = false } = {}) {
  const items = (c.correction && c.correction.items) || [];
  if (!items.length) return null;
  const ul = h('ul', { class: 'checklist' });
  for (const it of items) {
    ul.append(h('li', null, h('strong', null, t('corr.kind.' + it.kind), colon(), itemLabel(it, c, ctx)), h('br'), h('span', null, it.reason || '')));
  }
  const intro = h('p', null, t(staff ? 'corr.intro_staff' : 'corr.intro', { n: items.length }));
  if (!correctionOpen(c)) {
    return h('section', { class: 'panel correction-answered', 'aria-labelledby': 'corr-h' },
      h('h2', { id: 'corr-h' }, t('corr.answered')), h('details', null, h('summary', null, t('corr.show', { n: items.length })), intro, ul));
  }
  return h('section', { class: 'panel panel-warn', 'aria-labelledby': 'corr-h' },
    h('h2', { id: 'corr-h' }, t('corr.title')), intro, ul);
}

/* True while the correction notice waits for its answer. */
export function correctionOpen(c) { return c.status === 'correction'; }

const ISO = /^\d{4}-\d{2}-\d{2}T/;
/* A note's value as shown: a date, a yes/no and a coded word in the page's
 * language; a text someone wrote (an opinion, a title, a reason in their
 * words) as written, marked as such (data-keep: see the English check). */
function noteValue(k, v, action) {
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (typeof v !== 'string') return String(v);
  if (ISO.test(v)) return fmtTime(v);
  if (k === 'channel') return t('channel.' + v, {}, v);
  if (k === 'method') return t('delivery.' + v, {}, v);
  if (k === 'kind' || k === 'procedure') return t('suspend.' + v, {}, t('refuse.' + v, {}, v));
  if (k === 'reason' && action === 'refuse') return t('refuse.' + v, {}, v);
  return h('span', { 'data-keep': 'data' }, v);
}

/* The parts of a note worth showing, as label: value nodes. */
export function noteNodes(note, action) {
  if (!note || typeof note !== 'object') return [];
  const parts = [];
  for (const [k, v] of Object.entries(note)) {
    if (v === null || v === '' || typeof v === 'object' || k === 'at') continue;
    if (k === 'kind' && (action === 'approve' || action === 'deny')) continue;
    if (parts.length) parts.push(lang() === 'en' ? '; ' : '；');
    parts.push(t('note.' + k, {}, k) + colon(), noteValue(k, v, action));
  }
  return parts;
}

/* What an action is called on this case: the decision in the words of what the
 * matter grants (准予登记 for a registration, 准予许可 for a licence). */
export function actionLabel(c, a) {
  const w = c && c.decision_words;
  if (w && (a === 'approve' || a === 'deny') && w[a]) return L(w[a]);
  return t('action.' + a, {}, a);
}

/* What an answered correction changed (the note's `changed`): each field
 * before and after, each material replaced; labels from the matter. */
function changesView(changed, ctx) {
  const m = (ctx && ctx.matter) || {};
  const field = (k) => ((m.form && m.form.fields) || []).find((f) => f.key === k);
  const mat = (k) => (m.materials || []).find((x) => x.key === k);
  const items = [
    ...Object.entries(changed.fields || {}).map(([k, v]) => h('li', null, (field(k) ? L(field(k).label) : k) + colon(),
      h('span', { 'data-keep': 'data' }, displayValue(field(k), v.from, ctx && ctx.regions)), ' → ',
      h('span', { 'data-keep': 'data' }, displayValue(field(k), v.to, ctx && ctx.regions)))),
    ...(changed.materials || []).map((k) => h('li', null, (mat(k) ? L(mat(k).name) : k) + colon() + t('tl.replaced'))),
  ];
  return items.length ? h('div', { class: 'tl-changes' }, h('span', { class: 'muted' }, t('tl.changed')), h('ul', null, items)) : null;
}

export function timelineView(c, ctx) {
  const ol = h('ol', { class: 'timeline' });
  for (const e of c.timeline || []) {
    const what = actionLabel(c, e.action);
    ol.append(h('li', { class: 'tl-item' },
      h('span', { class: 'tl-time' }, h('time', { datetime: e.at }, fmtTime(e.at))),
      h('span', { class: 'tl-what' }, h('strong', null, what),
        e.to ? h('span', { class: 'muted' }, ' → ', t('status.' + e.to, {}, e.to)) : null),
      h('span', { class: 'tl-who muted' }, e.role ? t('role.' + e.role, {}, e.role) : ''),
      noteNodes(e.note, e.action).length ? h('span', { class: 'tl-note' }, noteNodes(e.note, e.action)) : null,
      e.note && e.note.changed ? changesView(e.note.changed, ctx) : null));
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, t('case.timeline')),
    (c.timeline || []).length ? ol : h('p', null, t('case.no_events')));
}

/* The decision, the result, and any special procedure, extension or delivery. */
export function decisionView(c) {
  const parts = [];
  const d = c.decision, r = c.result, sp = c.suspension, ex = c.extension, dr = c.delivery_record;
  const pairsOf = (obj, action, skip = []) => Object.entries(obj).filter(([k, v]) => v !== null && v !== '' && typeof v !== 'object' && !skip.includes(k))
    .map(([k, v]) => [t('note.' + k, {}, k), noteValue(k, v, action)]);
  if (d) parts.push(h('h3', null, t('dec.decision'), colon(), d.kind === 'refuse' ? t('status.refused') : actionLabel(c, d.kind === 'deny' ? 'deny' : 'approve')),
    dl(pairsOf(d, d.kind, ['kind'])));
  if (r) parts.push(h('h3', null, t('dec.result')), dl([[t('note.kind'), r.kind === 'certificate' ? t('dec.certificate') : t('dec.document')], ...pairsOf(r, 'issue', ['kind'])]));
  if (sp) parts.push(h('h3', null, t('dec.suspension')), dl(pairsOf(sp, 'suspend')));
  if (ex) parts.push(h('h3', null, t('dec.extension')), dl(pairsOf(ex, 'extend')));
  if (dr) parts.push(h('h3', null, t('dec.delivery')), dl(pairsOf(dr, 'deliver')));
  if (!parts.length) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'dec-h' }, h('h2', { id: 'dec-h' }, t('case.decision')), parts);
}

/* The payment notice (缴款通知书) of a matter with a fee: the sum, the
 * payment code and how to pay it (at the window, or online with the code),
 * then the receipt once paid. With `record` (a window clerk of the case's
 * department, in the workbench) a form records the money taken at the
 * window; onRecorded() runs once it went through. */
export function paymentView(c, { record = false, onRecorded = null } = {}) {
  const p = c.payment;
  if (!p) return null;
  const badge = h('span', { class: 'badge badge-' + (p.status === 'paid' ? 'green' : p.status === 'issued' ? 'yellow' : 'none') },
    t('pay.status.' + p.status, {}, L(p.status_label)));
  const pairs = [
    [t('pay.amount'), fmtMoney(p.amount_fen)],
    [t('pay.code'), h('strong', { class: 'mono payment-code' }, p.payment_code)],
    [t('pay.status'), badge],
    [t('pay.issued_at'), fmtTime(p.issued_at)],
    [t('pay.paid_at'), p.paid_at ? fmtTime(p.paid_at) : null],
    [t('pay.channel'), p.channel ? t('pay.channel.' + p.channel, {}, p.channel) : null],
    [t('pay.method'), p.method ? t('pay.method.' + p.method, {}, p.method) : null],
    [t('pay.receipt'), p.receipt_number ? h('span', { class: 'mono' }, p.receipt_number) : null],
    [t('pay.txn'), p.transaction_id ? h('span', { class: 'mono' }, p.transaction_id) : null],
  ];
  const sec = h('section', { class: 'panel' + (p.status === 'issued' ? ' panel-warn' : ''), 'aria-labelledby': 'pay-h' },
    h('h2', { id: 'pay-h' }, t('pay.title')), dl(pairs));
  if (p.status === 'issued') {
    const where = c.department ? L(c.department.name) || c.department.code : '';
    sec.append(h('h3', null, t('pay.how')), h('ul', { class: 'pay-how' },
      h('li', null, t('pay.window', { place: where })),
      h('li', null, t('pay.online', { code: p.payment_code }))));
    if (p.result_waits) sec.append(h('p', { class: 'hint' }, t('pay.waits')));
  } else if (p.status === 'cancelled') {
    sec.append(h('p', { class: 'hint' }, t('pay.cancelled_note')));
  }
  if (record && p.status === 'issued') sec.append(recordForm(c, p, onRecorded));
  return sec;
}

function recordForm(c, p, onRecorded) {
  const opt = (v) => ({ value: v, label: { zh: t('pay.method.' + v, {}, v, 'zh'), en: t('pay.method.' + v, {}, v, 'en') } });
  const lab = (k) => ({ zh: t(k, {}, k, 'zh'), en: t(k, {}, k, 'en') });
  const ctl = renderForm({ fields: [
    { key: 'payment_code', type: 'string', required: true, max_len: 32, label: lab('pay.code'), help: lab('pay.code_help') },
    { key: 'amount_fen', type: 'int', required: true, min: 1, max: 100000000, label: lab('pay.amount_fen') },
    { key: 'method', type: 'enum', required: true, widget: 'select', options: ['cash', 'card', 'mobile'].map(opt), label: lab('pay.method') },
  ] }, { values: { payment_code: p.payment_code, amount_fen: p.amount_fen, method: 'cash' }, idPrefix: 'pay' });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('pay.record'));
  const f = h('form', { novalidate: true, class: 'action-form', 'aria-labelledby': 'payrec-h' },
    h('h3', { id: 'payrec-h' }, t('pay.record')), ctl.el, out, h('div', { class: 'actions' }, button));
  onSubmit(f, { out, form: ctl, button }, async () => {
    const v = ctl.values();
    const n = await api('/cases/' + encodeURIComponent(c.id) + '/payment', { method: 'POST',
      body: { payment_code: String(v.payment_code || '').trim(), amount_fen: Number(v.amount_fen), method: v.method } });
    announce(t('pay.recorded', { receipt: n.receipt_number }));
    if (onRecorded) onRecorded(c.id);
  });
  return f;
}

export function caseSummaryPairs(c) {
  return [
    [t('case.department'), c.department ? L(c.department.name) || c.department.code : ''],
    [t('case.channel'), t('channel.' + c.channel, {}, c.channel)],
    [t('case.applicant'), c.applicant ? c.applicant.name : ''],
    [t('case.principal'), c.principal ? h('span', { 'data-keep': 'name' }, c.principal.name) : null],
    [t('case.agent'), c.agent ? [c.agent.name, c.agent.relation ? paren(c.agent.relation) : ''].join('') : null],
    [t('case.submitted_at'), c.submitted_at ? fmtTime(c.submitted_at) : null],
    [t('case.delivery'), c.delivery ? t('delivery.' + c.delivery.method, {}, c.delivery.method) : null],
  ];
}

/* Where the case stands in its matter's process (c.process, the guide's 办理流程):
 * the current step with its deadline, then the steps that remain; nothing once
 * the case is closed or ended outside the process (refused, withdrawn). */
export function stepsLeftView(c) {
  const p = c.process;
  const at = p && p.current ? p.steps.findIndex((s) => s.key === p.current) : -1;
  if (at < 0 || c.status === 'completed') return null;
  const paid = c.payment && c.payment.status === 'paid';
  const left = p.steps.slice(at).filter((s, i) => i === 0 || !(s.key === 'pay' && paid));
  return h('section', { class: 'panel', 'aria-labelledby': 'steps-h' }, h('h2', { id: 'steps-h' }, t('steps.title')),
    h('ol', { class: 'process', id: 'steps-left' }, left.map((s, i) => h('li', { class: 'process-step' + (i ? '' : ' current'), 'data-step': s.key, 'aria-current': i ? null : 'step' },
      h('strong', null, L(s.name)),
      i ? null : h('span', { class: 'muted' }, ' ', paren(t(p.due ? 'steps.current_due' : 'steps.current', { day: p.due ? fmtDay(p.due) : '' })).trim())))));
}

/* ---- a list of cases ---- */

const deadlineOf = (c) => (c.clock ? c.clock.deadline : c.deadline);

function caseRow(c) {
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: '#/cases/' + c.id, class: 'mono' }, c.number || c.id)),
    h('td', { 'data-label': t('case.matter') }, L(c.matter && c.matter.name)),
    h('td', { 'data-label': t('case.status') }, statusBadge(c)),
    h('td', { 'data-label': t('case.submitted_at') }, c.submitted_at ? fmtTime(c.submitted_at) : fmtTime(c.created_at)),
    h('td', { 'data-label': t('clock.deadline') }, deadlineOf(c) ? fmtDay(deadlineOf(c)) : '—', ' ', colourBadge(c.clock ? c.clock.colour : c.colour)));
}

export function casesTable(items) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', { class: 'sr-only' }, t('cases.caption')),
    h('thead', null, h('tr', null, ['case.number', 'case.matter', 'case.status', 'case.submitted_at', 'clock.deadline'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, items.map(caseRow))));
}


/* The bundle (一件事) a case is a step of: its name, this step's place in it,
 * and the steps that wait on this one; `link` to the bundle case (the applicant's portal). */
export function bundleView(c, { link = false } = {}) {
  const b = c.bundle;
  if (!b) return null;
  const name = h('strong', { 'data-keep': 'name' }, L(b.name) || b.bundle);
  const waiting = b.waiting || [];
  return h('section', { class: 'panel bundle-of-case', 'aria-labelledby': 'bofc-h' },
    h('h2', { id: 'bofc-h' }, t('case.bundle')),
    h('p', null, t('case.bundle.part'), name, link ? [' ', h('a', { href: '#/bundle-cases/' + b.id }, t('case.bundle.open'))] : null),
    waiting.length
      ? h('p', null, t('case.bundle.waiting'), h('span', { 'data-keep': 'name' }, waiting.map((w) => L(w.name) || w.matter).join('、')))
      : h('p', { class: 'muted' }, t('case.bundle.none_waiting')));
}
