/* policy-editor.js — a department head defines a policy (a draft of their
 * department): its texts in Chinese and English, period, benefit, whether it
 * is granted without an application (免申即享) or which 政策兑现 matter takes
 * the applications, and its eligibility as a decision table — the hit policy
 * and rows of conditions over the enterprise attributes, each row with the
 * benefit it gives. The server checks the table (an unknown attribute,
 * overlapping rows under "unique" …); each problem it names is shown at the
 * field, the row or the condition it is about, with a summary linking to them. */
import { h, t, go, flash, session } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, focusById } from '../shared/api.js';
import { renderForm, errorSummary } from '../shared/form.js';
import { submit } from '../shared/action.js';
import { attrLabel } from '../shared/policy.js';
import TEXTS from './policy-editor.texts.js';

addTexts(TEXTS);

const ATTRS = ['industry', 'size', 'district', 'tax_credit', 'employees', 'founded'];
const RANGED = { employees: 'number', founded: 'date' };
const lab = (k) => ({ zh: t(k, {}, k, 'zh'), en: t(k, {}, k, 'en') });
const opt = (v, k) => ({ value: v, label: lab(k) });
let seq = 0;

function schema(matters) {
  return {
    fields: [
      { key: 'title', type: 'string', required: true, max_len: 80, label: lab('wpe.f.title') },
      { key: 'title_en', type: 'string', max_len: 160, label: lab('wpe.f.title_en') },
      { key: 'text', type: 'text', required: true, max_len: 4000, label: lab('wpe.f.text') },
      { key: 'text_en', type: 'text', max_len: 8000, label: lab('wpe.f.text_en') },
      { key: 'benefit', type: 'string', required: true, max_len: 80, label: lab('wpe.f.benefit'), help: lab('wpe.f.benefit_help') },
      { key: 'benefit_en', type: 'string', max_len: 160, label: lab('wpe.f.benefit_en') },
      { key: 'period_start', type: 'date', required: true, label: lab('wpe.f.period_start') },
      { key: 'period_end', type: 'date', required: true, label: lab('wpe.f.period_end') },
      { key: 'auto_grant', type: 'bool', widget: 'checkbox', label: lab('wpe.f.auto_grant'), help: lab('wpe.f.auto_grant_help') },
      { key: 'matter', type: 'enum', widget: 'select', label: lab('wpe.f.matter'), help: lab('wpe.f.matter_help'),
        options: matters.map((m) => ({ value: m.code, label: m.name })) },
      { key: 'hit_policy', type: 'enum', widget: 'select', required: true, label: lab('wpe.f.hit_policy'), help: lab('wpe.f.hit_policy_help'),
        options: [opt('unique', 'wpe.hp.unique'), opt('first', 'wpe.hp.first'), opt('collect', 'wpe.hp.collect')] },
    ],
  };
}

/* An error paragraph tied to a control by aria-describedby. */
function errorFor(control, id) {
  const err = h('p', { class: 'field-error', id, hidden: true });
  control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  return err;
}

function setError(err, control, wrap, messages) {
  err.hidden = !messages.length;
  err.textContent = '';
  if (messages.length) err.append(h('span', { class: 'sr-only' }, t('form.error_prefix')), messages.join('；'));
  if (control) control.setAttribute('aria-invalid', messages.length ? 'true' : 'false');
  if (wrap) wrap.classList.toggle('has-error', messages.length > 0);
}

/* One condition of a row: attribute (any name may be typed; the known ones are offered), and either
 * values (text attributes) or a range (employees, founded). */
