/* frame.js — the frame every page shares: one layout (header, navigation,
 * main, footer), the session, hash routing, the language and large-text
 * switches, and small DOM and formatting helpers. An application's main
 * module (portal/main.js, workbench/main.js) calls start() with its
 * navigation and routes; lazy() loads a feature module when its page opens. */
import { t, lang, setLang, L, addTexts } from './i18n.js';
import { api, setCsrf, ApiError } from './api.js';
import { showError, onSubmit } from './action.js';
import TEXTS from './frame.texts.js';

addTexts(TEXTS);

/* ---- DOM ---- */

export function h(tag, props, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(3)) if (k !== null && k !== undefined && k !== false) e.append(k instanceof Node ? k : String(k));
  return e;
}

export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 30);
}

/* A short message at the top of main that stays until the next page. */
export function flash(text, kind = 'ok') {
  const main = document.getElementById('main');
  main.querySelectorAll(':scope > .flash').forEach((n) => n.remove());
  const box = h('div', { class: 'flash flash-' + kind, role: kind === 'error' ? 'alert' : null }, text);   // ok: announce() speaks it
  main.prepend(box);
  return box;
}

/* ---- paged lists (?limit=&cursor=, answered with next_cursor, as the case list pages) ---- */

/* Every row of a paged list, up to max, following next_cursor. */
export async function allItems(path, query = {}, max = 200) {
  let items = [];
  let cursor;
  do {
    const r = await api(path, { query: Object.assign({}, query, { limit: 100, cursor }) });
    items = items.concat(r.items || []);
    cursor = r.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

/* The status line of a paged list: its own count once every row is in, else how many are shown. */
export function pagedCount(el, n, more, key) {
  el.textContent = more ? t('pg.shown', { n }) : t(key, { n });
}

/* A 更多 button under a list whose page said `next`: each press fetches the page after and hands
 * its rows to add(items, more); it goes once the last page is in. null when nothing follows. */
export function moreButton(path, query, next, add) {
  if (!next) return null;
  let cursor = next;
  const b = h('button', { type: 'button', class: 'btn more' }, t('pg.more'));
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const r = await api(path, { query: Object.assign({}, query, { cursor }) });
      cursor = r.next_cursor;
      add(r.items || [], !!cursor);
      if (!cursor) b.remove();
    } catch (e) {
      flash(e.message, 'error');
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/* ---- formatting ---- */

const TZ = 'Asia/Shanghai';
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const g = (ty) => (p.find((x) => x.type === ty) || {}).value;
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour') === '24' ? '00' : g('hour')}:${g('minute')}`;
}

export function weekday(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function fmtDay(ymd) {
  if (!ymd || !/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return ymd || '';
  return ymd + ' ' + t('wd.' + weekday(ymd));
}

export function todayYmd(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return p;
}

export function fmtMoney(fen) {
  if (!fen) return t('fee.free');
  return '¥' + (fen / 100).toFixed(2);
}

export function fmtSize(n) {
  if (n === undefined || n === null) return '';
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(0) + ' KB';
  return (n / 1048576).toFixed(n % 1048576 ? 1 : 0) + ' MB';
}

/* Deadline colour: the word as well as the colour, never colour alone. */
export function colourBadge(colour) {
  if (!colour || colour === 'none') return null;
  return h('span', { class: 'badge badge-' + colour }, h('span', { class: 'dot', 'aria-hidden': 'true' }), t('colour.' + colour));
}

export function statusBadge(c) {
  const label = c.status_label ? L(c.status_label) : t('status.' + c.status);
  return h('span', { class: 'badge status status-' + c.status }, label);
}

/* ---- preferences ---- */

export function largeText() { return document.documentElement.classList.contains('a11y-large'); }
export function setLargeText(on) {
  document.documentElement.classList.toggle('a11y-large', on);
  try { localStorage.setItem('onestop.large', on ? '1' : '0'); } catch (e) { /* private mode */ }
}

/* ---- session ---- */

export const session = {
  account: null,
  async load() {
    try {
      const { account } = await api('/session');
      setCsrf(account && account.csrf_token);
      this.account = account;
    } catch (e) {
      this.account = null;
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
    }
    return this.account;
  },
  async login(username, password, otp) {
    const body = otp ? { username, password, otp } : { username, password };
    const r = await api('/session', { method: 'POST', body, quiet401: true });
    setCsrf(r.csrf_token);
    this.account = r.account;
    return r.account;
  },
  async logout() {
    try { await api('/session', { method: 'DELETE', quiet401: true }); } catch (e) { /* gone already */ }
    setCsrf('');
    this.account = null;
  },
  has(...roles) { return !!(this.account && (this.account.roles || []).some((r) => roles.includes(r))); },
  isStaff() { return this.has('window_clerk', 'reviewer', 'approver', 'dept_head', 'dispatcher', 'operator', 'supervisor', 'admin', 'security_admin', 'audit_admin'); },
  isApplicant() { return this.has('person', 'enterprise'); },
  dept() { const d = this.account && this.account.department; return d ? (typeof d === 'string' ? d : d.code) : ''; },
};

/* ---- routing ---- */

let cfg = null;
let renderSeq = 0;
let firstRender = true;

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function currentQuery() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? location.hash.slice(i + 1) : '');
}

function match(pattern, path) {
  const ps = pattern.split('/'), us = path.split('/');
  if (ps.length !== us.length) return null;
  const params = {};
  for (let i = 0; i < ps.length; i++) {
    if (ps[i].startsWith(':')) params[ps[i].slice(1)] = decodeURIComponent(us[i]);
    else if (ps[i] !== us[i]) return null;
  }
  return params;
}

export async function render() {
  const my = ++renderSeq;
  const main = document.getElementById('main');
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const path = raw.split('?')[0] || '/';
  const query = currentQuery();
  let route = null, params = {};
  for (const r of cfg.routes) {
    const m = match(r.path, path);
    if (m) { route = r; params = m; break; }
  }
  buildChrome(path);
  dispatchEvent(new Event('onestop:leave'));
  main.textContent = '';
  main.setAttribute('aria-busy', 'true');
  delete main.dataset.ready;
  const page = h('div', { class: 'page' });
  if (!route) {
    page.append(h('h1', { tabindex: '-1' }, t('page.not_found')), h('p', null, h('a', { href: '#/' }, t('nav.home'))));
  } else if (route.auth && !cfg.allowed(route.auth)) {
    if (session.account) {
      page.append(h('h1', { tabindex: '-1' }, t('page.forbidden')), h('p', null, t('page.forbidden.body')));
    } else {
      location.replace('#/login?next=' + encodeURIComponent('#' + raw));
      return;
    }
  } else {
    try {
      await route.render(page, params, query);
    } catch (e) {
      if (my !== renderSeq) return;
      if (!page.querySelector('h1')) page.prepend(h('h1', { tabindex: '-1' }, route.title ? t(route.title) : t('page.error')));
      showError(e, { out: page, focus: false });
      console.error(e);
    }
  }
  if (my !== renderSeq) return;
  main.append(page);
  main.removeAttribute('aria-busy');
  main.dataset.ready = location.hash || '#/';
  const h1 = page.querySelector('h1');
  document.title = (h1 ? h1.textContent + ' · ' : '') + t(cfg.app === 'workbench' ? 'app.workbench' : 'app.portal');
  if (!firstRender && h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

/* Header tools, navigation and footer, in the current language. */
function buildChrome(path) {
  const root = document.documentElement;
  root.lang = lang() === 'en' ? 'en' : 'zh-CN';
  document.getElementById('skip-link').textContent = t('skip');
  const brand = document.getElementById('brand');
  brand.querySelector('.brand-text').textContent = t('brand');
  brand.querySelector('.brand-sub').textContent = t(cfg.app === 'workbench' ? 'brand.workbench' : 'brand.portal');

  const tools = document.getElementById('tools');
  tools.textContent = '';
  const other = lang() === 'en' ? 'zh' : 'en';
  tools.append(
    h('button', { type: 'button', class: 'tool', lang: other === 'en' ? 'en' : 'zh-CN', 'data-keep': 'lang', onclick: () => { setLang(other); render(); announce(t('lang.changed')); } },
      other === 'en' ? 'English' : '中文'),
    h('button', { type: 'button', class: 'tool', 'aria-pressed': largeText() ? 'true' : 'false', onclick: (ev) => {
      setLargeText(!largeText());
      ev.currentTarget.setAttribute('aria-pressed', largeText() ? 'true' : 'false');
      announce(largeText() ? t('large.on') : t('large.off'));
    } }, t('large')));
  if (session.account) {
    tools.append(h('span', { class: 'who', 'data-keep': 'name' }, h('span', { class: 'sr-only' }, t('who.logged_in')), session.account.name),
      h('button', { type: 'button', class: 'tool', onclick: async () => {
        await session.logout();
        announce(t('logout.done'));
        go(cfg.app === 'workbench' ? '#/login' : '#/');
      } }, t('logout')));
  } else if (cfg.app !== 'workbench') {
    tools.append(h('a', { class: 'tool', href: '#/login' }, t('login')), h('a', { class: 'tool tool-primary', href: '#/register' }, t('register')));
  }

  const nav = document.getElementById('site-nav');
  nav.setAttribute('aria-label', t('nav.label'));
  nav.textContent = '';
  const ul = h('ul');
  for (const item of cfg.nav()) {
    if (item.show && !item.show()) continue;
    const active = item.match ? item.match.test(path) : path === item.href.slice(1);
    const n = item.badge ? item.badge() : 0;
    ul.append(h('li', null, h('a', { href: item.href, 'aria-current': active ? 'page' : null }, t(item.label),
      n > 0 ? h('span', { class: 'nav-badge' }, ' ', h('span', { class: 'count' }, String(n)), h('span', { class: 'sr-only' }, t('nav.unread', { n }))) : null)));
  }
  nav.append(ul);

  const foot = document.getElementById('site-footer');
  foot.textContent = '';
  foot.append(h('p', null, t('footer.line')), h('p', { class: 'small' }, t('footer.help')));
  // an application's own footer links (cfg.footer: [{href, label}]), e.g. the portal's 政务公开
  const links = cfg.footer ? cfg.footer() : [];
  if (links.length) foot.append(h('p', { class: 'small' }, links.flatMap((l, i) => [i ? ' · ' : '', h('a', { href: l.href }, t(l.label))])));
}

/* A route's render that loads its feature module first: the module is
 * fetched (with its texts) only when one of its pages opens. */
export function lazy(load, name) {
  return async (page, params, query) => (await load())[name](page, params, query);
}

/* Starts a page application. */
export async function start(c) {
  cfg = c;
  addEventListener('hashchange', () => { if (location.hash === '' || location.hash.startsWith('#/')) render(); });
  addEventListener('onestop:unauthorized', () => {
    if (!session.account) return;
    session.account = null;
    const raw = location.hash.startsWith('#/') ? location.hash : '#/';
    if (!raw.startsWith('#/login')) location.hash = '#/login?next=' + encodeURIComponent(raw);
  });
  try { await session.load(); } catch (e) { /* offline: pages show their own errors */ }
  await render();
}

/* ---- small shared widgets ---- */

/* A labelled definition list from [label, value] pairs (values may be nodes). */
export function dl(pairs, cls = 'facts') {
  const d = h('dl', { class: cls });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === false) continue;
    d.append(h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, v)));
  }
  return d;
}

