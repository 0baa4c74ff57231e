/* account.js — creating an account (注册) as a person or an enterprise,
 * setting a new password with a reset code (忘记密码), and 我的账户 with the
 * choice of notification channels. Logging in is the frame's (loginPage). */
import { h, t, L, session, go, announce, flash } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import TEXTS from './account.texts.js';

addTexts(TEXTS);

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

export async function pageRegister(page) {
  const { renderForm } = await import('../shared/form.js');
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
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl }, async () => {   // ctl: the form drawn for the chosen kind
      const v = Object.assign({ kind }, ctl.values());
      await api('/accounts', { method: 'POST', body: v });
      await session.login(v.username, v.password);
      announce(t('register.done'));
      go('#/');
    });
  });
}

const FORGOT_SCHEMA = { fields: [
  { key: 'username', label: { zh: '用户名', en: 'Username' }, type: 'string', required: true, max_len: 64, autocomplete: 'username' },
  { key: 'phone', label: { zh: '注册手机号码', en: 'Registered mobile phone' }, type: 'phone', required: true, autocomplete: 'tel' },
] };

const CONFIRM_SCHEMA = { fields: [
  { key: 'username', label: { zh: '用户名', en: 'Username' }, type: 'string', required: true, max_len: 64, autocomplete: 'username' },
  { key: 'code', label: { zh: '验证码', en: 'Code' }, type: 'string', required: true, min_len: 6, max_len: 8, pattern: '^[0-9]{6}([0-9]{2})?$', autocomplete: 'one-time-code',
    help: { zh: '短信 6 位，窗口 8 位', en: '6 digits by SMS, 8 from the window' } },
  { key: 'new_password', label: { zh: '新密码', en: 'New password' }, type: 'string', widget: 'password', required: true, min_len: 8, max_len: 128, autocomplete: 'new-password',
    help: { zh: '8 位以上，须同时包含字母和数字', en: 'At least 8 characters, with letters and digits' } },
] };

/* Two small forms on one page: ask for a code by phone, then set the new
 * password with it (or with a code from the window). The first answer is the
 * same whatever matched, so the page only says what happens if it did. */
export async function pageForgot(page) {
  const { renderForm } = await import('../shared/form.js');
  page.append(h('h1', null, t('forgot.title')), h('p', null, t('forgot.intro')));
  const ask = renderForm(FORGOT_SCHEMA, { idPrefix: 'forgot' });
  const askOut = h('div', { role: 'status' });
  const f1 = h('form', { novalidate: true, class: 'narrow' }, ask.el, askOut,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('forgot.send'))));
  const set = renderForm(CONFIRM_SCHEMA, { idPrefix: 'reset' });
  const setOut = h('div');
  const heading = h('h2', { id: 'reset-title' }, t('forgot.set_title'));
  const f2 = h('form', { novalidate: true, class: 'narrow', 'aria-labelledby': 'reset-title' }, set.el, setOut,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('forgot.set'))));
  page.append(f1, h('p', null, h('a', { href: '#reset-title' }, t('forgot.have_code'))), heading, f2);
  f1.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out: askOut, form: ask }, async () => {
      const v = ask.values();
      const r = await api('/password-resets', { method: 'POST', body: v });
      askOut.textContent = L(r.message);
      announce(L(r.message));
      if (!set.values().username) set.setValue('username', v.username);
      set.focus('code');
    });
  });
  f2.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out: setOut, form: set }, async () => {
      await api('/password-resets/confirm', { method: 'POST', body: set.values() });
      announce(t('forgot.done'));
      go('#/login');
    });
  });
}

/* 我的账户: who is signed in, their email address (added or changed here, used
 * once the code sent to it is typed back: POST /api/v1/me/email and /confirm),
 * and the channels their messages reach them on (GET/PUT /api/v1/me/notifications). The in-app inbox is always on; SMS and
 * email are opt-in, each for an account with a phone or an address, and only
 * where the platform sends on that channel. */