function conditionEditor(row, init = {}) {
  const id = 'pc' + (++seq);
  const attr = h('input', { id: id + '-attr', type: 'text', list: 'wpe-attrs', autocomplete: 'off', value: init.attr || '', class: 'input-short' });
  const values = h('input', { id: id + '-in', type: 'text', value: init.values || '' });
  const min = h('input', { id: id + '-min', type: 'text', value: init.min || '', class: 'input-short' });
  const max = h('input', { id: id + '-max', type: 'text', value: init.max || '', class: 'input-short' });
  const hintIn = h('p', { class: 'hint', id: id + '-in-hint' }, t('wpe.values_hint'));
  values.setAttribute('aria-describedby', id + '-in-hint');
  const err = errorFor(attr, id + '-err');
  const wrapIn = h('div', { class: 'field' }, h('label', { for: values.id, class: 'label' }, t('wpe.values')), hintIn, values);
  const wrapRange = h('div', { class: 'field-row' },
    h('div', { class: 'field' }, h('label', { for: min.id, class: 'label' }, t('wpe.min')), min),
    h('div', { class: 'field' }, h('label', { for: max.id, class: 'label' }, t('wpe.max')), max));
  const remove = h('button', { type: 'button', class: 'btn btn-small' }, t('wpe.cond_remove'));
  const attrWrap = h('div', { class: 'field' }, h('label', { for: attr.id, class: 'label' }, t('wpe.attribute')), err, attr);
  const box = h('fieldset', { class: 'condition' }, h('legend', null, t('wpe.condition')),
    attrWrap, wrapIn, wrapRange, h('div', { class: 'actions' }, remove));
  const shape = () => {
    const ranged = RANGED[attr.value.trim()];
    wrapIn.hidden = !!ranged;
    wrapRange.hidden = !ranged && attr.value.trim() !== '' && ATTRS.includes(attr.value.trim());
    for (const x of [min, max]) x.type = ranged === 'date' ? 'date' : 'text';
  };
  attr.addEventListener('input', shape);
  shape();
  const c = {
    el: box,
    attrId: attr.id,
    name: () => attr.value.trim(),
    json() {
      const a = attr.value.trim();
      const list = values.value.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean);
      if (!RANGED[a] && list.length) return { in: list };
      const num = (s) => (RANGED[a] === 'number' && /^-?\d+$/.test(s) ? Number(s) : s);
      const out = {};
      if (min.value.trim()) out.min = num(min.value.trim());
      if (max.value.trim()) out.max = num(max.value.trim());
      return out;
    },
    show(messages) { setError(err, attr, attrWrap, messages); },
  };
  remove.addEventListener('click', () => { row.drop(c); attr.focus(); });
  return c;
}

/* One row of the table: its conditions and its benefit (yuan on screen, fen to the server). */
function rowEditor(table, init = {}) {
  const id = 'pr' + (++seq);
  const conds = [];
  const list = h('div', { class: 'conditions' });
  const legend = h('legend');
  const benefit = h('input', { id: id + '-benefit', type: 'text', inputmode: 'decimal', value: init.yuan || '', class: 'input-short' });
  const benErr = errorFor(benefit, id + '-benefit-err');
  const err = h('p', { class: 'field-error', id: id + '-err', hidden: true, tabindex: '-1' });
  const addCond = h('button', { type: 'button', class: 'btn btn-small' }, t('wpe.cond_add'));
  const remove = h('button', { type: 'button', class: 'btn btn-small' });
  const box = h('fieldset', { class: 'card rule-row', 'aria-describedby': err.id }, legend, err, list,
    h('div', { class: 'actions' }, addCond),
    h('div', { class: 'field' }, h('label', { for: benefit.id, class: 'label' }, t('wpe.benefit_yuan')), benErr, benefit),
    h('div', { class: 'actions' }, remove));
  const r = {
    el: box,
    errId: err.id,
    benefitId: benefit.id,
    conds,
    add(ci) { const c = conditionEditor(r, ci); conds.push(c); list.append(c.el); return c; },
    drop(c) { conds.splice(conds.indexOf(c), 1); c.el.remove(); },
    number(n) { legend.textContent = t('wpe.row', { n }); remove.textContent = t('wpe.row_remove_n', { n }); },
    json() {
      const when = {};
      for (const c of conds) if (c.name()) when[c.name()] = c.json();
      const y = benefit.value.trim();
      return { when, benefit: /^\d+(\.\d{1,2})?$/.test(y) ? Math.round(Number(y) * 100) : null };
    },
    show(rowMsgs, benMsgs) {
      setError(err, null, box, rowMsgs);
      setError(benErr, benefit, null, benMsgs);
    },
  };
  for (const ci of init.conds || [{}]) r.add(ci);
  addCond.addEventListener('click', () => focusById(r.add().attrId));
  remove.addEventListener('click', () => table.drop(r));
  return r;
}