/* A modal dialog (native <dialog>: focus stays inside, Esc closes). Resolves
 * with the value onOk returns, or null when cancelled. */
export function dialog({ title, body, ok, danger, onOk }) {
  return new Promise((resolve) => {
    const id = 'dlg-' + Math.random().toString(36).slice(2);
    const err = h('div', { class: 'dialog-error' });
    const okBtn = h('button', { type: 'submit', class: danger ? 'btn btn-danger' : 'btn btn-primary' }, ok || t('ok'));
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { id: id + '-t' }, title), body, err,
      h('div', { class: 'actions' }, okBtn, h('button', { type: 'button', class: 'btn', onclick: () => { d.close(); } }, t('cancel'))));
    const d = h('dialog', { 'aria-labelledby': id + '-t', class: 'dialog' }, form);
    let done = false;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      okBtn.disabled = true;
      try {
        const v = onOk ? await onOk() : true;
        if (v === false) { okBtn.disabled = false; return; }
        done = true;
        d.close();
        resolve(v);
      } catch (e) {
        okBtn.disabled = false;
        showError(e, { out: err, focus: false });
      }
    });
    d.addEventListener('close', () => { d.remove(); if (!done) resolve(null); });
    document.body.append(d);
    d.showModal();
  });
}

/* Loads once and caches (regions, departments, matters by version). */
const cache = new Map();
export function cached(key, fn) {
  if (!cache.has(key)) cache.set(key, fn().catch((e) => { cache.delete(key); throw e; }));
  return cache.get(key);
}
export const regions = () => cached('regions', async () => (await api('/regions')).items || []);
export const departments = () => cached('departments', async () => (await api('/departments')).items || []);
export const matter = (code, version) => cached('m:' + code + ':' + (version || ''), () => api('/matters/' + encodeURIComponent(code), { query: { version } }));