export async function pageAccount(page) {
  page.append(h('h1', null, t('acct.title')));
  const me = session.account || {};
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of [['acct.username', me.username], ['acct.name', me.name],
    ['acct.phone', me.phone], ['acct.email', me.email]]) {
    dl.append(h('dt', null, t(k)), h('dd', null, v || t('acct.none')));
  }
  page.append(dl);
  const prefs = await api('/me/notifications');
  const offered = prefs.offered || [];
  if (session.isApplicant()) page.append(await emailPanel(me, offered.includes('email')));
  const out = h('div');
  const box = (id, on, enabled, label, hint) => {
    const input = h('input', { type: 'checkbox', id, checked: on, disabled: !enabled, 'aria-describedby': id + '-hint' });
    return { input, el: h('div', { class: 'field' }, h('label', { for: id }, input, ' ', label), h('p', { class: 'hint', id: id + '-hint' }, hint)) };
  };
  const why = (ch, has) => (!offered.includes(ch) ? t('acct.not_offered') : !has ? t(ch === 'sms' ? 'acct.no_phone' : 'acct.no_email') : t(ch === 'sms' ? 'acct.sms_hint' : 'acct.email_hint'));
  const inapp = box('n-inapp', true, false, t('acct.inapp'), t('acct.inapp_hint'));
  const sms = box('n-sms', prefs.sms, offered.includes('sms') && !!me.phone, t('acct.sms'), why('sms', !!me.phone));
  const email = box('n-email', prefs.email, offered.includes('email') && !!me.email, t('acct.email_ch'), why('email', !!me.email));
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('acct.save'));
  const f = h('form', { novalidate: true, class: 'narrow panel', 'aria-labelledby': 'n-h' },
    h('h2', { id: 'n-h' }, t('acct.notify')), h('p', { class: 'hint' }, t('acct.notify_intro')),
    h('fieldset', null, h('legend', { class: 'sr-only' }, t('acct.notify')), inapp.el, sms.el, email.el), out,
    h('div', { class: 'actions' }, button));
  page.append(f);
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, button }, async () => {
      const body = {};
      if (!sms.input.disabled) body.sms = sms.input.checked;
      if (!email.input.disabled) body.email = email.input.checked;
      if (!Object.keys(body).length) return;
      const now = await api('/me/notifications', { method: 'PUT', body });
      sms.input.checked = now.sms;
      email.input.checked = now.email;
      flash(t('acct.saved'));
      announce(t('acct.saved'));
    });
  });
}

const EMAIL_SCHEMA = { fields: [
  { key: 'email', label: { zh: '新的电子邮箱', en: 'New email address' }, type: 'email', required: true, autocomplete: 'email',
    help: { zh: '我们会向这个邮箱发送 6 位验证码；输入验证码后才会用它接收消息。', en: 'A 6-digit code is sent to this address; it is used for messages only once you type the code here.' } },
] };
const CODE_SCHEMA = { fields: [
  { key: 'code', label: { zh: '邮箱验证码', en: 'Code from the email' }, type: 'string', required: true, min_len: 6, max_len: 6, pattern: '^[0-9]{6}$',
    autocomplete: 'one-time-code', help: { zh: '6 位数字，30 分钟内有效', en: '6 digits, valid for 30 minutes' } },
] };

/* The email address: the code form while a new address waits for its code, and the form to give one. */
async function emailPanel(me, offered) {
  const sec = h('section', { class: 'narrow panel', 'aria-labelledby': 'e-h' }, h('h2', { id: 'e-h' }, t('acct.email_title')));
  if (!offered) { sec.append(h('p', { class: 'hint' }, t('acct.email_not_offered'))); return sec; }
  const { renderForm } = await import('../shared/form.js');
  const reload = async (msg) => { await session.load(); flash(msg); announce(msg); go('#/account'); };
  const pending = me.email_pending;
  if (pending) {
    const ctl = renderForm(CODE_SCHEMA, { idPrefix: 'ecode' });
    const out = h('div');
    const f = h('form', { novalidate: true }, h('p', { role: 'status' }, t('acct.email_sent', { email: pending.email })), ctl.el, out,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('acct.email_confirm'))));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submit({ out, form: ctl }, async () => {
        await api('/me/email/confirm', { method: 'POST', body: ctl.values() });
        await reload(t('acct.email_done'));
      });
    });
    sec.append(f);
  }
  const ctl = renderForm(EMAIL_SCHEMA, { idPrefix: 'email' });
  const out = h('div');
  const f = h('form', { novalidate: true, 'aria-label': t(me.email ? 'acct.email_change' : 'acct.email_add') }, ctl.el, out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: pending ? 'btn' : 'btn btn-primary' },
      t(pending ? 'acct.email_resend' : 'acct.email_send'))));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl }, async () => {
      const r = await api('/me/email', { method: 'POST', body: ctl.values() });
      await reload(t('acct.email_sent', { email: r.email_pending.email }));
    });
  });
  sec.append(h('h3', null, t(me.email ? 'acct.email_change' : 'acct.email_add')), f);
  return sec;
}