function tableEditor() {
  const rows = [];
  const list = h('div', { class: 'rule-rows' });
  const err = h('p', { class: 'field-error', id: 'wpe-rules-err', hidden: true, tabindex: '-1' });
  const add = h('button', { type: 'button', class: 'btn' }, t('wpe.row_add'));
  const datalist = h('datalist', { id: 'wpe-attrs' }, ...ATTRS.map((a) => h('option', { value: a }, attrLabel(a))));
  const el = h('section', { class: 'panel', 'aria-labelledby': 'wpe-rules-h' },
    h('h2', { id: 'wpe-rules-h' }, t('wpe.rules')), h('p', { class: 'hint' }, t('wpe.rules_hint')), datalist, err, list,
    h('div', { class: 'actions' }, add));
  const renumber = () => rows.forEach((r, i) => r.number(i + 1));
  const tb = {
    el,
    rows,
    add(init) { const r = rowEditor(tb, init); rows.push(r); list.append(r.el); renumber(); return r; },
    drop(r) { if (rows.length > 1) { rows.splice(rows.indexOf(r), 1); r.el.remove(); renumber(); } },
    json() { return rows.map((r) => r.json()); },
    /* field: eligibility.rules, eligibility.rules[i], eligibility.rules[i].benefit,
     * eligibility.rules[i].when.ATTR(...); returns the id of the control it is about, or null */
    idOf(field) {
      const m = /^eligibility\.rules(?:\[(\d+)\](?:\.(benefit|when\.([^.]+)))?)?/.exec(field || '');
      if (!m) return null;
      const r = m[1] !== undefined ? rows[Number(m[1])] : null;
      if (m[1] === undefined) return err.id;
      if (!r) return err.id;
      if (m[2] === 'benefit') return r.benefitId;
      if (m[3]) { const c = r.conds.find((x) => x.name() === m[3]); return c ? c.attrId : r.errId; }
      return r.errId;
    },
    show(list2) {
      const by = new Map();
      for (const e of list2) {
        const id = tb.idOf(e.field);
        if (!id) continue;
        if (!by.has(id)) by.set(id, []);
        by.get(id).push(e.message);
      }
      setError(err, null, null, by.get(err.id) || []);
      for (const r of rows) {
        r.show(by.get(r.errId) || [], by.get(r.benefitId) || []);
        for (const c of r.conds) c.show(by.get(c.attrId) || []);
      }
    },
  };
  add.addEventListener('click', () => focusById(tb.add().conds[0].attrId));
  return tb;
}

export async function pageNewPolicy(page) {
  page.append(h('nav', { class: 'breadcrumb', 'aria-label': t('wpe.crumbs') }, h('a', { href: '#/policies' }, t('wp.title'))),
    h('h1', null, t('wpe.title')), h('p', null, t('wpe.intro')));
  if (!session.has('dept_head')) { page.append(h('p', null, t('wpe.heads_only'))); return; }
  const dept = session.dept();
  const r = await api('/matters', { query: { department: dept, type: 'payment', limit: 100 } });
  const form = renderForm(schema(r.items || []), { idPrefix: 'wpe', values: { hit_policy: 'unique', matter: (r.items[0] || {}).code } });
  const matterWrap = form.items.get('matter').wrap;
  const auto = form.items.get('auto_grant').control;
  const toggle = () => { matterWrap.hidden = auto.checked; };
  auto.addEventListener('change', toggle);
  toggle();
  const table = tableEditor();
  table.add();
  const summary = h('div', { class: 'summary-slot' });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wpe.save'));
  const el = h('form', { class: 'policy-editor', novalidate: true }, summary, form.el, table.el, out, h('div', { class: 'actions' }, button));
  const topKey = (f) => (f === 'eligibility.hit_policy' || f === 'eligibility' ? 'hit_policy' : form.keyOf(f));
  const idFor = (f) => { const k = topKey(f); return k ? form.idOf(k) : table.idOf(f); };
  const ctl = {
    keyOf: (f) => topKey(f) || (table.idOf(f) ? f : null),
    validate: () => {
      const list = form.validate({ quiet: true });
      summary.textContent = '';
      if (list.length) summary.append(errorSummary(list, idFor));
      return list;
    },
    showErrors(list) {
      form.showErrors(list.filter((e) => topKey(e.field)).map((e) => ({ ...e, field: topKey(e.field) })), { summary: false });
      table.show(list.filter((e) => !topKey(e.field)));
      summary.textContent = '';
      summary.append(errorSummary(list, idFor));
    },
    focusSummary() { const b = summary.querySelector('.error-summary'); if (b) { b.focus(); b.scrollIntoView({ block: 'start' }); } },
  };
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const v = form.values();
      const body = { ...v, auto_grant: v.auto_grant === true, eligibility: { hit_policy: v.hit_policy, rules: table.json() } };
      delete body.hit_policy;
      if (body.auto_grant) delete body.matter;
      for (const k of ['title_en', 'text_en', 'benefit_en']) if (!body[k]) delete body[k];
      table.show([]);
      const p = await api('/policies', { method: 'POST', body });
      flash(t('wpe.saved', { title: p.title }));
      go('#/policies');
    });
  });
  page.append(el);
}
