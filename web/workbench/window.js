/* window.js — window intake (窗口受理): a clerk files an application for
 * someone at the window, or for someone through an agent (帮办代办): the
 * shared wizard with a first step naming the applicant and the agent. */
import { h, t, L, session, go, dl, matter, flash } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { renderForm } from '../shared/form.js';
import { wizard, materialPicker, prefillFrom } from '../shared/wizard.js';
import { ApiError } from '../shared/api.js';
import { showError } from '../shared/action.js';
import { deptMatters, lbl } from './common.js';
import TEXTS from './window.texts.js';

addTexts(TEXTS);

const RELATIONS = ['子女', '配偶', '父母', '其他亲属', '社区工作人员', '其他'];

function whoStep(box, state, schema) {
  const x = state.extra;
  x.channel = x.channel || 'window';
  const chan = renderForm({ fields: [{ key: 'channel', type: 'enum', widget: 'radio', required: true, label: lbl('win.channel'),
    options: [{ value: 'window', label: lbl('win.channel.window') }, { value: 'assisted', label: lbl('win.channel.assisted') }] }] }, { values: { channel: x.channel }, idPrefix: 'ch' });
  const who = renderForm({ fields: [
    { key: 'kind', type: 'enum', widget: 'radio', required: true, label: lbl('win.kind'), options: [{ value: 'person', label: lbl('win.kind.person') }, { value: 'enterprise', label: lbl('win.kind.enterprise') }] },
  ] }, { values: { kind: x.kind || 'person' }, idPrefix: 'wk' });
  const idSlot = h('div');
  const regSlot = h('div');
  const agentSlot = h('div');
  const problemSlot = h('div');
  let idCtl = null, agentCtl = null, auth = null, regCtl = null;
  /* A person with no account is registered here: the name on the ID card and
   * a mobile phone, to which the code to claim the account is sent. */
  const drawRegister = () => {
    regSlot.textContent = '';
    regCtl = null;
    if (!x.register) return;
    regCtl = renderForm({ fields: [
      { key: 'name', type: 'string', required: true, min_len: 2, max_len: 50, label: lbl('win.reg_name'), autocomplete: 'off' },
      { key: 'phone', type: 'phone', required: true, label: lbl('win.reg_phone'), help: lbl('win.reg_phone_hint') },
    ] }, { values: x.reg || {}, idPrefix: 'reg' });
    regSlot.append(h('section', { class: 'panel register-walkin', 'aria-labelledby': 'reg-h' },
      h('h3', { id: 'reg-h' }, t('win.reg_title')), h('p', { class: 'hint' }, t('win.reg_hint')), regCtl.el));
  };
  const drawId = () => {
    const kind = who.values().kind || 'person';
    const keep = idCtl ? idCtl.values() : { id_number: x.id_number, credit_code: x.credit_code };
    idSlot.textContent = '';
    idCtl = renderForm({ fields: [kind === 'enterprise'
      ? { key: 'credit_code', type: 'credit_code', required: true, label: lbl('win.credit_code'), help: lbl('win.registered_hint') }
      : { key: 'id_number', type: 'id_number', required: true, label: lbl('win.id_number'), help: lbl('win.registered_hint') }] }, { values: keep, idPrefix: 'wid' });
    idSlot.append(idCtl.el);
    x.register = false;
    drawRegister();
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
  box.append(chan.el, h('h3', null, t('win.applicant')), who.el, idSlot, regSlot, problemSlot, agentSlot);
  drawId();
  drawAgent();
  if (x.serverErrors) {
    const errs = x.serverErrors; x.serverErrors = null;
    idCtl.showErrors(errs.filter((e) => /^applicant\./.test(e.field || '')).map((e) => Object.assign({}, e, { field: e.field.replace(/^applicant\./, '') })));
    if (agentCtl) agentCtl.showErrors(errs.filter((e) => /^agent\./.test(e.field || '')).map((e) => Object.assign({}, e, { field: e.field.replace(/^agent\./, '') })));
  }
  /* The applicant's account, found by the ID number or registered now; the
   * intake form is filled from it (fields the clerk has typed are kept). */
  const findApplicant = async () => {
    problemSlot.textContent = '';
    const body = Object.assign({ id_number: x.id_number }, regCtl ? x.reg : {});
    try {
      const a = await api('/window/applicants', { method: 'POST', body });
      x.applicant = a;
      const pre = prefillFrom({ kind: 'person', name: a.name, id_number: a.id_number, phone: a.phone }, schema);
      for (const [k, v] of Object.entries(pre)) if (v && !state.form[k]) state.form[k] = v;
      if (a.created) flash(t('win.registered', { name: a.name, username: a.username }));
      x.register = false;
      return [];
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors.some((er) => er.code === 'unregistered') && !regCtl) {
        x.register = true;
        drawRegister();
        const list = e.errors.map((er) => ({ field: er.field, message: er.message }));
        regCtl.showErrors(list);
        return list;
      }
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.errors.length) {
        idCtl.showErrors(e.errors.filter((er) => er.field === 'id_number'));
        if (regCtl) regCtl.showErrors(e.errors.filter((er) => er.field !== 'id_number'));
        return e.errors;
      }
      showError(e, { out: problemSlot });
      return [{ field: 'id_number', message: e.message }];
    }
  };
  return {
    async check(strict) {
      x.kind = who.values().kind || 'person';
      Object.assign(x, { id_number: undefined, credit_code: undefined }, idCtl.values());
      if (agentCtl) x.agent = agentCtl.values();
      if (auth) { await auth.settle(); x.authorization = auth.file; }
      if (regCtl) x.reg = regCtl.values();
      if (!strict) return [];
      const errs = [...idCtl.validate()];
      if (regCtl) errs.push(...regCtl.validate());
      if (agentCtl) errs.push(...agentCtl.validate());
      if (auth) { const e = auth.validate(); if (e) errs.push({ field: 'authorization', message: e }); }
      if (!errs.length && x.kind === 'person') errs.push(...await findApplicant());
      if (errs.length) {
        const first = box.querySelector('[aria-invalid="true"]');
        if (first) first.focus();
      }
      return errs;
    },
  };
}