/* ---- the login page (portal and workbench) ---- */

const LOGIN_SCHEMA = { fields: [
  { key: 'username', label: { zh: '用户名', en: 'Username' }, type: 'string', required: true, max_len: 64, autocomplete: 'username' },
  { key: 'password', label: { zh: '密码', en: 'Password' }, type: 'string', widget: 'password', required: true, max_len: 256, autocomplete: 'current-password' },
] };
// Staff sign in with the 6-digit code of their authenticator app as well (RFC 6238).
const STAFF_LOGIN_SCHEMA = { fields: [...LOGIN_SCHEMA.fields,
  { key: 'otp', label: { zh: '动态验证码', en: 'One-time code' }, type: 'string', required: true, max_len: 8, autocomplete: 'one-time-code',
    help: { zh: '身份验证器应用显示的 6 位数字，每 30 秒更换', en: 'The 6 digits your authenticator app shows; they change every 30 seconds' } },
] };

export async function loginPage(page, query, { staff = false } = {}) {
  const { renderForm } = await import('./form.js');
  page.append(h('h1', null, staff ? t('login.staff_title') : t('login.title')));
  const ctl = renderForm(staff ? STAFF_LOGIN_SCHEMA : LOGIN_SCHEMA, { idPrefix: 'login' });
  const out = h('div');
  const f = h('form', { novalidate: true, class: 'narrow' }, ctl.el, out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('login'))));
  page.append(f);
  if (!staff) {
    page.append(h('p', null, h('a', { href: '#/forgot' }, t('login.forgot'))));
    page.append(h('p', null, t('login.no_account'), ' ', h('a', { href: '#/register' }, t('register'))));
  }
  onSubmit(f, { out, form: ctl, fieldErrors: false }, async () => {
    const v = ctl.values();
    const acc = await session.login(v.username, v.password, staff ? v.otp : undefined);
    announce(t('login.done', { name: acc.name }));
    const next = query.get('next');
    go(next && next.startsWith('#/') && !next.startsWith('#/login') ? next : staff ? '#/tasks' : '#/');
  });
}

export { t, L, lang };