/* 当场受理: the clerk who has checked the materials in person says so, and
 * the case is accepted as it is filed (the server checks it is a window
 * filing and does both in one transaction). Unticked, it waits for intake. */
function acceptBox(x) {
  const box = h('input', { type: 'checkbox', id: 'win-accept', name: 'accept', 'aria-describedby': 'win-accept-hint' });
  box.checked = !!x.accept;
  box.addEventListener('change', () => { x.accept = box.checked; });
  return h('div', { class: 'field' }, h('div', { class: 'choice' }, box, h('label', { for: 'win-accept' }, t('win.accept'))),
    h('p', { class: 'hint', id: 'win-accept-hint' }, t('win.accept_hint')));
}

export async function pageWindow(page, _p, query) {
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
    formIntro: 'win.form_intro',
    before: [{ id: 'who', title: 'win.step_who', render: (box, st) => whoStep(box, st, m.form || { fields: [] }),
      owns: (f) => /^(applicant|agent|channel)/.test(f || '') }],
    reviewExtra: (state) => {
      const x = state.extra;
      return h('section', { class: 'review-part' }, h('h3', null, t('win.step_who')), dl([
        [t('win.channel'), t('win.channel.' + x.channel)],
        [x.kind === 'enterprise' ? t('win.credit_code') : t('win.id_number'), x.kind === 'enterprise' ? x.credit_code : x.id_number],
        [t('win.agent'), x.channel === 'assisted' && x.agent ? x.agent.name + '（' + (x.agent.relation || '') + '）' : null],
        [t('win.authorization'), x.channel === 'assisted' && x.authorization ? x.authorization.name : null],
      ]), m.immediate ? null : acceptBox(x));
    },
    submitLabel: t('win.submit'),
    submit: (body, state) => {
      const x = state.extra;
      body.channel = x.channel;
      body.applicant = x.kind === 'enterprise' ? { credit_code: x.credit_code } : { id_number: x.id_number };
      if (x.channel === 'assisted') body.agent = Object.assign({}, x.agent, { authorization_file: x.authorization && x.authorization.id });
      if (x.accept && !m.immediate) body.accept = true;
      return api('/cases', { method: 'POST', body, idem: state.key });
    },
    done: (c) => {
      page.textContent = '';
      page.append(h('h1', { tabindex: '-1' }, t('win.done')),
        h('div', { class: 'panel panel-ok', role: 'status' }, h('p', null, t('apply.done.number'), '：', h('strong', { class: 'mono case-number' }, c.number || c.id)),
          h('p', null, c.applicant ? t('win.done_for', { name: c.applicant.name }) : ''),
          h('p', null, c.status === 'accepted' ? t('win.done_accepted') : t('win.done_hint'))),
        h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/cases/' + c.id }, t('apply.done.view')), h('a', { class: 'btn', href: '#/window' }, t('win.another'))));
      page.querySelector('h1').focus();
    },
  });
}
